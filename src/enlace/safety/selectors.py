"""Border-safety reads: incidents under filters, their CSV rows, the map's layers.

Incidents loaded from public sources carry no names (the sources mask them), so reading them
needs ``SAFETY_READ`` and no scope; every read still goes through ``capability_require``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext

from enlace.access import Capability
from enlace.access.capabilities import capability_require
from enlace.reference.models import Port, ReceptionPoint, Sector

from .core import geo
from .models import Incident, IncidentKind

YEAR_MIN, YEAR_MAX = 1980, 2100


@dataclass
class IncidentFilters:
    """The filters of the incidents list, the map and their CSV, read from a query string."""

    year_from: int | None = None
    year_to: int | None = None
    kind: str = ""
    cause: str = ""
    sector: str = ""
    errors: list[str] = field(default_factory=list)

    def query(self) -> dict[str, str]:
        values = {
            "year_from": self.year_from,
            "year_to": self.year_to,
            "kind": self.kind,
            "cause": self.cause,
            "sector": self.sector,
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}


def filters_read(params: Mapping[str, str]) -> IncidentFilters:
    """Read and check the filters; a bad value is dropped and named in ``errors``."""
    filters = IncidentFilters()
    for name in ("year_from", "year_to"):
        raw = (params.get(name) or "").strip()
        if not raw:
            continue
        if raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX:
            setattr(filters, name, int(raw))
        else:
            filters.errors.append(
                gettext('"%(value)s" is not a year between %(min)d and %(max)d.')
                % {"value": raw[:10], "min": YEAR_MIN, "max": YEAR_MAX}
            )
    kind = (params.get("kind") or "").strip()
    if kind in IncidentKind.values:
        filters.kind = kind
    elif kind:
        filters.errors.append(gettext("That kind of incident does not exist."))
    filters.cause = (params.get("cause") or "").strip()[:120]
    sector = (params.get("sector") or "").strip().upper()[:3]
    if sector and not Sector.objects.filter(code=sector).exists():
        filters.errors.append(gettext("That sector does not exist."))
    elif sector:
        filters.sector = sector
    return filters


def incidents_filtered(*, user: Any, filters: IncidentFilters) -> QuerySet[Incident]:
    """The incidents under ``filters``, newest first."""
    capability_require(user, Capability.SAFETY_READ)
    incidents = Incident.objects.select_related("sector")
    if filters.year_from is not None:
        incidents = incidents.filter(occurred_on__gte=datetime.date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        incidents = incidents.filter(occurred_on__lte=datetime.date(filters.year_to, 12, 31))
    if filters.kind:
        incidents = incidents.filter(kind=filters.kind)
    if filters.cause:
        incidents = incidents.filter(cause=filters.cause)
    if filters.sector:
        incidents = incidents.filter(sector_id=filters.sector)
    return incidents


def causes(*, user: Any) -> list[str]:
    """Every cause written in the incidents, for the filter's list."""
    capability_require(user, Capability.SAFETY_READ)
    return sorted(
        c for c in Incident.objects.values_list("cause", flat=True).distinct().order_by() if c
    )


CSV_HEADER = (
    "source",
    "source_record_id",
    "kind",
    "date",
    "latitude",
    "longitude",
    "sector",
    "corridor",
    "cause",
    "dead",
    "missing",
    "survivors",
    "reliability",
    "location",
)


def incidents_csv_rows(*, user: Any, filters: IncidentFilters) -> Iterator[list[Any]]:
    """The header, then one row per incident under ``filters``."""
    yield list(CSV_HEADER)
    for i in incidents_filtered(user=user, filters=filters).iterator(chunk_size=1000):
        yield [
            i.source,
            i.source_record_id,
            i.kind,
            i.occurred_on.isoformat() if i.occurred_on else "",
            i.latitude if i.latitude is not None else "",
            i.longitude if i.longitude is not None else "",
            i.sector_id or "",
            i.corridor,
            i.cause,
            i.dead,
            i.missing,
            i.survivors,
            i.reliability if i.reliability is not None else "",
            i.location,
        ]


@dataclass(frozen=True)
class SectorDensity:
    """Incidents, dead and missing of one sector under the filters, and its map symbol."""

    code: str
    name: str
    incidents: int
    dead: int
    missing: int
    x: float
    y: float
    radius: float


@dataclass(frozen=True)
class MapLayers:
    width: float
    height: float
    states: tuple[geo.Shape, ...]
    border: str
    points: list[tuple[float, float, str]]
    ports: list[tuple[float, float, str]]
    reception_points: list[tuple[float, float, str]]
    sectors: list[SectorDensity]
    unplaced: int


def map_layers(*, user: Any, filters: IncidentFilters) -> MapLayers:
    """Everything the map draws: states, border, ports, reception points, incidents as
    points, and a circle per sector whose area is its share of the incidents."""
    incidents = incidents_filtered(user=user, filters=filters)
    window = geo.WINDOW
    points: list[tuple[float, float, str]] = []
    unplaced = 0
    for kind, lat, lon in incidents.values_list("kind", "latitude", "longitude").iterator():
        if lat is None or lon is None or not window.holds(float(lon), float(lat)):
            unplaced += 1
            continue
        x, y = window.project(float(lon), float(lat))
        points.append((x, y, kind))
    totals = {
        row["sector_id"]: row
        for row in incidents.exclude(sector=None)
        .values("sector_id")
        .annotate(n=Count("id"), dead=Sum("dead"), missing=Sum("missing"))
        .order_by()
    }
    largest = max((row["n"] for row in totals.values()), default=0)
    sectors = []
    for sector in Sector.objects.order_by("order"):
        row = totals.get(sector.code, {"n": 0, "dead": 0, "missing": 0})
        x, y = window.project(float(sector.longitude), float(sector.latitude))
        radius = 40 * (row["n"] / largest) ** 0.5 if largest else 0
        sectors.append(
            SectorDensity(
                sector.code, sector.name, row["n"], row["dead"] or 0, row["missing"] or 0,
                x, y, round(radius, 1),
            )
        )  # fmt: skip
    ports = [
        (*window.project(float(p.longitude), float(p.latitude)), p.name)
        for p in Port.objects.order_by("name")
    ]
    receptions = [
        (*window.project(float(r.longitude), float(r.latitude)), r.name)
        for r in ReceptionPoint.objects.order_by("name")
    ]
    return MapLayers(
        window.width, window.height, geo.states(), geo.border(), points, ports, receptions,
        sectors, unplaced,
    )  # fmt: skip


def sector_csv_rows(*, user: Any, filters: IncidentFilters) -> Iterator[list[Any]]:
    """The map's table as CSV: one row per sector."""
    layers = map_layers(user=user, filters=filters)
    yield ["sector", "name", "incidents", "dead", "missing"]
    for s in layers.sectors:
        yield [s.code, s.name, s.incidents, s.dead, s.missing]


@dataclass(frozen=True)
class CalendarRow:
    """A sector's dead per calendar month (all years under the filters) and its worst month."""

    code: str
    name: str
    months: list[int]
    total: int
    peak: int


def risk_calendar(*, user: Any, filters: IncidentFilters) -> list[CalendarRow]:
    """Dead (deaths and remains recovered) per sector and calendar month, west to east: the
    seasonal risk from the real records."""
    incidents = incidents_filtered(user=user, filters=filters).filter(
        kind__in=(IncidentKind.DEATH, IncidentKind.REMAINS)
    )
    cells: dict[tuple[str, int], int] = {}
    for row in (
        incidents.exclude(sector=None)
        .exclude(occurred_on=None)
        .values("sector_id", "occurred_on__month")
        .annotate(n=Sum("dead"))
        .order_by()
    ):
        cells[(row["sector_id"], row["occurred_on__month"])] = row["n"] or 0
    rows = []
    for sector in Sector.objects.order_by("order"):
        months = [cells.get((sector.code, m), 0) for m in range(1, 13)]
        rows.append(CalendarRow(sector.code, sector.name, months, sum(months), max(months)))
    return rows


def thresholds_and_escalations(*, user: Any) -> tuple[list[Any], list[Any]]:
    """The BLMs' thresholds per sector and the escalations, newest first."""
    from .models import Escalation, RiskThreshold

    capability_require(user, Capability.SAFETY_READ)
    thresholds = list(RiskThreshold.objects.select_related("sector").order_by("sector__order"))
    escalations = list(
        Escalation.objects.select_related("sector", "us_office", "mx_office").order_by(
            "-opened_at"
        )[:50]
    )
    return thresholds, escalations


@dataclass(frozen=True)
class ComparisonRow:
    """Dead in the records beside Border Patrol's official count, for a sector or a year."""

    label: str
    pcome: int
    iom: int
    official_deaths: int | None
    official_rescues: int | None

    @property
    def recorded(self) -> int:
        return self.pcome + self.iom

    @property
    def difference(self) -> int | None:
        if self.official_deaths is None:
            return None
        return self.recorded - self.official_deaths


def fiscal_year(day: datetime.date) -> int:
    """The US federal fiscal year of ``day`` (1 October to 30 September)."""
    return day.year + 1 if day.month >= 10 else day.year


PCOME_NAME = "Pima County"  # IOM rows drawn from PCOME repeat PCOME's own records


def _records_dead(
    fy_from: int, fy_to: int
) -> tuple[dict[str, list[int]], dict[int, list[int]], dict[str, int]]:
    """Dead [PCOME, IOM without PCOME's rows] per sector and per fiscal year; dead per cause."""
    by_sector: dict[str, list[int]] = {}
    by_year: dict[int, list[int]] = {y: [0, 0] for y in range(fy_from, fy_to + 1)}
    causes_count: dict[str, int] = {}
    rows = Incident.objects.filter(
        kind__in=(IncidentKind.DEATH, IncidentKind.REMAINS), occurred_on__isnull=False
    ).values_list("source", "sector_id", "occurred_on", "dead", "information_source", "cause")
    for source, sector, day, dead, information, cause in rows.iterator():
        if day is None or (source == "iom" and PCOME_NAME in information):
            continue
        year = fiscal_year(day)
        if not fy_from <= year <= fy_to:
            continue
        column = 0 if source == "pcome" else 1
        by_year[year][column] += dead
        if sector:
            by_sector.setdefault(sector, [0, 0])[column] += dead
        causes_count[cause or "—"] = causes_count.get(cause or "—", 0) + dead
    return by_sector, by_year, causes_count


def official_comparison(
    *, user: Any, fy_from: int = 2014, fy_to: int = 2019
) -> tuple[list[ComparisonRow], list[ComparisonRow], list[tuple[str, int]]]:
    """Dead per sector and per fiscal year in the records (PCOME, and IOM without the rows
    it took from PCOME) beside Border Patrol's deaths and rescues; and dead by cause."""
    from .models import OfficialCount

    capability_require(user, Capability.SAFETY_READ)
    by_sector, by_year, causes_count = _records_dead(fy_from, fy_to)
    official = OfficialCount.objects.filter(fiscal_year__gte=fy_from, fiscal_year__lte=fy_to)
    deaths_by: dict[tuple[str, int], int] = {}
    rescues_by: dict[tuple[str, int], int] = {}
    for count in official.filter(series="usbp-deaths"):
        deaths_by[(count.sector_id or count.sector_label, count.fiscal_year)] = count.deaths or 0
    for count in official.filter(series="usbp-profile"):
        if count.rescues is not None:
            rescues_by[(count.sector_id or count.sector_label, count.fiscal_year)] = count.rescues

    def total(table: dict[tuple[str, int], int], key: Any, *, sector: bool) -> int | None:
        found = [v for (s, y), v in table.items() if (s if sector else y) == key]
        if not sector:
            found = [v for (s, y), v in table.items() if y == key and s == "southwest border"]
        return sum(found) if found else None

    def row(label: str, dead: list[int], deaths: int | None, rescues: int | None) -> ComparisonRow:
        return ComparisonRow(label, dead[0], dead[1], deaths, rescues)

    sector_rows = [
        row(
            s.name,
            by_sector.get(s.code, [0, 0]),
            total(deaths_by, s.code, sector=True),
            total(rescues_by, s.code, sector=True),
        )
        for s in Sector.objects.order_by("order")
    ]
    year_rows = [
        row(
            f"FY{y}",
            by_year[y],
            total(deaths_by, y, sector=False),
            total(rescues_by, y, sector=False),
        )
        for y in sorted(by_year)
    ]
    top = sorted(causes_count.items(), key=lambda item: -item[1])[:10]
    return sector_rows, year_rows, top
