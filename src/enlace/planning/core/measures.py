"""The humane measures of a plan, computed the same way for any plan (ours, the baseline).

From the planned manifest rows: vulnerable persons handed over outside their window and
every other blocking finding of the compliance engine, family units split, persons past
the capacity of a point-hour, displacement (km from where the person was caught to the
port) and waiting (hours from ready to handover), and the objective the planner minimizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
import polars as pl

from enlace.repatriation.core.compliance import RuleTable, check_frame

from .calendar import Calendar, Point, epoch_minute, from_minute
from .candidates import haversine_km
from .units import unit_keys, units_build


@dataclass(frozen=True)
class Measures:
    persons: int
    planned: int
    violations: int  # blocking findings on planned rows
    by_rule: dict[str, int]
    vulnerable_outside: int
    families_split: int
    over_capacity: int  # persons past the capacity of their point-hour
    km_mean: float
    km_p95: float
    wait_mean: float
    wait_max: float
    objective: float


def _percentile(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else 0.0


def plan_measures(frame: pl.DataFrame, table: RuleTable, calendar: Calendar) -> Measures:
    """Measure a planned frame (rows without ``handover_at`` count as unplanned)."""
    d = calendar.defaults
    found = check_frame(frame, table).filter(pl.col("severity") == "block")
    planned = frame["handover_at"].is_not_null().to_numpy()
    ids = set(frame.filter(pl.Series(planned))["record_id"].to_list())
    found = found.filter(pl.col("record_id").is_in(list(ids)))
    by_rule = dict(found.group_by("rule").len().iter_rows())
    units = units_build(
        frame.with_columns(pl.lit(None, dtype=pl.String).alias("family_group_id")), d
    )
    ready = units.ready  # one unit per row here, in row order
    points = {p.port: p for p in calendar.points if p.port}
    ports = frame["handover_port"].to_list()
    times = frame["handover_at"].to_list()
    km: list[float] = []
    wait: list[float] = []
    load: dict[tuple[str, int], int] = {}
    for r in np.flatnonzero(planned).tolist():
        minute = epoch_minute(datetime.fromisoformat(times[r]))
        wait.append((minute - ready[r]) / 60)
        point = points.get(ports[r] or "")
        distance = 0.0
        if point is not None and not np.isnan(units.lat[r]):
            distance = float(
                haversine_km(units.lat[r : r + 1], units.lon[r : r + 1], point.lat, point.lon)[0]
            )
        km.append(distance)
        reception = _reception(calendar, point, minute) if point else "flight"
        load[(reception, minute // 60)] = load.get((reception, minute // 60), 0) + 1
    over = sum(max(0, n - d.capacity_of(key[0])) for key, n in load.items() if key[0] != "flight")
    strain = sum(
        max(0, n - int(d.capacity_of(key[0]) * d.comfort_share)) for key, n in load.items()
    )
    kms, waits = np.array(km), np.array(wait)
    objective = (
        d.km_weight * kms.sum() + d.wait_weight * waits.sum() + d.balance_weight * strain
        + d.unplanned_weight * int((~planned).sum())
    )  # fmt: skip
    return Measures(
        persons=frame.height, planned=int(planned.sum()), violations=found.height,
        by_rule=by_rule, vulnerable_outside=by_rule.get("VULNERABLE_HOURS", 0),
        families_split=_split(frame), over_capacity=over,
        km_mean=float(kms.mean()) if len(kms) else 0.0, km_p95=_percentile(kms, 95),
        wait_mean=float(waits.mean()) if len(waits) else 0.0,
        wait_max=float(waits.max()) if len(waits) else 0.0, objective=float(objective),
    )  # fmt: skip


def _reception(calendar: Calendar, point: Point, minute: int) -> str:
    slots = calendar.slots(point, from_minute(minute, point.zone).date())
    return slots[0].reception_point if slots else ""


def _split(frame: pl.DataFrame) -> int:
    """Family units whose planned members do not share one port and time."""
    families = frame.with_columns(unit_keys(frame)).filter(
        pl.col("family_group_id").is_not_null() & pl.col("handover_at").is_not_null()
    )
    slots = families.group_by("unit").agg(
        (pl.col("handover_port").fill_null("") + pl.col("handover_at")).n_unique().alias("n")
    )
    return slots.filter(pl.col("n") > 1).height
