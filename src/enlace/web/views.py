"""The home page: one screen per role, showing that role's work and nothing more."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enlace.access.policy import policy

from . import selectors


@policy(public=True)
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@policy()
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    template, context = selectors.home_page(user=request.user, params=request.GET)
    return render(request, template, context)
