"""The analyst's home: repatriation events and unique persons, counted in the database and
published under statistical disclosure control (``docs/adr/0013-statistics-disclosure.md``).

Nothing here reads a person. Each table is one ``GROUP BY`` over repatriations with
``COUNT(*)`` (events) and ``COUNT(DISTINCT person_id)`` (persons); a merge re-points the
absorbed person's repatriations at the survivor (``identity.services.merges``), so a merged
pair is one person. A figure of 1–4 persons is withheld, and so is the next smallest row when
it alone would let the withheld one be worked out from the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.db import models
from django.db.models import F, Q, Value, When, lookups
from django.db.models import functions as fn
from django.http import Http404
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Role
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import Sex
from enlace.reference.models import ReceptionPoint
from enlace.repatriation.models import Repatriation, RepatriationStatus

from .forms import StatisticsFilterForm

SMALL = 5  # a figure of 1..SMALL-1 persons is withheld
LESS_THAN_SMALL = "<5"
WITHHELD = "[c]"  # withheld so that a smaller figure cannot be worked out (ONS marker)
SUBJECT = ("web.statistics", "repatriations")  # the audited aggregate subject

# Age at the event: the groups UPM publishes for minors (0–11, 12–17), then decades.
AGE_GROUPS: tuple[tuple[str, str, int | None], ...] = (
    ("0-11", "0–11", 12),
    ("12-17", "12–17", 18),
    ("18-29", "18–29", 30),
    ("30-39", "30–39", 40),
    ("40-49", "40–49", 50),
    ("50+", "50+", None),
)
UNKNOWN = "unknown"
ACCOMPANIED: tuple[tuple[str, Promise, Promise], ...] = (
    ("adult", _("Adult (18 or older)"), _("Adult")),
    ("accompanied", _("Accompanied minor"), _("Accompanied minor")),
    ("unaccompanied", _("Unaccompanied minor"), _("Unaccompanied minor")),
    (UNKNOWN, _("Age not recorded"), _("Age not recorded")),
)


@dataclass(frozen=True)
class Row:
    """One category of a table, with the figures as published (numbers or markers)."""

    key: str
    label: str
    short: str  # the label in the chart
    events: int
    persons: int
    withheld: str = ""  # "", "small" (1–4 persons) or "secondary"

    @property
    def events_shown(self) -> str:
        if self.withheld == "small" and self.events < SMALL:
            return LESS_THAN_SMALL
        return WITHHELD if self.withheld else _number(self.events)

    @property
    def persons_shown(self) -> str:
        if self.withheld:
            return LESS_THAN_SMALL if self.withheld == "small" else WITHHELD
        return _number(self.persons)


@dataclass(frozen=True)
class Bar:
    row: Row
    y: int
    events_width: int
    persons_width: int


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    caption: str
    category: str  # the heading of the category column
    rows: list[Row]

    @property
    def chart(self) -> tuple[int, list[Bar]]:
        """The chart's height and bars (see ``chart_layout``)."""
        return chart_layout(self.rows)


@dataclass(frozen=True)
class Summary:
    events: int
    persons: int
    repeaters: int  # persons with two or more events in the period

    @property
    def row(self) -> Row:
        return disclose([Row("total", "", "", self.events, self.persons)])[0]

    @property
    def repeat_rate(self) -> str:
        """The share of persons repatriated more than once, withheld when the repeaters or
        the others are 1–4 persons."""
        others = self.persons - self.repeaters
        if self.persons == 0:
            return "–"
        if 0 < self.repeaters < SMALL or 0 < others < SMALL:
            return WITHHELD
        return _number(round(100 * self.repeaters / self.persons, 1)) + " %"


def _number(value: float) -> str:
    return number_format(value, force_grouping=True)


def disclose(rows: Sequence[Row]) -> list[Row]:
    """Withhold rows of 1–4 persons; when exactly one is withheld, withhold the smallest
    other row too, so the total minus the published rows gives no single figure."""
    small = {i for i, row in enumerate(rows) if 0 < row.persons < SMALL}
    secondary: set[int] = set()
    if len(small) == 1:
        others = [i for i, row in enumerate(rows) if i not in small and row.persons > 0]
        if others:
            secondary.add(min(others, key=lambda i: (rows[i].events, rows[i].persons)))
    return [
        replace(r, withheld="small" if i in small else "secondary" if i in secondary else "")
        for i, r in enumerate(rows)
    ]


# --- chart geometry (server-rendered SVG, see web/partials/_stat_chart.html) -----------------

CHART_BAR_SPACE = 370  # the longest bar; its value is written after it
CHART_TOP = 34  # room for the legend
CHART_PITCH = 34  # one category: two bars of 12 and a gap


def chart_layout(rows: Sequence[Row]) -> tuple[int, list[Bar]]:
    """Bars for events and persons, scaled to the largest published figure."""
    top = max((r.events for r in rows if not r.withheld), default=0) or 1
    bars = [
        Bar(
            row=row,
            y=CHART_TOP + i * CHART_PITCH,
            events_width=0 if row.withheld else round(CHART_BAR_SPACE * row.events / top),
            persons_width=0 if row.withheld else round(CHART_BAR_SPACE * row.persons / top),
        )
        for i, row in enumerate(rows)
    ]
    return CHART_TOP + len(rows) * CHART_PITCH + 6, bars


# --- the queries -----------------------------------------------------------------------------


def _local(points: Iterable[ReceptionPoint], part: type[fn.Extract]) -> models.Expression:
    """A part (year, month, day) of the event's date, local to its reception point."""
    at = fn.Coalesce("handed_over_at", "scheduled_at")
    zones = sorted({p.time_zone for p in points})
    return models.Case(
        *(When(reception_point__time_zone=z, then=part(at, tzinfo=ZoneInfo(z))) for z in zones),
        default=part(at, tzinfo=UTC),
        output_field=models.IntegerField(),
    )


def _year_month(points: Iterable[ReceptionPoint]) -> models.Expression:
    return _local(points, fn.ExtractYear) * 100 + _local(points, fn.ExtractMonth)


def _ages(points: Iterable[ReceptionPoint]) -> tuple[models.Expression, models.Expression]:
    """The event's local date and the birth date as yyyymmdd numbers: their difference
    divided by 10,000 (rounded down) is the age in whole years."""
    event = (
        _local(points, fn.ExtractYear) * 10000
        + _local(points, fn.ExtractMonth) * 100
        + _local(points, fn.ExtractDay)
    )
    born = "person__birth_date"
    birth = fn.ExtractYear(born) * 10000 + fn.ExtractMonth(born) * 100 + fn.ExtractDay(born)
    return event, birth


def _age_unknown(event: models.Expression, birth: models.Expression) -> list[When]:
    return [
        When(person__birth_date__isnull=True, then=Value(UNKNOWN)),
        When(lookups.GreaterThan(birth, event), then=Value(UNKNOWN)),
    ]


def _age_group(points: Iterable[ReceptionPoint]) -> models.Expression:
    event, birth = _ages(points)
    groups = [
        When(lookups.LessThan(event - birth, limit * 10000), then=Value(key))
        for key, _label, limit in AGE_GROUPS
        if limit is not None
    ]
    return models.Case(*_age_unknown(event, birth), *groups, default=Value(AGE_GROUPS[-1][0]))


def _accompanied(points: Iterable[ReceptionPoint]) -> models.Expression:
    """Unaccompanied as the repatriation records it; otherwise a minor by age at the event."""
    event, birth = _ages(points)
    return models.Case(
        When(unaccompanied_minor=True, then=Value("unaccompanied")),
        *_age_unknown(event, birth),
        When(lookups.LessThan(event - birth, 18 * 10000), then=Value("accompanied")),
        default=Value("adult"),
    )


def repatriation_events(
    *, filters: Mapping[str, Any], points: Sequence[ReceptionPoint]
) -> models.QuerySet[Repatriation]:
    """The repatriation events in the period and point: every repatriation not cancelled."""
    events = Repatriation.objects.exclude(status=RepatriationStatus.CANCELLED).order_by()
    if filters.get("point"):
        events = events.filter(reception_point=filters["point"])
    year_month = _year_month(points)
    if start := filters.get("start"):
        events = events.filter(
            lookups.GreaterThanOrEqual(year_month, start.year * 100 + start.month)
        )
    if end := filters.get("end"):
        events = events.filter(lookups.LessThanOrEqual(year_month, end.year * 100 + end.month))
    return events


def _grouped(events: models.QuerySet[Repatriation], key: Any) -> dict[Any, tuple[int, int]]:
    """One GROUP BY: events and distinct persons per value of ``key``."""
    rows = (
        events.values(key=key)
        .annotate(events=models.Count("pk"), persons=models.Count("person_id", distinct=True))
        .order_by()
    )
    return {r["key"]: (r["events"], r["persons"]) for r in rows}


def _summary(events: models.QuerySet[Repatriation]) -> Summary:
    """Events, persons and persons with more than one event, in one query."""
    totals = (
        events.values("person_id")
        .annotate(n=models.Count("pk"))
        .order_by()
        .aggregate(
            persons=models.Count("person_id"),
            events=fn.Coalesce(models.Sum("n"), 0),
            repeaters=models.Count("person_id", filter=Q(n__gt=1)),
        )
    )
    return Summary(totals["events"], totals["persons"], totals["repeaters"])


# --- the tables ------------------------------------------------------------------------------


def _table(key: str, title: Promise, category: Promise, rows: list[Row]) -> Table:
    caption = _("%(title)s: repatriation events and unique persons") % {"title": title}
    return Table(key, str(title), str(caption), str(category), disclose(rows))


def _fixed(
    counts: Mapping[Any, tuple[int, int]], labels: Iterable[tuple[Any, Any, Any]], optional: Any
) -> list[Row]:
    """Rows for a fixed list of categories; the ``optional`` one only when it has events."""
    return [
        Row(str(key), str(label), str(short), *counts.get(key, (0, 0)))
        for key, label, short in labels
        if key != optional or key in counts
    ]


def _months(counts: Mapping[int, tuple[int, int]]) -> list[Row]:
    """Every month from the first to the last with events, empty months included."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    rows, (year, month) = [], divmod(first, 100)
    while year * 100 + month <= last:
        shown = date(year, month, 1).strftime("%Y-%m")
        rows.append(Row(shown, shown, shown, *counts.get(year * 100 + month, (0, 0))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def statistics_tables(
    *, events: models.QuerySet[Repatriation], points: Sequence[ReceptionPoint]
) -> list[Table]:
    """The five tables, one GROUP BY query each."""
    by_code = {p.code: p for p in points}
    by_point = _grouped(events, F("reception_point_id"))
    point_rows = [
        Row(code, by_code[code].name, by_code[code].city or code, *by_point[code])
        for code in sorted(by_point, key=lambda code: by_code[code].name)
    ]
    sexes: list[tuple[str, Any, Any]] = [(s.value, s.label, s.label) for s in Sex]
    sexes.append(("", _("Not recorded"), _("Not recorded")))
    ages: list[tuple[str, Any, Any]] = [(k, label, label) for k, label, _limit in AGE_GROUPS]
    ages.append((UNKNOWN, _("Age not recorded"), _("Age not recorded")))
    return [
        _table("point", _("By reception point"), _("Reception point"), point_rows),
        _table("month", _("By month"), _("Month"), _months(_grouped(events, _year_month(points)))),
        _table("sex", _("By sex"), _("Sex"), _fixed(_grouped(events, F("person__sex")), sexes, "")),
        _table("age", _("By age group at the event"), _("Age group"),
               _fixed(_grouped(events, _age_group(points)), ages, UNKNOWN)),
        _table("accompanied", _("By accompanied status"), _("Status"),
               _fixed(_grouped(events, _accompanied(points)), ACCOMPANIED, UNKNOWN)),
    ]  # fmt: skip


# --- the page and the download ---------------------------------------------------------------


def _require_analyst(user: Any) -> None:
    """Only an active analyst sees the statistics; anyone else finds nothing here."""
    if not getattr(user, "is_active", False) or getattr(user, "role", None) != Role.ANALYST:
        raise Http404


def _filters_query(filters: Mapping[str, Any]) -> dict[str, str]:
    """The filters as GET parameters (the CSV link, the audit detail): no personal data."""
    query = {
        name: filters[name].strftime("%Y-%m") for name in ("start", "end") if filters.get(name)
    }
    if filters.get("point"):
        query["point"] = filters["point"].code
    return query


def statistics_report(
    *, user: Any, filters: Mapping[str, Any], output: str
) -> tuple[Summary, list[Table]]:
    """Count the filtered events (audited as a list of an aggregate subject)."""
    _require_analyst(user)
    points = list(ReceptionPoint.objects.only("code", "name", "city", "time_zone"))
    events = repatriation_events(filters=filters, points=points)
    summary, tables = _summary(events), statistics_tables(events=events, points=points)
    detail = {"filters": _filters_query(filters), "output": output}
    audit_record(actor=user, action=AuditAction.LIST, subject=SUBJECT, detail=detail)
    return summary, tables


def analyst_home(user: Any, params: Mapping[str, str]) -> dict[str, Any]:
    """The analyst's home page: the filter form and, when it is valid, the figures."""
    _require_analyst(user)
    form = StatisticsFilterForm(data=params)
    context: dict[str, Any] = {"form": form, "small": SMALL, "tables": [], "summary": None}
    if form.is_valid():
        summary, tables = statistics_report(user=user, filters=form.cleaned_data, output="html")
        query = urlencode(_filters_query(form.cleaned_data))
        csv_url = reverse("web:statistics-csv") + (f"?{query}" if query else "")
        context.update(summary=summary, tables=tables, csv_url=csv_url)
    return context


def analyst_csv(*, user: Any, params: Mapping[str, str]) -> tuple[list[str], list[list[str]]]:
    """``(errors, rows)``: the page's tables as CSV rows, or the filter's errors."""
    _require_analyst(user)
    form = StatisticsFilterForm(data=params)
    if not form.is_valid():
        return [str(e) for errors in form.errors.values() for e in errors], []
    summary, tables = statistics_report(user=user, filters=form.cleaned_data, output="csv")
    rows = [[str(_("Table")), str(_("Category")), str(_("Events")), str(_("Persons"))]]
    total = summary.row
    rows.append([str(_("Total")), "", total.events_shown, total.persons_shown])
    for table in tables:
        rows += [[table.title, r.label, r.events_shown, r.persons_shown] for r in table.rows]
    return [], rows
