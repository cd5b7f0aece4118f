"""Planning defaults: what the agreements do not say, kept as data with its assumptions.

Capacity of each reception point per hour, the duty hours of those who receive
unaccompanied minors, travel speed, ready time after apprehension, objective weights and
solver limits. Every value is an assumption marked ``[A]`` in ``planning/data/*.csv``
(see ``PROVENANCE.md`` there); change the files, not the code. Pure Python.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from enlace.agreements.core.parameters import Interval, Receiver, parse_days, parse_time

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ANY_POINT = "*"


@dataclass(frozen=True)
class PlanningDefaults:
    """The planner's parameters (defaults from the data files; override with ``with_``)."""

    capacity: dict[str, int]
    receiver_duty: dict[Receiver, Interval]
    processing_hours: float = 6.0
    road_factor: float = 1.3
    speed_kmh: float = 60.0
    candidate_points: int = 4
    slots_per_point: int = 10
    horizon_hours: int = 72
    km_weight: int = 1
    wait_weight: int = 10
    balance_weight: int = 5
    comfort_share: float = 0.5
    unplanned_weight: int = 100_000
    time_limit_seconds: float = 20.0
    workers: int = 2
    flight_departure: int = 600  # minutes after local midnight
    flight_hours: float = 3.0
    flight_seats: int = 135
    flight_zone: str = "America/Phoenix"
    extra: dict[str, Any] = field(default_factory=dict)

    def capacity_of(self, reception_point: str) -> int:
        return self.capacity.get(reception_point, self.capacity.get(ANY_POINT, 0))

    def with_(self, **changes: Any) -> PlanningDefaults:
        return replace(self, **changes)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


_INTEGERS = {
    "candidate_points", "slots_per_point", "horizon_hours", "km_weight", "wait_weight",
    "balance_weight", "unplanned_weight", "workers", "flight_seats",
}  # fmt: skip
_FLOATS = {
    "processing_hours", "road_factor", "speed_kmh", "comfort_share", "time_limit_seconds",
    "flight_hours",
}  # fmt: skip


def _parameter(name: str, raw: str) -> Any:
    if name in _INTEGERS:
        return int(raw)
    if name in _FLOATS:
        return float(raw)
    if name == "flight_departure":
        return parse_time(raw, name)
    return raw


def planning_defaults(data_dir: Path = DATA_DIR) -> PlanningDefaults:
    """Read the planning defaults from ``data_dir`` (the package's data by default)."""
    capacity = {
        row["reception_point"]: int(row["persons_per_hour"])
        for row in _rows(data_dir / "capacity.csv")
    }
    duty = {
        Receiver(row["receiver"]): Interval(
            parse_days(row["days"], "days"),
            parse_time(row["start"], "start"),
            parse_time(row["end"], "end"),
        )
        for row in _rows(data_dir / "receivers.csv")
    }
    values = {
        row["name"]: _parameter(row["name"], row["value"])
        for row in _rows(data_dir / "parameters.csv")
    }
    return PlanningDefaults(capacity=capacity, receiver_duty=duty, **values)
