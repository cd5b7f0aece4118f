"""The home page: one screen per role, showing that role's work and nothing more."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    template, context = selectors.home_page(user=request.user, params=request.GET)
    return render(request, template, context)
