from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
@login_required
def manifest_list_view(request: HttpRequest) -> HttpResponse:
    manifests = selectors.manifest_list(user=request.user)
    return render(request, "repatriation/manifest_list.html", {"manifests": manifests})


@require_GET
@login_required
def manifest_detail_view(request: HttpRequest, manifest_id: str) -> HttpResponse:
    manifest, findings = selectors.manifest_get(user=request.user, manifest_id=manifest_id)
    context = {"manifest": manifest, "findings": findings}
    return render(request, "repatriation/manifest_detail.html", context)
