"""The statistics' reads: the period's events from the database, counted and disclosed by
``stats.core``, each computation audited (ADR 0013).

Nothing here reads a person's name. One query brings the events of the period as columns
(person id, point, time, sex, birth date, unaccompanied) into a Polars frame; a merge
re-points the absorbed person's repatriations at the survivor (``identity.services.merges``),
so a merged pair is one person. Only a holder of ``STATISTICS_READ`` gets figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.db.models import functions as fn
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enlace.access import Actor, Capability, capability_require
from enlace.core.audit import audit_record
from enlace.core.bulk import query_frame
from enlace.core.models import AuditAction
from enlace.people.models import Sex
from enlace.reference.models import ReceptionPoint
from enlace.repatriation.models import Repatriation, RepatriationStatus

from . import core
from .core import Category, Summary, Table
from .formats import figure
from .forms import StatisticsFilterForm

# The audited aggregate subject. Its name predates the app and stays, so that the audit log
# reads as one series.
SUBJECT = ("web.statistics", "repatriations")


def statistics_events(
    *, filters: Mapping[str, Any], points: Sequence[ReceptionPoint]
) -> pl.DataFrame:
    """The events of the period and point, one row each (``core.events_localize``). Every
    repatriation not cancelled is an event.

    One query; the database narrows the period by UTC with a day's margin, and the local
    months are cut in the frame (PostgreSQL sends the rows with ``COPY``:
    ``core.bulk.query_frame``).
    """
    events = Repatriation.objects.exclude(status=RepatriationStatus.CANCELLED).order_by()
    at = fn.Coalesce("handed_over_at", "scheduled_at")
    if filters.get("point"):
        events = events.filter(reception_point=filters["point"])
    if start := filters.get("start"):
        events = events.annotate(at=at).filter(at__gte=_utc(start) - timedelta(days=1))
    if end := filters.get("end"):
        following = date(end.year + end.month // 12, end.month % 12 + 1, 1)
        events = events.annotate(at=at).filter(at__lt=_utc(following) + timedelta(days=1))
    rows = events.annotate(at=at).values_list(
        "person_id", "reception_point_id", "at", "unaccompanied_minor", "person__sex",
        "person__birth_date",
    )  # fmt: skip
    zones = {point.code: point.time_zone for point in points}
    frame = core.events_localize(query_frame(rows, core.EVENT_COLUMNS), zones)
    return core.events_in_months(frame, start=start, end=end)


def _utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# --- the tables, labelled in the reader's language -------------------------------------------

_ACCOMPANIED_LABELS: dict[str, tuple[Promise, Promise]] = {
    "adult": (_("Adult (18 or older)"), _("Adult")),
    "accompanied": (_("Accompanied minor"), _("Accompanied minor")),
    "unaccompanied": (_("Unaccompanied minor"), _("Unaccompanied minor")),
    core.UNKNOWN: (_("Age not recorded"), _("Age not recorded")),
}


# The period table's title and category heading: by month, or by year over a long span.
_PERIOD_LABELS: dict[str, tuple[Promise, Promise]] = {
    "month": (_("By month"), _("Month")),
    "year": (_("By year"), _("Year")),
}


def _categories() -> dict[str, list[Category]]:
    """The fixed categories of the sex, age and accompanied tables, labelled now."""
    sexes = [Category(s.value, str(s.label), str(s.label)) for s in Sex]
    sexes.append(Category("", str(_("Not recorded")), str(_("Not recorded"))))
    ages = [Category(key, label, label) for key, label, _limit in core.AGE_GROUPS]
    ages.append(Category(core.UNKNOWN, str(_("Age not recorded")), str(_("Age not recorded"))))
    accompanied = [
        Category(key, str(_ACCOMPANIED_LABELS[key][0]), str(_ACCOMPANIED_LABELS[key][1]))
        for key in core.ACCOMPANIED
    ]
    return {"sex": sexes, "age": ages, "accompanied": accompanied}


def _table(key: str, title: Promise, category: Promise, rows: list[core.Row]) -> Table:
    caption = _("%(title)s: repatriation events and unique persons") % {"title": title}
    return core.table_publish(
        key=key, title=str(title), caption=str(caption), category=str(category), rows=rows
    )


def statistics_tables(*, events: pl.DataFrame, points: Sequence[ReceptionPoint]) -> list[Table]:
    """The five tables, one grouping of the events each, disclosed; the period's by month,
    or by year when the events span more than two years (``core.period_rows``)."""
    fixed = _categories()
    point_categories = [Category(p.code, p.name, p.city or p.code) for p in points]
    period, period_rows = core.period_rows(events)
    return [
        _table("point", _("By reception point"), _("Reception point"),
               core.point_rows(events, point_categories)),
        _table(period, *_PERIOD_LABELS[period], period_rows),
        _table("sex", _("By sex"), _("Sex"),
               core.category_rows(events, pl.col("sex"), fixed["sex"], optional="")),
        _table("age", _("By age group at the event"), _("Age group"),
               core.category_rows(events, core.age_group(), fixed["age"], optional=core.UNKNOWN)),
        _table("accompanied", _("By accompanied status"), _("Status"),
               core.category_rows(events, core.accompanied(), fixed["accompanied"],
                                  optional=core.UNKNOWN)),
    ]  # fmt: skip


# --- the report, the page and the download ---------------------------------------------------


def _filters_query(filters: Mapping[str, Any]) -> dict[str, str]:
    """The filters as GET parameters (the CSV link, the audit detail): no personal data."""
    query = {
        name: filters[name].strftime("%Y-%m") for name in ("start", "end") if filters.get(name)
    }
    if filters.get("point"):
        query["point"] = filters["point"].code
    return query


def statistics_report(
    *, user: Actor, filters: Mapping[str, Any], output: str
) -> tuple[Summary, list[Table]]:
    """Count the filtered events (audited as a list of an aggregate subject)."""
    capability_require(user, Capability.STATISTICS_READ)
    points = list(ReceptionPoint.objects.only("code", "name", "city", "time_zone"))
    events = statistics_events(filters=filters, points=points)
    summary = core.events_summary(events)
    tables = statistics_tables(events=events, points=points)
    detail = {"filters": _filters_query(filters), "output": output}
    audit_record(actor=user, action=AuditAction.LIST, subject=SUBJECT, detail=detail)
    return summary, tables


def statistics_page(user: Actor, params: Mapping[str, str]) -> dict[str, Any]:
    """The statistics of the analyst's home (``stats/partials/_report.html``): the filter
    form and, when it is valid, the figures and the link to the same tables as CSV."""
    capability_require(user, Capability.STATISTICS_READ)
    form = StatisticsFilterForm(data=params)
    context: dict[str, Any] = {"form": form, "small": core.SMALL, "tables": [], "summary": None}
    if form.is_valid():
        summary, tables = statistics_report(user=user, filters=form.cleaned_data, output="html")
        query = urlencode(_filters_query(form.cleaned_data))
        csv_url = reverse("web:statistics-csv") + (f"?{query}" if query else "")
        context.update(summary=summary, tables=tables, csv_url=csv_url)
    return context


def statistics_csv_rows(
    *, user: Actor, params: Mapping[str, str]
) -> tuple[list[str], list[list[str]]]:
    """``(errors, rows)``: the page's tables as CSV rows, or the filter's errors."""
    capability_require(user, Capability.STATISTICS_READ)
    form = StatisticsFilterForm(data=params)
    if not form.is_valid():
        return [str(e) for errors in form.errors.values() for e in errors], []
    summary, tables = statistics_report(user=user, filters=form.cleaned_data, output="csv")
    rows = [[str(_("Table")), str(_("Category")), str(_("Events")), str(_("Persons"))]]
    total = summary.row
    rows.append([str(_("Total")), "", figure(total.events_shown), figure(total.persons_shown)])
    for table in tables:
        rows += [
            [table.title, r.label, figure(r.events_shown), figure(r.persons_shown)]
            for r in table.rows
        ]
    return [], rows
