"""The officer's manifest pages: upload and check a file, read the findings, download the
error report, submit; the stored manifests. Reads go through the scoped, audited selectors;
writes through ``uploads`` and ``intake``, which check who may submit. The manifest page
with its plans spans apps: ``enlace.web.homes.manifest`` assembles it."""

from __future__ import annotations

import re
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enlace.access import Capability, capability_has
from enlace.access.policy import policy
from enlace.accounts.models import User

from . import selectors, uploads
from .findings import findings_page, report_csv
from .forms import ManifestUploadForm
from .intake import ManifestConflictError, ManifestRejectedError, manifest_submit_permitted

# Sent by ``upload.js``: answer with the next page's address instead of a redirect, so that
# the browser does not run the check twice.
UPLOAD_HEADER = "X-Enlace-Upload"


class SignedInRequest(HttpRequest):
    """What a ``@policy`` naming capabilities lets in: a request of a signed-in user.
    (One such class belongs in ``enlace.access.policy``; see the issue 13 report.)"""

    user: User


def report_response(content: str, name: str) -> HttpResponse:
    """An error report as a CSV download named after the manifest."""
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = re.sub(r"[^A-Za-z0-9._-]+", "-", name)[:100] + "-report.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@policy(Capability.MANIFEST_READ)
@require_GET
def manifest_list_view(request: SignedInRequest) -> HttpResponse:
    context = {
        "manifests": selectors.manifest_list(user=request.user),
        "can_upload": capability_has(request.user, Capability.MANIFEST_SUBMIT),
    }
    return render(request, "repatriation/manifest_list.html", context)


@policy(Capability.MANIFEST_SUBMIT)
@require_http_methods(["GET", "POST"])
def manifest_upload_view(request: SignedInRequest) -> HttpResponse:
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


@policy(Capability.MANIFEST_SUBMIT)
@require_GET
def manifest_format_view(request: SignedInRequest) -> HttpResponse:
    """The manifest format: its columns in order, with a template file to start from."""
    context = {"columns": [(name, uploads.TEMPLATE_ROW[name]) for name in uploads.COLUMNS]}
    return render(request, "repatriation/manifest_format.html", context)


@policy(Capability.MANIFEST_SUBMIT)
@require_GET
def manifest_template_view(request: SignedInRequest) -> HttpResponse:
    """A CSV file with the format's header and one synthetic example row."""
    response = HttpResponse(uploads.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="manifest-template.csv"'
    return response


@policy(Capability.MANIFEST_SUBMIT)
@require_GET
def upload_detail_view(request: SignedInRequest, token: UUID) -> HttpResponse:
    upload = selectors.upload_get(user=request.user, token=token)
    check = uploads.upload_check(upload=upload)
    context = {
        "upload": upload,
        "check": check,
        "form": ManifestUploadForm(),
        "can_submit": manifest_submit_permitted(
            actor=request.user, sending_office=check.sending_office
        ),
        **findings_page(check.rows, request.GET.get("severity", "")),
    }
    return render(request, "repatriation/upload_detail.html", context)


@policy(Capability.MANIFEST_SUBMIT)
@require_GET
def upload_report_view(request: SignedInRequest, token: UUID) -> HttpResponse:
    upload = selectors.upload_get(user=request.user, token=token)
    check = uploads.upload_check(upload=upload)
    return report_response(report_csv(check.rows), check.manifest_id or "manifest")


@policy(Capability.MANIFEST_SUBMIT)
@require_POST
def upload_submit_view(request: SignedInRequest, token: UUID) -> HttpResponse:
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


@policy(Capability.MANIFEST_READ)
@require_GET
def manifest_report_view(request: SignedInRequest, manifest_id: str) -> HttpResponse:
    manifest, rows = selectors.manifest_get(user=request.user, manifest_id=manifest_id)
    return report_response(report_csv(rows), manifest.manifest_id)
