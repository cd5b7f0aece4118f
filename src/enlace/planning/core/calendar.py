"""The lawful handover slots of every designated point, read from the agreements in force.

For each port and local date the calendar asks the agreements core what is in force (the
same ``in_force`` / ``designation_for`` / ``parameter_for`` the compliance engine's rule
table is built from) and lists the handover moments of the day: every whole hour, and the
start of a window that does not open on the hour. Each moment carries whether it is inside
the general window, inside the stricter window for vulnerable persons, and whether a
receiver of unaccompanied minors is on duty then (the agreement says who receives at that
hour; ``receivers.csv`` says when they are on duty). Interior flights of the program in
force are slots too, at the program's reception point. Pure Python.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from enlace.agreements.core.authored import REFERENCE_DIR
from enlace.agreements.core.parameters import (
    Count,
    Days,
    MinorReceivers,
    Minutes,
    ParameterKind,
    Season,
    Sectors,
    Window,
)
from enlace.agreements.core.rules import designation_for, in_force, parameter_for
from enlace.agreements.core.snapshots import AgreementKind, VersionSnapshot

from .defaults import PlanningDefaults

T = TypeVar("T")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FLIGHT = "flight"


@dataclass(frozen=True)
class Point:
    """A place a unit can be handed over: a port (with its INM module) or interior flights."""

    index: int
    port: str  # CBP port code; "" for the interior flights
    reception_point: str
    zone: str
    lat: float
    lon: float
    name: str

    @property
    def flight(self) -> bool:
        return not self.port


@dataclass(frozen=True)
class Slot:
    """One handover moment at a point. ``minute`` counts minutes since 1970 (UTC)."""

    point: int
    minute: int
    adult: bool
    vulnerable: bool
    minor: bool
    receiver: str
    lead: int
    reception_point: str
    seats: int = 0  # flights only: seats on the flight
    sectors: frozenset[str] = frozenset()  # flights only: eligible apprehension sectors


def epoch_minute(moment: datetime) -> int:
    return int((moment - EPOCH).total_seconds() // 60)


def from_minute(minute: int, zone: str) -> datetime:
    return (EPOCH + timedelta(minutes=int(minute))).astimezone(ZoneInfo(zone))


def _reference(name: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sector_places(reference_dir: Path = REFERENCE_DIR) -> dict[str, tuple[float, float]]:
    """Border Patrol sector headquarters (custody when a row gives no coordinates), by
    current and former code."""
    places: dict[str, tuple[float, float]] = {}
    for row in _reference("sectors.csv"):
        place = (float(row["latitude"]), float(row["longitude"]))
        places[row["code"]] = place
        if row["former_code"]:
            places[row["former_code"]] = place
    return places


def _local_moments(day: date, zone: ZoneInfo, extra: set[int]) -> list[tuple[int, datetime]]:
    """(minute of day, aware local time) for every whole hour and the extra minutes; a
    moment that does not exist on that day (the spring-forward hour) is left out."""
    moments = []
    for minute in sorted({h * 60 for h in range(24)} | extra):
        naive = datetime.combine(day, time(minute // 60, minute % 60))
        local = naive.replace(tzinfo=zone)
        if local.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
            continue
        moments.append((minute, local))
    return moments


def _window_starts(window: Window | None, weekday: int) -> set[int]:
    if window is None:
        return set()
    return {i.start for i in window.intervals if weekday in i.days and i.start % 60}


class Calendar:
    """Slots per (point, local date), computed once and cached; points are numbered."""

    def __init__(self, snapshots: Sequence[VersionSnapshot], defaults: PlanningDefaults) -> None:
        self.snapshots = list(snapshots)
        self.defaults = defaults
        ports = {p.code: p for s in self.snapshots for p in s.ports}
        rows = {row["code"]: row for row in _reference("ports.csv")}
        self.points: list[Point] = []
        for code in sorted(ports):
            row = rows.get(code)
            if row is None:
                continue
            self.points.append(
                Point(len(self.points), code, "", ports[code].time_zone,
                      float(row["latitude"]), float(row["longitude"]), row["name"])
            )  # fmt: skip
        origin = sector_places().get("TCA", (32.2, -110.9))
        self.flight = Point(len(self.points), "", "", "America/Mexico_City", *origin, FLIGHT)
        self.points.append(self.flight)
        self._days: dict[tuple[int, date], list[Slot]] = {}

    def slots(self, point: Point, day: date) -> list[Slot]:
        key = (point.index, day)
        if key not in self._days:
            maker = self._flight_slots if point.flight else self._port_slots
            self._days[key] = maker(point, day)
        return self._days[key]

    def _port_slots(self, point: Point, day: date) -> list[Slot]:
        zone = ZoneInfo(point.zone)
        versions = in_force(
            self.snapshots, port_code=point.port, at=datetime.combine(day, time(12), zone)
        )
        designation = designation_for(versions, port_code=point.port)
        if not designation.listed or designation.point is None:
            return []
        reception = designation.point.parameter.reception_point or ""
        general = _value(versions, ParameterKind.HANDOVER_WINDOW, point.port, Window)
        special = _value(versions, ParameterKind.VULNERABLE_WINDOW, point.port, Window)
        receivers = _value(versions, ParameterKind.MINOR_RECEIVERS, point.port, MinorReceivers)
        lead = _value(versions, ParameterKind.ADVANCE_NOTICE, point.port, Minutes)
        weekday = day.weekday()
        extra = _window_starts(general, weekday) | _window_starts(special, weekday)
        slots = []
        for _minute, local in _local_moments(day, zone, extra):
            adult = general is None or general.contains(local)
            vulnerable = adult and (special is None or special.contains(local))
            who = receivers.receiver_at(local) if receivers else None
            duty = self.defaults.receiver_duty.get(who) if who else None
            on_duty = duty is not None and duty.contains(local)
            receiver = who.value if who and on_duty else ""
            slots.append(
                Slot(point.index, epoch_minute(local), adult, vulnerable, vulnerable and on_duty,
                     receiver, lead.minutes if lead else 0, reception)
            )  # fmt: skip
        return slots

    def _flight_slots(self, point: Point, day: date) -> list[Slot]:
        """The program's flights on ``day`` (departure in ``flight_zone``), with seats."""
        programs = [
            s for s in self.snapshots if s.kind == AgreementKind.PROGRAM and s.in_effect_on(day)
        ]
        if not programs:
            return []
        season = _value(programs, ParameterKind.INTERIOR_SEASON, None, Season)
        if season and ((season.start and day < season.start) or (season.end and day > season.end)):
            return []
        if day.weekday() not in flight_days(programs):
            return []
        points = [p for v in programs for p in v.parameters_of(ParameterKind.DESIGNATED_POINT)]
        reception = points[-1].reception_point if points else ""
        if not reception:
            return []
        seats = _value(programs, ParameterKind.INTERIOR_SEATS, None, Count)
        sectors = _value(programs, ParameterKind.INTERIOR_SECTORS, None, Sectors)
        departure = datetime.combine(day, time(0), ZoneInfo(self.defaults.flight_zone))
        departure += timedelta(minutes=self.defaults.flight_departure)
        arrival = departure + timedelta(hours=self.defaults.flight_hours)
        national = _national_lead(self.snapshots, day)
        return [
            Slot(point.index, epoch_minute(arrival), True, False, False, "", national,
                 reception,
                 seats=(seats.value if seats and seats.value else self.defaults.flight_seats),
                 sectors=frozenset(sectors.sectors) if sectors else frozenset())
        ]  # fmt: skip


def _value(
    versions: Sequence[VersionSnapshot], kind: ParameterKind, port: str | None, cls: type[T]
) -> T | None:
    ref = parameter_for(versions, kind=kind, port_code=port)
    value = ref.parameter.value if ref is not None else None
    return value if isinstance(value, cls) else None


def flight_days(programs: Sequence[VersionSnapshot]) -> frozenset[int]:
    """The program's flight days; when it sets none but a number a week, spread them over
    the week (3 → Monday, Wednesday, Friday) [assumption]."""
    days = _value(programs, ParameterKind.INTERIOR_FLIGHT_DAYS, None, Days)
    if days is not None and days.days is not None:
        return days.days
    weekly = _value(programs, ParameterKind.INTERIOR_FLIGHTS_PER_WEEK, None, Count)
    if weekly is not None and weekly.value and weekly.value < 7:
        return frozenset(round(i * 7 / weekly.value) % 7 for i in range(weekly.value))
    return frozenset(range(7))


def _national_lead(snapshots: Sequence[VersionSnapshot], day: date) -> int:
    national = [
        s for s in snapshots if s.national and s.kind == AgreementKind.MOU and s.in_effect_on(day)
    ]
    national.sort(key=lambda s: (s.effective_from, s.agreement))
    lead = _value(national[-1:], ParameterKind.ADVANCE_NOTICE, None, Minutes)
    return lead.minutes if lead is not None else 0
