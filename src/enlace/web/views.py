"""The home page: one screen per role, showing that role's work and nothing more."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enlace.accounts.models import Role

from . import selectors


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = selectors.home_context(user=request.user)
    role = getattr(request.user, "role", "")
    template = _TEMPLATES.get(role, "web/home_general.html")
    return render(request, template, context)


_TEMPLATES: dict[str, str] = {
    Role.US_BORDER_OFFICER: "web/home_officer.html",
    Role.US_REMOVAL_OFFICER: "web/home_officer.html",
    Role.MX_CONSULAR_OFFICER: "web/home_officer.html",
    Role.MX_RECEPTION_OFFICER: "web/home_reception.html",
    Role.MX_CHILD_PROTECTION_OFFICER: "web/home_reception.html",
    Role.ANALYST: "web/home_analyst.html",
    Role.SECRETARIAT: "web/home_secretariat.html",
    Role.ADMIN: "web/home_admin.html",
}
