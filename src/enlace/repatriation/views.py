"""The officer's manifest pages: upload and check a file, read the findings, download the
error report, submit; the stored manifests with their plans. Reads go through the scoped,
audited selectors; writes through ``uploads`` and ``intake``."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enlace.planning.selectors import plan_list
from enlace.planning.services import plan_permitted

from . import selectors, uploads
from .findings import SHOWN, report_csv, rows_filter
from .forms import ManifestUploadForm
from .intake import ManifestConflictError, ManifestRejectedError

# Sent by ``upload.js``: answer with the next page's address instead of a redirect, so that
# the browser does not run the check twice.
UPLOAD_HEADER = "X-Enlace-Upload"


def _sends(user: Any) -> bool:
    """Does the user's role submit manifests (Border Patrol / CBP, ICE removal)?"""
    return getattr(user, "role", "") in selectors.SENDING_ROLES


def _findings_context(request: HttpRequest, rows: list[Any]) -> dict[str, Any]:
    severity = request.GET.get("severity", "")
    shown = rows_filter(rows, severity)
    return {
        "severity": severity if shown is not rows else "",
        "rows": shown[:SHOWN],
        "rows_total": len(shown),
        "rows_cut": len(shown) > SHOWN,
    }


def _csv(content: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", name)[:100] + "-report.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def manifest_list_view(request: HttpRequest) -> HttpResponse:
    manifests = selectors.manifest_list(user=request.user)
    context = {"manifests": manifests, "can_upload": _sends(request.user)}
    return render(request, "repatriation/manifest_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def manifest_upload_view(request: HttpRequest) -> HttpResponse:
    if not _sends(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ManifestUploadForm(request.POST, request.FILES) if posted else ManifestUploadForm()
    if posted and form.is_valid():
        upload = uploads.manifest_upload_create(
            actor=request.user, content=form.cleaned_data["file"], source_name=form.source_name
        )
        location = reverse("repatriation:upload-detail", args=[upload.token])
        if request.headers.get(UPLOAD_HEADER):
            return JsonResponse({"location": location})
        return redirect(location)
    status = 400 if posted else 200
    return render(request, "repatriation/upload_form.html", {"form": form}, status=status)


@require_GET
@login_required
def upload_detail_view(request: HttpRequest, token: UUID) -> HttpResponse:
    upload = selectors.upload_get(user=request.user, token=token)
    check = uploads.upload_check(upload=upload)
    context = {
        "upload": upload,
        "check": check,
        "form": ManifestUploadForm(),
        "can_submit": uploads.submit_permitted(
            user=request.user, sending_office=check.sending_office
        ),
        **_findings_context(request, check.rows),
    }
    return render(request, "repatriation/upload_detail.html", context)


@require_GET
@login_required
def upload_report_view(request: HttpRequest, token: UUID) -> HttpResponse:
    upload = selectors.upload_get(user=request.user, token=token)
    check = uploads.upload_check(upload=upload)
    name = check.manifest_id or "manifest"
    return _csv(report_csv(check.rows), name)


@require_POST
@login_required
def upload_submit_view(request: HttpRequest, token: UUID) -> HttpResponse:
    upload = selectors.upload_get(user=request.user, token=token)
    try:
        result = uploads.manifest_upload_submit(actor=request.user, upload=upload)
    except ManifestRejectedError:
        messages.error(request, _("The file cannot be read; nothing was stored."))
        return redirect("repatriation:upload-detail", token=token)
    except ManifestConflictError as conflict:
        messages.error(
            request,
            _(
                "A different manifest is already stored under the id %(manifest_id)s. "
                "Give this file a new manifest id, or correct the stored one with its office."
            )
            % {"manifest_id": conflict.manifest_id},
        )
        return redirect("repatriation:upload-detail", token=token)
    manifest = result.manifest
    if result.created:
        messages.success(request, _("The manifest was submitted and stored."))
    else:
        messages.info(request, _("This manifest was already stored; nothing changed."))
    return redirect("repatriation:manifest-detail", manifest_id=manifest.manifest_id)


@require_GET
@login_required
def manifest_detail_view(request: HttpRequest, manifest_id: str) -> HttpResponse:
    manifest, rows = selectors.manifest_get(user=request.user, manifest_id=manifest_id)
    context = {
        "manifest": manifest,
        "plans": plan_list(user=request.user, manifest_id=manifest.manifest_id),
        "can_plan": plan_permitted(user=request.user, manifest=manifest),
        **_findings_context(request, rows),
    }
    return render(request, "repatriation/manifest_detail.html", context)


@require_GET
@login_required
def manifest_report_view(request: HttpRequest, manifest_id: str) -> HttpResponse:
    manifest, rows = selectors.manifest_get(user=request.user, manifest_id=manifest_id)
    return _csv(report_csv(rows), manifest.manifest_id)
