"""The baseline: scheduling as done by hand — nearest point, first free hour.

Each person in turn (by ready time) goes to the nearest designated point, at the first
hour inside the point's general window that still has room, with the notice sent the lead
time before. It ignores what a hurried hand schedule forgets: the stricter window for
vulnerable persons, the receivers of minors, and keeping a family on one handover when
the hour fills up between two members. The benchmark measures what that costs.
"""

from __future__ import annotations

import bisect

import numpy as np
import polars as pl

from .calendar import Calendar, from_minute
from .candidates import distances, slots_build
from .plan import Load, manifest_frame
from .units import units_build

__all__ = ["greedy_plan", "manifest_frame"]


def greedy_plan(frame: pl.DataFrame, calendar: Calendar, load: Load | None = None) -> pl.DataFrame:
    """The frame with a handover for each person the baseline could place."""
    load = {} if load is None else load
    defaults = calendar.defaults
    persons = units_build(
        frame.with_columns(pl.lit(None, dtype=pl.String).alias("family_group_id")), defaults
    )
    _, per_point = slots_build(calendar, persons)
    open_points = [p.index for p in calendar.points if not p.flight and per_point[p.index]]
    km = distances(calendar, persons)[:, open_points]
    nearest = np.array(open_points)[np.argmin(km, axis=1)] if open_points else None
    travel = np.ceil(km.min(axis=1) * defaults.road_factor / defaults.speed_kmh * 60)
    minutes = [[s.minute for s in slots_of] for slots_of in per_point]
    ports: list[str | None] = [None] * frame.height
    times: list[str | None] = [None] * frame.height
    notices = frame["notice_sent_at"].to_list()
    for u in np.argsort(persons.ready, kind="stable").tolist():
        if nearest is None:
            break
        point = calendar.points[int(nearest[u])]
        earliest = int(persons.ready[u] + travel[u])
        horizon = int(persons.ready[u]) + defaults.horizon_hours * 60
        day = per_point[point.index]
        start = bisect.bisect_left(minutes[point.index], earliest)
        for slot in day[start:]:
            if (
                slot.minute < earliest
                or not slot.adult
                or slot.minute - slot.lead < persons.notice_base[u]
            ):
                continue
            if slot.minute > horizon:
                break
            key = (slot.reception_point, slot.minute // 60)
            if load.get(key, 0) >= defaults.capacity_of(slot.reception_point):
                continue
            load[key] = load.get(key, 0) + 1
            row = persons.members[u][0]
            ports[row] = point.port
            times[row] = from_minute(slot.minute, point.zone).isoformat(timespec="minutes")
            if not notices[row]:
                notices[row] = from_minute(slot.minute - slot.lead, point.zone).isoformat(
                    timespec="minutes"
                )
            break
    return frame.with_columns(
        pl.Series("handover_port", ports, dtype=pl.String),
        pl.Series("handover_at", times, dtype=pl.String),
        pl.Series("notice_sent_at", notices, dtype=pl.String),
    )
