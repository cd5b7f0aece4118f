"""The kinds of parameter an arrangement version sets, and their typed values. Pure Python.

Times are minutes after local midnight, 0 to 1440; an interval is ``[start, end)``. Days are
0 (Monday) to 6 (Sunday). Parsing and checking the JSON form is ``parameters``' job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum, StrEnum


class ParameterKind(StrEnum):
    DESIGNATED_POINT = "designated_point"
    HANDOVER_WINDOW = "handover_window"
    VULNERABLE_WINDOW = "vulnerable_window"
    MINOR_RECEIVERS = "minor_receivers"
    ADVANCE_NOTICE = "advance_notice"
    TVPRA_FROM = "tvpra_from"
    INTERIOR_SEASON = "interior_season"
    INTERIOR_ROUTE = "interior_route"
    INTERIOR_SECTORS = "interior_sectors"
    INTERIOR_FLIGHTS_PER_WEEK = "interior_flights_per_week"
    INTERIOR_FLIGHT_DAYS = "interior_flight_days"
    INTERIOR_SEATS = "interior_seats"
    INTERIOR_CONDITIONS = "interior_conditions"


# The compliance rules a clause can say it enforces (the engine's rule ids).
ENFORCEABLE_RULES = (
    "PORT", "HOURS", "VULNERABLE_HOURS", "MINOR_RECEIVER", "TVPRA_SCREENING", "FAMILY_UNITY",
    "CONSULAR_NOTIFICATION", "ADVANCE_NOTICE", "CRIMINAL_NOTICE", "BELONGINGS", "MEDICAL",
    "INTERIOR_CONSENT", "STATS_COMPLETENESS", "HANDOVER_PAST",
)  # fmt: skip


class Receiver(StrEnum):
    """Who receives an unaccompanied minor at handover."""

    CONSULATE = "consulate"
    INM_OPI = "inm_opi"
    DIF = "dif"
    INM_OPI_DIF = "inm_opi_dif"


class DefaultReason(StrEnum):
    """Why a value is a default rather than a value read in a source."""

    NOT_IN_SOURCES = "not_in_sources"
    PARTLY_IN_SOURCES = "partly_in_sources"
    CARRIED_FORWARD = "carried_forward"


class Confidence(StrEnum):
    """The confidence tags of ``domain-rules.md``."""

    VERIFIED = "V"
    PARTLY = "P"
    UNVERIFIED = "U"


class Place(Enum):
    REQUIRED = "required"
    OPTIONAL = "optional"
    FORBIDDEN = "forbidden"


INTERIOR_CONDITION_KEYS = (
    "voluntary",
    "mexican_nationals_only",
    "written_consent",
    "private_consular_interview",
    "family_unity",
    "vulnerable_follow_special_procedures",
)


# --- values -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """On ``days``, from ``start`` (inclusive) to ``end`` (exclusive), in minutes."""

    days: frozenset[int]
    start: int
    end: int

    def contains(self, local: datetime) -> bool:
        minute = local.hour * 60 + local.minute
        return local.weekday() in self.days and self.start <= minute < self.end


@dataclass(frozen=True)
class Window:
    """Handover hours: a local time is inside when any interval contains it."""

    intervals: tuple[Interval, ...]

    def contains(self, local: datetime) -> bool:
        return any(interval.contains(local) for interval in self.intervals)


@dataclass(frozen=True)
class ReceiverInterval:
    interval: Interval
    receiver: Receiver


@dataclass(frozen=True)
class MinorReceivers:
    """Who receives unaccompanied minors: the first matching interval, else ``otherwise``."""

    intervals: tuple[ReceiverInterval, ...]
    otherwise: Receiver

    def receiver_at(self, local: datetime) -> Receiver:
        for rule in self.intervals:
            if rule.interval.contains(local):
                return rule.receiver
        return self.otherwise


@dataclass(frozen=True)
class Minutes:
    minutes: int


@dataclass(frozen=True)
class OnDate:
    date: date


@dataclass(frozen=True)
class Season:
    start: date | None
    end: date | None  # inclusive


@dataclass(frozen=True)
class Route:
    origin: str | None
    destinations: tuple[str, ...]


@dataclass(frozen=True)
class Sectors:
    sectors: tuple[str, ...]


@dataclass(frozen=True)
class Count:
    value: int | None  # None: the sources set no number, and none is enforced


@dataclass(frozen=True)
class Days:
    days: frozenset[int] | None  # None: any day


@dataclass(frozen=True)
class Conditions:
    flags: tuple[tuple[str, bool], ...]

    def get(self, key: str) -> bool:
        return dict(self.flags)[key]


@dataclass(frozen=True)
class NoValue:
    """A designated point says everything with its port and reception point."""


ParameterValue = (
    Window
    | MinorReceivers
    | Minutes
    | OnDate
    | Season
    | Route
    | Sectors
    | Count
    | Days
    | Conditions
    | NoValue
)
