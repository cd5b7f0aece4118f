"""Why each row got its point and hour, or why it could not be planned. Pure Python.

Reasons are stable codes with parameters; the Django side renders them in both languages
(``planning.messages``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

import numpy as np
import polars as pl

from .calendar import Calendar, from_minute
from .candidates import Candidates, Slots
from .units import Units


class RowStatus(StrEnum):
    PLANNED = "planned"
    KEPT = "kept"
    UNPLANNED = "unplanned"


class Reason(StrEnum):
    """Why a row has its handover, or has none. Stable: tests assert these."""

    LEAST_COST = "least_cost"
    CHEAPER_FULL = "cheaper_full"
    LOAD_BALANCE = "load_balance"
    KEPT = "kept_as_given"
    BLOCKED = "blocked"
    FAMILY_BLOCKED = "family_member_blocked"
    NO_POINT = "no_designated_point"
    NO_SLOT = "no_lawful_slot"
    NO_RECEIVER = "no_receiver_on_duty"
    NO_CAPACITY = "no_capacity"
    RECHECK = "recheck_failed"


@dataclass
class RowPlan:
    """The plan of one manifest row, with its explanation."""

    record_id: str
    unit: str
    status: RowStatus
    reason: Reason
    port: str = ""
    reception_point: str = ""
    handover_at: datetime | None = None
    notice_sent_at: datetime | None = None
    params: dict[str, Any] = field(default_factory=dict)
    considered: list[dict[str, Any]] = field(default_factory=list)


def local_text(minute: int, zone: str) -> str:
    return from_minute(minute, zone).isoformat(timespec="minutes")


def candidate_summary(cands: Candidates, slots: Slots) -> dict[tuple[int, int], tuple[int, int]]:
    """(unit, point) → (lawful slots weighed, first of them), for every unit at once."""
    frame = pl.DataFrame({"unit": cands.unit, "point": slots.point[cands.slot],
                          "minute": slots.minute[cands.slot]})  # fmt: skip
    grouped = frame.group_by("unit", "point").agg(pl.len(), pl.col("minute").min())
    return {(u, p): (n, m) for u, p, n, m in grouped.iter_rows()}


def considered_points(
    unit: int, cands: Candidates, summary: dict[tuple[int, int], tuple[int, int]],
    calendar: Calendar, km: np.ndarray,
) -> list[dict[str, Any]]:  # fmt: skip
    """Per point considered: distance, first lawful slot found and how many were weighed."""
    result = []
    for index in cands.considered.get(unit, []):
        point = calendar.points[index]
        count, first = summary.get((unit, index), (0, None))
        result.append({
            "port": point.port or "flight", "name": point.name,
            "km": None if point.flight else round(float(km[unit, index])),
            "lawful_slots": count,
            "first_lawful": local_text(first, point.zone) if first is not None else None,
        })  # fmt: skip
    return result


def choice_reason(
    unit: int, chosen: int, cands: Candidates, slots: Slots, load: np.ndarray, calendar: Calendar
) -> tuple[Reason, dict[str, Any]]:
    """The chosen candidate won because it was the cheapest, or because every cheaper one
    was at a full point-hour, or (else) to spread the load."""
    rows = cands.of(unit)
    cheaper = [k for k in rows if cands.cost[k] < cands.cost[chosen]]
    params: dict[str, Any] = {
        "km": int(cands.km[chosen]),
        "wait_hours": round(float(cands.wait[chosen]) / 60, 1),
        "candidates": len(rows),
    }
    if not cheaper:
        return Reason.LEAST_COST, params
    full = [
        k for k in cheaper
        if load[slots.bucket[cands.slot[k]]] >= slots.bucket_capacity[slots.bucket[cands.slot[k]]]
    ]  # fmt: skip
    if len(full) == len(cheaper):
        shown = []
        for k in full[:3]:
            point = calendar.points[int(slots.point[cands.slot[k]])]
            when = local_text(int(slots.minute[cands.slot[k]]), point.zone)
            shown.append(f"{point.port or 'flight'} {when}")
        return Reason.CHEAPER_FULL, params | {"full": ", ".join(shown), "cheaper": len(cheaper)}
    return Reason.LOAD_BALANCE, params | {"cheaper": len(cheaper)}


def unplanned_reason(unit: int, units: Units, cands: Candidates) -> Reason:
    """No candidate: no point, or no lawful slot (for a minor: no receiver on duty inside
    the vulnerable window); candidates but none taken: no capacity left."""
    if len(cands.of(unit)):
        return Reason.NO_CAPACITY
    if not cands.considered.get(unit):
        return Reason.NO_POINT
    if units.minor[unit]:
        return Reason.NO_RECEIVER
    return Reason.NO_SLOT
