"""Border-safety pages: incidents under filters, the map with its table, their CSV files."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from enlace.access import Capability
from enlace.access.policy import policy

from . import selectors
from .models import IncidentKind

PAGE_SIZE = 50


def _csv(rows: Iterable[list[Any]], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    csv.writer(response).writerows(rows)
    return response


def _filter_context(request: HttpRequest, filters: selectors.IncidentFilters) -> dict[str, Any]:
    from enlace.reference.models import Sector

    return {
        "filters": filters,
        "query": urlencode(filters.query()),
        "kinds": IncidentKind.choices,
        "causes": selectors.causes(user=request.user),
        "sectors": Sector.objects.order_by("order"),
    }


@policy(Capability.SAFETY_READ)
@require_GET
def incident_list_view(request: HttpRequest) -> HttpResponse:
    """Deaths, rescues, missing reports and remains recoveries under filters, 50 a page."""
    filters = selectors.filters_read(request.GET)
    incidents = selectors.incidents_filtered(user=request.user, filters=filters)
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {**_filter_context(request, filters), "page": page}
    return render(request, "safety/incident_list.html", context)


@policy(Capability.SAFETY_READ)
@require_GET
def incident_csv_view(request: HttpRequest) -> HttpResponse:
    filters = selectors.filters_read(request.GET)
    rows = selectors.incidents_csv_rows(user=request.user, filters=filters)
    return _csv(rows, "enlace-border-incidents.csv")


@policy(Capability.SAFETY_READ)
@require_GET
def map_view(request: HttpRequest) -> HttpResponse:
    """The border, states, ports, reception points and incidents, with a table per sector."""
    filters = selectors.filters_read(request.GET)
    layers = selectors.map_layers(user=request.user, filters=filters)
    context = {**_filter_context(request, filters), "layers": layers}
    return render(request, "safety/map.html", context)


@policy(Capability.SAFETY_READ)
@require_GET
def map_csv_view(request: HttpRequest) -> HttpResponse:
    filters = selectors.filters_read(request.GET)
    rows = selectors.sector_csv_rows(user=request.user, filters=filters)
    return _csv(rows, "enlace-border-incidents-by-sector.csv")
