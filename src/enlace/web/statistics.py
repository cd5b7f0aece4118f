"""The analyst's home: repatriation events and unique persons, counted and published under
statistical disclosure control (``docs/adr/0013-statistics-disclosure.md``).

Nothing here reads a person's name. One query brings the events of the period as columns
(person id, point, time, sex, birth date, unaccompanied); each table is a grouping of that
frame with the number of rows (events) and of distinct person ids (persons). A merge re-points
the absorbed person's repatriations at the survivor (``identity.services.merges``), so a
merged pair is one person. A figure of 1–4 persons is withheld, and so is the next smallest row when
it alone would let the withheld one be worked out from the total.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.db.models import functions as fn
from django.http import Http404
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import Role
from enlace.core.audit import audit_record
from enlace.core.bulk import ColumnType, query_frame
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


# --- the events ------------------------------------------------------------------------------

EVENT_SCHEMA: dict[str, ColumnType] = {
    "person": pl.Int64, "point": pl.String, "at": pl.Datetime("us", "UTC"),
    "unaccompanied": pl.Boolean, "sex": pl.String, "born": pl.Date,
}  # fmt: skip


def repatriation_events(
    *, filters: Mapping[str, Any], points: Sequence[ReceptionPoint]
) -> pl.DataFrame:
    """The events of the period and point, one row each: ``person``, ``point``, ``month``
    (yyyymm, local to the reception point), ``sex``, ``age`` at the event (null when not
    recorded) and ``unaccompanied``. Every repatriation not cancelled is an event.

    One query; the database narrows the period by UTC with a day's margin, and the local
    months are cut here (PostgreSQL sends the rows with ``COPY``: ``core.bulk.query_frame``).
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
    frame = _local(query_frame(rows, EVENT_SCHEMA), points)
    if start:
        frame = frame.filter(pl.col("month") >= start.year * 100 + start.month)
    if end:
        frame = frame.filter(pl.col("month") <= end.year * 100 + end.month)
    return frame


def _utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _yyyymmdd(column: pl.Expr) -> pl.Expr:
    year, month, day = (part.cast(pl.Int64) for part in (column.dt.year(), column.dt.month(),
                                                          column.dt.day()))  # fmt: skip
    return year * 10000 + month * 100 + day


def _local(frame: pl.DataFrame, points: Sequence[ReceptionPoint]) -> pl.DataFrame:
    """The event's local date from its reception point's zone, its month and the age (each
    row converted once: the frame is cut by zone)."""
    zone_of = {point.code: point.time_zone for point in points}
    frame = frame.with_columns(
        pl.col("point").replace_strict(zone_of, default="UTC", return_dtype=pl.String).alias("zone")
    )
    parts = [
        part.with_columns(pl.col("at").dt.convert_time_zone(str(zone)).dt.date().alias("day"))
        for (zone,), part in frame.group_by("zone")
    ]
    frame = pl.concat(parts) if parts else frame.with_columns(pl.col("at").dt.date().alias("day"))
    event, born = _yyyymmdd(pl.col("day")), _yyyymmdd(pl.col("born"))
    age = pl.when(born <= event).then((event - born) // 10000)  # null: unknown or impossible
    return frame.select(
        "person", "point", (event // 100).alias("month"), pl.col("sex").fill_null(""),
        age.alias("age"), "unaccompanied",
    )  # fmt: skip


def _age_group() -> pl.Expr:
    group: Any = pl.lit(AGE_GROUPS[-1][0])
    for key, _label, limit in reversed(AGE_GROUPS):
        if limit is not None:
            group = pl.when(pl.col("age") < limit).then(pl.lit(key)).otherwise(group)
    return pl.when(pl.col("age").is_null()).then(pl.lit(UNKNOWN)).otherwise(group)


def _accompanied() -> pl.Expr:
    """Unaccompanied as the repatriation records it; otherwise a minor by age at the event."""
    return (
        pl.when(pl.col("unaccompanied")).then(pl.lit("unaccompanied"))
        .when(pl.col("age").is_null()).then(pl.lit(UNKNOWN))
        .when(pl.col("age") < 18).then(pl.lit("accompanied"))
        .otherwise(pl.lit("adult"))
    )  # fmt: skip


def _grouped(events: pl.DataFrame, key: pl.Expr) -> dict[Any, tuple[int, int]]:
    """Events and distinct persons per value of ``key``."""
    counts = events.group_by(key.alias("key")).agg(
        pl.len().alias("events"), pl.col("person").n_unique().alias("persons")
    )
    return {r["key"]: (r["events"], r["persons"]) for r in counts.iter_rows(named=True)}


def _summary(events: pl.DataFrame) -> Summary:
    """Events, persons and persons with more than one event."""
    per_person = events.group_by("person").len()
    repeaters = per_person.filter(pl.col("len") > 1).height
    return Summary(events.height, per_person.height, repeaters)


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


def statistics_tables(*, events: pl.DataFrame, points: Sequence[ReceptionPoint]) -> list[Table]:
    """The five tables, one grouping of the events each."""
    by_code = {p.code: p for p in points}
    by_point = _grouped(events, pl.col("point"))
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
        _table("month", _("By month"), _("Month"), _months(_grouped(events, pl.col("month")))),
        _table("sex", _("By sex"), _("Sex"), _fixed(_grouped(events, pl.col("sex")), sexes, "")),
        _table("age", _("By age group at the event"), _("Age group"),
               _fixed(_grouped(events, _age_group()), ages, UNKNOWN)),
        _table("accompanied", _("By accompanied status"), _("Status"),
               _fixed(_grouped(events, _accompanied()), ACCOMPANIED, UNKNOWN)),
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
