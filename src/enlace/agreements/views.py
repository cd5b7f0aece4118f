"""The inventory and an agreement's page: visible to every signed-in role (no personal data).
The secretariat (``AGREEMENT_EDIT``) edits the agreements in the admin; the page links there."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enlace.access import Capability, capability_has
from enlace.access.policy import policy

from . import selectors
from .forms import AgreementFilterForm


@policy()
@require_GET
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    agencies, ports = selectors.filter_choices()
    form = AgreementFilterForm(request.GET or None, agencies=agencies, ports=ports)
    filters = form.filters() if form.is_bound else selectors.Filters()
    context = {"form": form, "inventory": selectors.agreement_inventory(filters=filters)}
    return render(request, "agreements/agreement_list.html", context)


@policy()
@require_GET
def agreement_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    page = selectors.agreement_get(code=code)
    can_edit = capability_has(request.user, Capability.AGREEMENT_EDIT)  # type: ignore[arg-type]
    return render(request, "agreements/agreement_detail.html", {"page": page, "can_edit": can_edit})
