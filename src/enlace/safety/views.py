"""Border-safety pages: incidents under filters, the map with its table, their CSV files."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dates import MONTHS_AP
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enlace.access import Capability
from enlace.access.capabilities import capability_has
from enlace.access.policy import policy
from enlace.accounts.models import User

from . import risk, selectors
from .models import IncidentKind

PAGE_SIZE = 50


class SignedInRequest(HttpRequest):
    """What a ``@policy`` naming capabilities lets in: a signed-in user's request."""

    user: User


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
    context = {
        **_filter_context(request, filters),
        "page": page,
        "can_record_rescue": capability_has(request.user, Capability.RESCUE_RECORD),  # type: ignore[arg-type]
    }
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


def _risk_context(request: SignedInRequest, filters: selectors.IncidentFilters) -> dict[str, Any]:
    thresholds, escalations = selectors.thresholds_and_escalations(user=request.user)
    return {
        **_filter_context(request, filters),
        "calendar": selectors.risk_calendar(user=request.user, filters=filters),
        "thresholds": thresholds,
        "escalations": escalations,
        "can_manage": capability_has(request.user, Capability.RISK_MANAGE),
        "month_names": [MONTHS_AP[m] for m in range(1, 13)],
    }


@policy(Capability.SAFETY_READ)
@require_GET
def risk_view(request: SignedInRequest) -> HttpResponse:
    """The seasonal risk calendar, the BLMs' thresholds and the escalations."""
    filters = selectors.filters_read(request.GET)
    return render(request, "safety/risk.html", _risk_context(request, filters))


@policy(Capability.RISK_MANAGE)
@require_POST
def risk_manage_view(request: SignedInRequest) -> HttpResponse:
    """A BLM member sets a sector's threshold or records what was decided on an escalation;
    a refusal shows the risk page again with the error, nothing written."""
    try:
        if request.POST.get("action") == "decide":
            risk.escalation_decide(
                actor=request.user,
                escalation_id=_whole(request.POST.get("escalation")),
                decision=request.POST.get("decision", ""),
            )
        else:
            risk.risk_threshold_set(
                actor=request.user,
                sector_code=request.POST.get("sector", ""),
                deaths=_whole(request.POST.get("deaths")),
                window_days=_whole(request.POST.get("window_days")),
            )
    except risk.RiskInputError as refused:
        filters = selectors.filters_read({})
        context = {**_risk_context(request, filters), "error": str(refused)}
        return render(request, "safety/risk.html", context, status=400)
    return redirect("safety:risk")


def _whole(raw: str | None) -> int:
    value = (raw or "").strip()
    return int(value) if value.isdigit() and len(value) < 7 else 0


@policy(Capability.RESCUE_RECORD)
@require_http_methods(["GET", "POST"])
def rescue_record_view(request: SignedInRequest) -> HttpResponse:
    """A Border Patrol officer records a rescue in the office's sector."""
    from django.utils.translation import gettext

    from .services import RESCUE_CIRCUMSTANCES, RescueInputError, rescue_record

    values = {
        k: request.POST.get(k, "")
        for k in ("rescued_on", "latitude", "longitude", "persons", "circumstance", "location")
    }
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            rescue = rescue_record(actor=request.user, **values)
        except RescueInputError as refused:
            errors = refused.errors
        else:
            messages.success(
                request,
                gettext("Rescue recorded: %(count)d persons on %(date)s.")
                % {"count": rescue.survivors, "date": rescue.occurred_on},
            )
            return redirect(reverse("safety:incident-list") + "?kind=rescue")
    context = {
        "values": values,
        "errors": errors,
        "circumstances": [(k, gettext(v)) for k, v in RESCUE_CIRCUMSTANCES.items()],
    }
    return render(request, "safety/rescue_form.html", context, status=400 if errors else 200)


@policy(Capability.SAFETY_READ)
@require_GET
def statistics_view(request: SignedInRequest) -> HttpResponse:
    """Dead by sector, fiscal year and cause in the records, beside Border Patrol's series."""
    filters = selectors.filters_read(request.GET)
    fy_from = filters.year_from or 2014
    fy_to = filters.year_to or 2019
    sectors, years, causes = selectors.official_comparison(
        user=request.user, fy_from=min(fy_from, fy_to), fy_to=max(fy_from, fy_to)
    )
    context = {
        **_filter_context(request, filters),
        "by_sector": sectors,
        "by_year": years,
        "by_cause": causes,
        "fy_from": min(fy_from, fy_to),
        "fy_to": max(fy_from, fy_to),
    }
    return render(request, "safety/statistics.html", context)


@policy(Capability.MISSING_REPORT, Capability.REMAINS_RECORD)
@require_GET
def cases_view(request: SignedInRequest) -> HttpResponse:
    """The missing-person reports and remains cases in the user's scope (a consulate: its
    reports; a medical examiner: its remains and the reports shared with it); the read of
    these names is audited."""
    from enlace.access.scopes import page_in_scope

    from .models import MissingReport, RemainsCase

    reports = page_in_scope(
        request.user,
        MissingReport.objects.select_related("consulate"),
        limit=100,
        order="-recorded_at",
    )
    remains = page_in_scope(
        request.user, RemainsCase.objects.all(), limit=100, order="-recorded_at"
    )
    context = {
        "reports": reports,
        "remains": remains,
        "perms_missing": capability_has(request.user, Capability.MISSING_REPORT),
        "perms_remains": capability_has(request.user, Capability.REMAINS_RECORD),
    }
    return render(request, "safety/cases.html", context)


def _case_form(
    request: SignedInRequest, fields: tuple[Any, ...], record: Any, title: str
) -> HttpResponse:
    from .case_forms import form_read
    from .cases import CaseInputError

    errors: dict[str, str] = {}
    if request.method == "POST":
        values, errors = form_read(fields, request.POST)
        if not errors:
            try:
                record(actor=request.user, **values)
            except CaseInputError as refused:
                errors = refused.errors
            else:
                return redirect("safety:cases")
    rows = [(field, request.POST.get(field.name, "")) for field in fields]
    context = {"rows": rows, "errors": errors, "title": title}
    return render(request, "safety/case_form.html", context, status=400 if errors else 200)


@policy(Capability.MISSING_REPORT)
@require_http_methods(["GET", "POST"])
def missing_report_view(request: SignedInRequest) -> HttpResponse:
    """The consulate's protection desk records a family's report, with its consent."""
    from django.utils.translation import gettext

    from .case_forms import MISSING_FIELDS
    from .cases import missing_report_record

    return _case_form(
        request, MISSING_FIELDS, missing_report_record, gettext("Record a missing-person report")
    )


@policy(Capability.REMAINS_RECORD)
@require_http_methods(["GET", "POST"])
def remains_case_view(request: SignedInRequest) -> HttpResponse:
    """The medical examiner records a remains case."""
    from django.utils.translation import gettext

    from .case_forms import REMAINS_FIELDS
    from .cases import remains_case_record

    return _case_form(
        request, REMAINS_FIELDS, remains_case_record, gettext("Record a remains case")
    )
