"""Arrivals as the receiving side's pages show them: each person expected at a point with
the local time, what to prepare for, the family unit and the handover's state for this
officer; grouped by local day and hour. Built from repatriations read through
``selectors.arrival_list`` / ``arrival_get`` (scoped, audited); the home pages that list
them are assembled in ``enlace.web.homes.reception``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from enlace.access import Actor
from enlace.agreements.core.rules import in_force, minor_receiver_for
from enlace.agreements.core.snapshots import VersionSnapshot
from enlace.agreements.models import Receiver
from enlace.agreements.selectors import arrangement_snapshots
from enlace.repatriation.models import Repatriation, RepatriationStatus

from .models import HandoverReceipt, ReceiptStatus

ILL = frozenset({"stable", "serious"})


class ArrivalState:
    SCHEDULED = "scheduled"
    OFFERED = "offered"  # offered to another officer
    AWAITING_YOU = "awaiting_you"  # offered to this user: they confirm it
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Marks:
    minor: bool
    pregnant: bool
    ill: bool
    ill_serious: bool
    disability: bool


@dataclass
class Arrival:
    """One person expected at the point: when (local), marks, family, handover status."""

    repatriation: Repatriation
    local: datetime
    marks: Marks
    state: str
    receipt: HandoverReceipt | None
    receiver: str = ""  # the receiving official when no receipt names one (minors)
    family: int = 0  # a number shared by the members of one family unit on the page

    @property
    def can_confirm(self) -> bool:
        return self.state == ArrivalState.AWAITING_YOU

    @property
    def handed_over(self) -> bool:
        return self.state == ArrivalState.HANDED_OVER

    @property
    def offered(self) -> bool:
        """Offered to another officer (``can_confirm`` when to this one)."""
        return self.state == ArrivalState.OFFERED

    @property
    def cancelled(self) -> bool:
        return self.state == ArrivalState.CANCELLED

    @property
    def scheduled(self) -> bool:
        """Scheduled, no handover offered yet."""
        return self.state == ArrivalState.SCHEDULED


@dataclass
class HourGroup:
    start: datetime  # the local hour, aware (the repeated autumn hour gives two groups)
    arrivals: list[Arrival] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return counts_of(self.arrivals)


@dataclass
class DayGroup:
    day: date
    hours: list[HourGroup] = field(default_factory=list)

    @property
    def arrivals(self) -> list[Arrival]:
        return [a for hour in self.hours for a in hour.arrivals]


def marks_of(repatriation: Repatriation) -> Marks:
    record = repatriation.manifest_record
    condition = record.medical_condition if record else ""
    return Marks(
        minor=repatriation.unaccompanied_minor or bool(record and record.unaccompanied_minor),
        pregnant=bool(record and record.pregnant),
        ill=condition in ILL,
        ill_serious=condition == "serious",
        disability=bool(record and record.disability),
    )


def arrival_state(repatriation: Repatriation, user: Actor) -> str:
    receipt: HandoverReceipt | None = getattr(repatriation, "receipt", None)
    if repatriation.status == RepatriationStatus.HANDED_OVER or (
        receipt is not None and receipt.status == ReceiptStatus.CONFIRMED
    ):
        return ArrivalState.HANDED_OVER
    if repatriation.status == RepatriationStatus.CANCELLED:
        return ArrivalState.CANCELLED
    if receipt is None:
        return ArrivalState.SCHEDULED
    if receipt.receiving_officer_id == user.pk:
        return ArrivalState.AWAITING_YOU
    return ArrivalState.OFFERED


def arrival_of(repatriation: Repatriation, user: Actor) -> Arrival:
    zone = ZoneInfo(repatriation.reception_point.time_zone)
    return Arrival(
        repatriation=repatriation,
        local=repatriation.scheduled_at.astimezone(zone),
        marks=marks_of(repatriation),
        state=arrival_state(repatriation, user),
        receipt=getattr(repatriation, "receipt", None),
    )


class MinorReceivers:
    """Who the agreements in force say receives an unaccompanied minor at a port and hour
    (the agreements are read once, and only if some minor has no receipt naming one)."""

    @cached_property
    def snapshots(self) -> list[VersionSnapshot]:
        return arrangement_snapshots()

    def label(self, repatriation: Repatriation) -> str:
        at = repatriation.scheduled_at
        versions = in_force(self.snapshots, port_code=repatriation.port_id, at=at)
        check = minor_receiver_for(versions, port_code=repatriation.port_id, at=at)
        return str(Receiver(check.receiver.value).label) if check else ""


def receivers_fill(arrivals: Iterable[Arrival]) -> None:
    lookup = MinorReceivers()
    for arrival in arrivals:
        if arrival.marks.minor and arrival.receipt is None:
            arrival.receiver = lookup.label(arrival.repatriation)


def _family_key(arrival: Arrival) -> tuple[int, int]:
    record = arrival.repatriation.manifest_record
    group = record.family_group_id if record else None
    return (0, group) if group else (1, arrival.repatriation.pk)


def hours_group(arrivals: list[Arrival]) -> list[DayGroup]:
    """Arrivals by local day and local hour; in each hour, family units together (in the
    order their first member arrives) and numbered."""
    days: dict[date, DayGroup] = {}
    hours: dict[float, HourGroup] = {}
    for arrival in arrivals:
        start = arrival.local.replace(minute=0, second=0, microsecond=0)
        day = days.setdefault(start.date(), DayGroup(start.date()))
        # Keyed by the instant, not the wall clock (aware datetimes of one zone compare as
        # wall clocks): 01:00 before and after the clocks go back are two hours.
        hour = hours.get(start.timestamp())
        if hour is None:
            hour = hours[start.timestamp()] = HourGroup(start)
            day.hours.append(hour)
        hour.arrivals.append(arrival)
    numbers: dict[tuple[int, int], int] = {}
    for hour in hours.values():
        order = {key: i for i, key in reversed(list(enumerate(map(_family_key, hour.arrivals))))}
        hour.arrivals.sort(key=lambda a: order[_family_key(a)])
        for arrival in hour.arrivals:
            key = _family_key(arrival)
            if key[0] == 0:
                arrival.family = numbers.setdefault(key, len(numbers) + 1)
    return sorted(days.values(), key=lambda d: d.day)


def counts_of(arrivals: list[Arrival]) -> dict[str, int]:
    """How many arrivals, and how many of them to prepare for or to confirm."""
    return {
        "total": len(arrivals),
        "minor": sum(a.marks.minor for a in arrivals),
        "pregnant": sum(a.marks.pregnant for a in arrivals),
        "ill": sum(a.marks.ill for a in arrivals),
        "disability": sum(a.marks.disability for a in arrivals),
        "awaiting_you": sum(a.can_confirm for a in arrivals),
    }
