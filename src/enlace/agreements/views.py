"""The inventory and an agreement's page: visible to every signed-in role (no personal data)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .forms import AgreementFilterForm


@require_GET
@login_required
def agreement_list_view(request: HttpRequest) -> HttpResponse:
    agencies, ports = selectors.filter_choices()
    form = AgreementFilterForm(request.GET or None, agencies=agencies, ports=ports)
    filters = form.filters() if form.is_bound else selectors.Filters()
    context = {"form": form, "inventory": selectors.agreement_inventory(filters=filters)}
    return render(request, "agreements/agreement_list.html", context)


@require_GET
@login_required
def agreement_detail_view(request: HttpRequest, code: str) -> HttpResponse:
    page = selectors.agreement_get(code=code)
    return render(request, "agreements/agreement_detail.html", {"page": page})
