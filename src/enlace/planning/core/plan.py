"""Plan a batch of manifest rows: units → lawful candidates → assignment → re-check.

``batch_plan`` takes manifest rows as a Polars frame of text columns (format v1; one
manifest, or every manifest of a day) and returns the same rows with ``handover_port``,
``handover_at`` and ``notice_sent_at`` filled where a lawful handover was found, one
``RowPlan`` per row saying why, and the solver's figures. ``Load`` carries the persons
already placed per reception point and hour from batch to batch (day by day).

Rows are never planned in violation: blocking findings no handover can cure (belongings
pending, a serious condition without clearance, a missing consular notification…) leave
the whole unit unplanned, and every planned row is checked again by the compliance engine;
a row that would still break a rule is taken back and reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import polars as pl

from enlace.repatriation.core.compliance import RuleTable, check_frame
from enlace.repatriation.core.manifest import COLUMNS

from .calendar import Calendar, epoch_minute, from_minute
from .candidates import Candidates, Slots, candidates_build, distances, slots_build
from .explain import (
    Reason,
    RowPlan,
    RowStatus,
    candidate_summary,
    choice_reason,
    considered_points,
    unplanned_reason,
)
from .solve import Solution, assignment_solve, problem_build
from .units import Units, units_build

PLANNED_COLUMNS = ("handover_port", "handover_at", "notice_sent_at")
Load = dict[tuple[str, int], int]


@dataclass
class BatchPlan:
    frame: pl.DataFrame
    rows: list[RowPlan]
    solution: Solution
    units: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def planned(self) -> int:
        return sum(1 for r in self.rows if r.status != RowStatus.UNPLANNED)

    @property
    def unplanned(self) -> int:
        return sum(1 for r in self.rows if r.status == RowStatus.UNPLANNED)


def manifest_frame(rows: Sequence[dict[str, str]]) -> pl.DataFrame:
    """Manifest rows (column → text) as the planner's frame; empty cells are null."""
    columns = {name: [row.get(name) or None for row in rows] for name in COLUMNS}
    return pl.DataFrame(columns, schema=dict.fromkeys(COLUMNS, pl.String))


def _blocking(found: pl.DataFrame) -> dict[str, dict]:
    """The first blocking finding of each record (rule order)."""
    first: dict[str, dict] = {}
    for row in found.filter(pl.col("severity") == "block").iter_rows(named=True):
        first.setdefault(row["record_id"], row)
    return first


def _cite(finding: dict) -> dict[str, str]:
    return {k: finding[k] or "" for k in ("rule", "agreement", "version", "clause")}


@dataclass
class _Batch:
    frame: pl.DataFrame
    calendar: Calendar
    units: Units
    rows: list[RowPlan | None]
    record_ids: list[str]


def _given_lead(batch: _Batch, port: str, moment: datetime) -> int:
    """The notice lead time (minutes) the agreements require at ``port`` on the day of
    ``moment`` (0 when the port has no lawful slot that day: the rules block it anyway)."""
    point = next((p for p in batch.calendar.points if p.port == port), None)
    if point is None:
        return 0
    slots = batch.calendar.slots(point, moment.astimezone(ZoneInfo(point.zone)).date())
    return slots[0].lead if slots else 0


def _in_time(batch: _Batch, members: list[int], floor: int | None) -> bool:
    """Every member's given handover is at least the notice lead time after ``floor``
    (the moment of planning); without a floor any time is."""
    if floor is None:
        return True
    frame = batch.frame
    for r in members:
        moment = datetime.fromisoformat(frame["handover_at"][r])
        if epoch_minute(moment) < floor + _given_lead(batch, frame["handover_port"][r], moment):
            return False
    return True


def _triage(
    batch: _Batch, table: RuleTable, floor: int | None = None
) -> tuple[list[int], list[int]]:
    """Split units into kept (a lawful handover given, not before ``floor`` plus the notice
    lead time), blocked (reported) and to plan."""
    frame = batch.frame
    given = _blocking(check_frame(frame, table))
    cleared = frame.with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in ("handover_port", "handover_at")
    )
    incurable = _blocking(check_frame(cleared, table))
    ports, times = frame["handover_port"].to_list(), frame["handover_at"].to_list()
    kept, to_plan = [], []
    for u, members in enumerate(batch.units.members):
        ids = [batch.record_ids[r] for r in members]
        stopped = [(r, incurable[i]) for r, i in zip(members, ids, strict=True) if i in incurable]
        if stopped:
            _report_blocked(batch, u, stopped)
        elif (
            all(ports[r] and times[r] for r in members)
            and not any(i in given for i in ids)
            and _in_time(batch, members, floor)
        ):
            kept.append(u)
        else:
            to_plan.append(u)
    return kept, to_plan


def _report_blocked(batch: _Batch, unit: int, stopped: list[tuple[int, dict]]) -> None:
    by_row = dict(stopped)
    first = _cite(stopped[0][1])
    for r in batch.units.members[unit]:
        finding = by_row.get(r)
        reason = Reason.BLOCKED if finding else Reason.FAMILY_BLOCKED
        params = _cite(finding) if finding else first | {"record": batch.record_ids[stopped[0][0]]}
        batch.rows[r] = RowPlan(batch.record_ids[r], batch.units.keys[unit], RowStatus.UNPLANNED,
                                reason, params=params)  # fmt: skip


def _keep(batch: _Batch, kept: list[int], load: Load) -> None:
    """Kept units stay as given and take their place in the load."""
    frame = batch.frame
    for u in kept:
        first = batch.units.members[u][0]
        port = frame["handover_port"][first]
        moment = datetime.fromisoformat(frame["handover_at"][first])
        minute = epoch_minute(moment)
        point = next((p for p in batch.calendar.points if p.port == port), None)
        day = moment.astimezone(ZoneInfo(point.zone)).date() if point else None
        slots = batch.calendar.slots(point, day) if point and day else []
        reception = slots[0].reception_point if slots else ""
        key = (reception, minute // 60)
        load[key] = load.get(key, 0) + int(batch.units.size[u])
        for r in batch.units.members[u]:
            notice = frame["notice_sent_at"][r]
            batch.rows[r] = RowPlan(
                batch.record_ids[r], batch.units.keys[u], RowStatus.KEPT, Reason.KEPT,
                port=port, reception_point=reception, handover_at=moment,
                notice_sent_at=datetime.fromisoformat(notice) if notice else None,
            )  # fmt: skip


def batch_plan(
    frame: pl.DataFrame,
    table: RuleTable,
    calendar: Calendar,
    *,
    load: Load | None = None,
    not_before: datetime | None = None,
) -> BatchPlan:
    """Plan the rows of ``frame`` (text columns of format v1; empty cells null).

    With ``not_before`` (the moment of planning), no handover is planned or kept earlier
    than that moment plus the notice lead time the agreements require there: units are
    ready no earlier, the receiving side can be told no earlier, and a given handover too
    soon is planned again."""
    load = {} if load is None else load
    defaults = calendar.defaults
    floor = epoch_minute(not_before) if not_before else None
    units = units_build(frame, defaults, not_before=floor)
    batch = _Batch(frame, calendar, units, [None] * frame.height, frame["record_id"].to_list())
    kept, to_plan = _triage(batch, table, floor)
    _keep(batch, kept, load)
    solution = Solution(np.full(0, -1), 0.0, True, 0.0)
    if to_plan:
        index = np.array(to_plan, dtype=np.int64)
        solution = _assign(batch, units.take(index), index, load)
    out = _written(batch)
    out = _recheck(batch, out, table)
    _load_add(batch, load)
    rows = [row for row in batch.rows if row is not None]
    return BatchPlan(out, rows, solution, units=len(units))


def _assign(batch: _Batch, sub: Units, index: np.ndarray, load: Load) -> Solution:
    calendar = batch.calendar
    slots, per_point = slots_build(calendar, sub)
    cands = candidates_build(calendar, sub, slots, per_point)
    used = np.array([load.get(key, 0) for key in slots.bucket_keys], dtype=np.int64)
    problem = problem_build(cands, sub.size, slots, used, calendar.defaults)
    solution = assignment_solve(problem, len(sub))
    after = used.copy()
    for u, k in enumerate(solution.choice.tolist()):
        if k >= 0:
            after[slots.bucket[cands.slot[k]]] += sub.size[u]
    km = distances(calendar, sub)
    summary = candidate_summary(cands, slots)
    for u, k in enumerate(solution.choice.tolist()):
        considered = considered_points(u, cands, summary, calendar, km)
        _record(batch, u, k, sub, cands, slots, after, considered)
    return solution


def _record(
    batch: _Batch, u: int, k: int, sub: Units, cands: Candidates, slots: Slots,
    after: np.ndarray, considered: list[dict[str, Any]],
) -> None:  # fmt: skip
    calendar = batch.calendar
    if k < 0:
        reason = unplanned_reason(u, sub, cands)
        horizon: dict[str, Any] = {"horizon_hours": calendar.defaults.horizon_hours}
        for r in sub.members[u]:
            batch.rows[r] = RowPlan(batch.record_ids[r], sub.keys[u], RowStatus.UNPLANNED,
                                    reason, params=horizon, considered=considered)  # fmt: skip
        return
    slot = int(cands.slot[k])
    point = calendar.points[int(slots.point[slot])]
    minute = int(slots.minute[slot])
    why, params = choice_reason(u, k, cands, slots, after, calendar)
    params["receiver"] = slots.receiver[slot] if sub.minor[u] else ""
    handover = from_minute(minute, point.zone)
    notice = from_minute(minute - int(slots.lead[slot]), point.zone)
    given = batch.frame["notice_sent_at"]
    reception = slots.reception[slot]
    for r in sub.members[u]:
        batch.rows[r] = RowPlan(
            batch.record_ids[r], sub.keys[u], RowStatus.PLANNED, why, port=point.port,
            reception_point=reception, handover_at=handover,
            notice_sent_at=datetime.fromisoformat(given[r]) if given[r] else notice,
            params=params, considered=considered,
        )  # fmt: skip


def _text(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


def _written(batch: _Batch) -> pl.DataFrame:
    """The frame with the plan written in (unplanned rows: no handover)."""
    ports, times, notices = [], [], batch.frame["notice_sent_at"].to_list()
    for r, row in enumerate(batch.rows):
        planned = row is not None and row.status != RowStatus.UNPLANNED
        ports.append((row.port or None) if planned and row else None)
        times.append(_text(row.handover_at) if planned and row else None)
        if planned and row:
            notices[r] = _text(row.notice_sent_at)
    return batch.frame.with_columns(
        pl.Series("handover_port", ports, dtype=pl.String),
        pl.Series("handover_at", times, dtype=pl.String),
        pl.Series("notice_sent_at", notices, dtype=pl.String),
    )


def _recheck(batch: _Batch, out: pl.DataFrame, table: RuleTable) -> pl.DataFrame:
    """Take back every unit with a blocking finding on a planned row (a safety net: the
    candidates are lawful by construction)."""
    found = _blocking(check_frame(out, table))
    units = {
        row.unit: found[row.record_id] for row in batch.rows
        if row and row.status == RowStatus.PLANNED and row.record_id in found
    }  # fmt: skip
    if not units:
        return out
    for r, row in enumerate(batch.rows):
        if row and row.unit in units:
            batch.rows[r] = RowPlan(row.record_id, row.unit, RowStatus.UNPLANNED,
                                    Reason.RECHECK, params=_cite(units[row.unit]))  # fmt: skip
    return _written(batch)


def _load_add(batch: _Batch, load: Load) -> None:
    for row in batch.rows:
        if row and row.status == RowStatus.PLANNED and row.handover_at:
            flight = "" if row.port else "flight:"
            key = (flight + row.reception_point, epoch_minute(row.handover_at) // 60)
            load[key] = load.get(key, 0) + 1
