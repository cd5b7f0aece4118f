"""Candidate (point, slot) pairs for every unit: only lawful ones, with their cost.

A unit may go to one of its nearest designated points (``candidate_points``), at the first
lawful slots there (``slots_per_point``) that are not earlier than the unit's ready time
plus the travel from custody, leave the agreed notice lead time, and fall inside the
window that applies to it (the general window; the stricter one if a member is
vulnerable; a receiver on duty if a member is an unaccompanied minor), within the horizon.
Units whose members all consented to an interior flight (and may take one) may also take
a seat on a flight of the program in force. Vectorized per (point, kind of unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from .calendar import Calendar, Point, Slot, from_minute
from .defaults import PlanningDefaults
from .units import Units

EARTH_KM = 6371.0
ADULT, VULNERABLE, MINOR = 0, 1, 2


def haversine_km(lat: np.ndarray, lon: np.ndarray, plat: float, plon: float) -> np.ndarray:
    la1, lo1 = np.radians(lat), np.radians(lon)
    la2, lo2 = np.radians(plat), np.radians(plon)
    a = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class Slots:
    """Every slot of the batch, numbered; ``bucket`` is the capacity group (a reception
    point's hour, or one flight)."""

    point: np.ndarray
    minute: np.ndarray
    lead: np.ndarray
    receiver: list[str]
    reception: list[str]
    bucket: np.ndarray
    bucket_keys: list[tuple[str, int]]
    bucket_capacity: np.ndarray


@dataclass
class Candidates:
    unit: np.ndarray
    slot: np.ndarray
    km: np.ndarray  # lateral displacement, rounded
    wait: np.ndarray  # minutes from ready to handover
    cost: np.ndarray  # objective coefficient, all members, in 1/60 (solve.SCALE)
    considered: dict[int, list[int]]  # unit → points considered
    _starts: np.ndarray | None = field(default=None, init=False, repr=False)

    def of(self, unit: int) -> range:
        """Indices of the unit's candidates (they are sorted by unit, then cost)."""
        if self._starts is None:
            last = int(self.unit.max(initial=-1))
            self._starts = np.searchsorted(self.unit, np.arange(last + 2))
        if unit + 1 >= len(self._starts):
            return range(0)
        return range(int(self._starts[unit]), int(self._starts[unit + 1]))


def unit_kind(units: Units) -> np.ndarray:
    return np.where(units.minor, MINOR, np.where(units.vulnerable, VULNERABLE, ADULT))


def _days(units: Units, defaults: PlanningDefaults) -> list[date]:
    low = from_minute(int(units.ready.min()), "UTC").date() - timedelta(days=1)
    high = from_minute(int(units.ready.max()), "UTC").date()
    high += timedelta(days=defaults.horizon_hours // 24 + 2)
    return [low + timedelta(days=i) for i in range((high - low).days + 1)]


def slots_build(calendar: Calendar, units: Units) -> tuple[Slots, list[list[Slot]]]:
    """Every slot of every point over the days the units may need."""
    defaults = calendar.defaults
    per_point: list[list[Slot]] = [[] for _ in calendar.points]
    for point in calendar.points:
        for day in _days(units, defaults):
            per_point[point.index].extend(calendar.slots(point, day))
    flat = [s for slots in per_point for s in slots]
    keys: dict[tuple[str, int], int] = {}
    capacity: list[int] = []
    bucket = np.empty(len(flat), dtype=np.int64)
    for i, slot in enumerate(flat):
        flight = calendar.points[slot.point].flight
        key = (("flight:" if flight else "") + slot.reception_point, slot.minute // 60)
        if key not in keys:
            keys[key] = len(keys)
            capacity.append(slot.seats if flight else defaults.capacity_of(slot.reception_point))
        bucket[i] = keys[key]
    slots = Slots(
        point=np.array([s.point for s in flat], dtype=np.int64),
        minute=np.array([s.minute for s in flat], dtype=np.int64),
        lead=np.array([s.lead for s in flat], dtype=np.int64),
        receiver=[s.receiver for s in flat],
        reception=[s.reception_point for s in flat],
        bucket=bucket,
        bucket_keys=list(keys),
        bucket_capacity=np.array(capacity, dtype=np.int64),
    )
    return slots, per_point


def _usable(slots: list[Slot], kind: int, point: Point) -> np.ndarray:
    if kind == MINOR:
        return np.array([s.minor for s in slots], dtype=bool)
    if kind == VULNERABLE:
        return np.array([s.vulnerable for s in slots], dtype=bool)
    return np.array([s.adult for s in slots], dtype=bool)


def distances(calendar: Calendar, units: Units) -> np.ndarray:
    """Lateral displacement (km) of each unit to each port point; 0 where unknown."""
    km = np.zeros((len(units), len(calendar.points)))
    for point in calendar.points:
        if not point.flight:
            km[:, point.index] = haversine_km(units.lat, units.lon, point.lat, point.lon)
    return np.nan_to_num(km, nan=0.0)


def _nearest(km: np.ndarray, open_points: list[int], count: int) -> np.ndarray:
    """The ``count`` nearest open points of each unit (all of them when the place is
    unknown, i.e. every distance is 0)."""
    columns = np.array(open_points, dtype=np.int64)
    order = np.argsort(km[:, columns], axis=1, kind="stable")[:, :count]
    return columns[order]


def candidates_build(
    calendar: Calendar, units: Units, slots: Slots, per_point: list[list[Slot]]
) -> Candidates:
    """The lawful candidates of every unit, with integer costs."""
    defaults = calendar.defaults
    km = distances(calendar, units)
    travel = np.ceil(km * defaults.road_factor / defaults.speed_kmh * 60).astype(np.int64)
    open_points = [p.index for p in calendar.points if not p.flight and per_point[p.index]]
    unknown = np.array([not where for where in units.located_by])
    nearest = _nearest(km, open_points, defaults.candidate_points) if open_points else None
    kinds = unit_kind(units)
    offsets = np.cumsum([0] + [len(s) for s in per_point])
    parts: list[tuple[np.ndarray, ...]] = []
    considered: dict[int, list[int]] = {}
    for point in calendar.points:
        if not per_point[point.index]:
            continue
        if point.flight:
            chosen = units.interior.copy()
        elif nearest is None:
            continue
        else:
            chosen = (nearest == point.index).any(axis=1) | unknown
        for u in np.flatnonzero(chosen):
            considered.setdefault(int(u), []).append(point.index)
        for kind in (ADULT, VULNERABLE, MINOR):
            members = np.flatnonzero(chosen & (kinds == kind))
            if point.flight:
                members = _flight_members(members, per_point[point.index], units, kind)
            if len(members):
                parts.append(
                    _point_candidates(point, kind, members, per_point[point.index],
                                      int(offsets[point.index]), units, travel, km, defaults)
                )  # fmt: skip
    return _assemble(parts, units, considered, defaults, slots.bucket)


def _flight_members(members: np.ndarray, slots: list[Slot], units: Units, kind: int) -> np.ndarray:
    """Flights take no vulnerable units, and only units held in an eligible sector."""
    if kind != ADULT or not slots:
        return members[:0]
    eligible = set().union(*(s.sectors for s in slots))
    return np.array([u for u in members if units.sector[u] in eligible], dtype=np.int64)


def _point_candidates(
    point: Point,
    kind: int,
    members: np.ndarray,
    slots: list[Slot],
    offset: int,
    units: Units,
    travel: np.ndarray,
    km: np.ndarray,
    defaults: PlanningDefaults,
) -> tuple[np.ndarray, ...]:
    usable = np.flatnonzero(_usable(slots, kind, point))
    minute = np.array([slots[i].minute for i in usable], dtype=np.int64)
    lead = np.array([slots[i].lead for i in usable], dtype=np.int64)
    if not len(usable):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty, empty
    earliest = units.ready[members] + travel[members, point.index]
    first = np.maximum(
        np.searchsorted(minute, earliest),
        np.searchsorted(minute - lead, units.notice_base[members]),
    )
    steps = np.arange(defaults.slots_per_point)
    index = first[:, None] + steps[None, :]
    inside = index < len(usable)
    index = np.minimum(index, len(usable) - 1)
    horizon = units.ready[members] + defaults.horizon_hours * 60
    valid = (
        inside
        & (minute[index] >= earliest[:, None])
        & (minute[index] - lead[index] >= units.notice_base[members][:, None])
        & (minute[index] <= horizon[:, None])
    )
    rows, cols = np.nonzero(valid)
    unit = members[rows]
    slot = offset + usable[index[rows, cols]]
    return (
        unit,
        slot,
        np.zeros_like(unit) if point.flight else km[unit, point.index],
        minute[index[rows, cols]] - units.ready[unit],
    )


def _assemble(
    parts: list[tuple[np.ndarray, ...]],
    units: Units,
    considered: dict[int, list[int]],
    defaults: PlanningDefaults,
    bucket: np.ndarray,
) -> Candidates:
    parts = [p for p in parts if len(p[0])]
    if not parts:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, empty, empty, empty, considered)
    unit = np.concatenate([p[0] for p in parts])
    slot = np.concatenate([p[1] for p in parts])
    km = np.rint(np.concatenate([p[2] for p in parts])).astype(np.int64)
    wait = np.concatenate([p[3] for p in parts]).astype(np.int64)
    # In 1/60 of a unit: a minute of waiting costs wait_weight / 60 exactly.
    cost = units.size[unit] * (defaults.km_weight * km * 60 + defaults.wait_weight * wait)
    order = _dominant(unit, bucket[slot], cost)
    return Candidates(unit[order], slot[order], km[order], wait[order], cost[order], considered)


def _dominant(unit: np.ndarray, bucket: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Candidates in (unit, cost) order, keeping for each unit only the cheapest of those
    that use the same capacity group (the others take the same room for more cost)."""
    order = np.lexsort((cost, bucket, unit))
    pair = unit[order] * (int(bucket.max()) + 1) + bucket[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = pair[1:] != pair[:-1]
    kept = order[first]
    return kept[np.lexsort((cost[kept], unit[kept]))]
