"""Benchmark the repatriation planner against the hand-scheduling baseline.

Targets (issue 5), printed with their ratios, in one run:

- one day of 5,000 persons (families, unaccompanied minors, vulnerable persons) over the
  border points and 24 hours: time to plan (target under 5 s), the objective and the
  LP-relaxation bound (target: within 1 %), beside the greedy baseline (nearest point,
  first free hour): its objective and its hard-constraint violations;
- a year of daily manifests (at least 500,000 persons) planned day by day, in under
  10 minutes;
- the humane measures of both: vulnerable persons handed over outside their window,
  family units split, mean and 95th-percentile displacement (km), mean and maximum wait.

The rows are synthetic (``enlace synth``, no planted violations so every row can be
planned) with the handover, port and notice cleared. The day: a synthetic year's rows
moved to one date (each family keeps its time of day). The year: the daily manifests of
a synthetic year, planned in date order with the load carried from day to day.

    .venv/bin/python benchmarks/planner.py [--day-persons 5000] [--year-persons 500000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from enlace.agreements.core.authored import snapshots_from_file  # noqa: E402
from enlace.planning.core import (  # noqa: E402
    Calendar,
    Measures,
    batch_plan,
    greedy_plan,
    plan_measures,
    planning_defaults,
)
from enlace.repatriation.core.compliance import rule_table  # noqa: E402
from enlace.synth import SynthConfig, ViolationConfig, synth_generate, synth_rows  # noqa: E402

DAY_TARGET_SECONDS = 5.0
GAP_TARGET = 0.01
YEAR_TARGET_SECONDS = 600.0
YEAR = 2019
DAY = date(2019, 6, 12)
CLEARED = ("handover_port", "handover_at", "notice_sent_at")
MOVED = (
    "apprehended_at", "consular_notification_offered_at", "consulate_notified_at",
    "pgr_notice_sent_at", "interior_consent_at", "tvpra_screened_at",
)  # fmt: skip


def _config(persons: int, seed: int, out: Path | None = None) -> SynthConfig:
    config = SynthConfig(persons=persons, seed=seed, first_year=YEAR, last_year=YEAR)
    config = config.__class__(**{**vars(config), "violations": ViolationConfig(rate=0.0)})
    return config if out is None else config.__class__(**{**vars(config), "out": out})


def _cleared(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in CLEARED)


def _moved(row: dict[str, str | None]) -> dict[str, str | None]:
    caught = datetime.fromisoformat(row["apprehended_at"] or "")
    shift = timedelta(days=(DAY - caught.date()).days)
    for name in MOVED:
        if row.get(name):
            row[name] = (datetime.fromisoformat(row[name] or "") + shift).isoformat(
                timespec="minutes"
            )
    return row


def day_frame(persons: int, seed: int) -> pl.DataFrame:
    """``persons`` synthetic rows (whole families) all apprehended on ``DAY``."""
    rows = synth_rows(_config(int(persons * 1.1), seed)).manifest_rows
    frame = pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String))
    frame = frame.with_columns(pl.col(c).replace("", None) for c in frame.columns)
    frame = _cleared(frame).head(persons)
    last = frame["family_group_id"][-1]
    if last is not None:  # do not cut the last family in two
        frame = frame.filter(pl.col("family_group_id") != last) if frame.height > 1 else frame
    return pl.DataFrame([_moved(r) for r in frame.iter_rows(named=True)], schema=frame.schema)


def _line(label: str, ours: object, base: object) -> None:
    print(f"  {label:<44} {ours!s:>14} {base!s:>14}")


def _measures(name: str, ours: Measures, base: Measures) -> None:
    print(f"{name}: humane measures                            planner       baseline")
    _line(
        "persons planned",
        f"{ours.planned:,}/{ours.persons:,}",
        f"{base.planned:,}/{base.persons:,}",
    )
    _line("hard-constraint violations (blocking findings)", ours.violations, base.violations)
    _line("  by rule", ours.by_rule or "-", base.by_rule or "-")
    _line("persons past a point-hour's capacity", ours.over_capacity, base.over_capacity)
    _line(
        "vulnerable persons outside their window", ours.vulnerable_outside, base.vulnerable_outside
    )
    _line("family units split", ours.families_split, base.families_split)
    _line("displacement km, mean", f"{ours.km_mean:.1f}", f"{base.km_mean:.1f}")
    _line("displacement km, 95th percentile", f"{ours.km_p95:.1f}", f"{base.km_p95:.1f}")
    _line("wait hours, mean", f"{ours.wait_mean:.1f}", f"{base.wait_mean:.1f}")
    _line("wait hours, maximum", f"{ours.wait_max:.1f}", f"{base.wait_max:.1f}")
    _line("objective (same formula for both)", f"{ours.objective:,.0f}", f"{base.objective:,.0f}")


def one_day(persons: int, seed: int) -> None:
    snapshots = snapshots_from_file()
    table = rule_table(snapshots)
    calendar = Calendar(snapshots, planning_defaults())
    frame = day_frame(persons, seed)
    started = time.perf_counter()
    plan = batch_plan(frame, table, calendar)
    seconds = time.perf_counter() - started
    solution = plan.solution
    base = greedy_plan(frame, calendar)
    ours_m, base_m = (
        plan_measures(plan.frame, table, calendar),
        plan_measures(base, table, calendar),
    )
    families = frame["family_group_id"].drop_nulls().n_unique()
    minors = frame.filter(pl.col("unaccompanied_minor") == "true").height
    print(f"one day ({DAY}): {frame.height:,} persons, {plan.units:,} family units "
          f"({families:,} families), {minors:,} unaccompanied minors")  # fmt: skip
    status = ("optimal (the relaxation was integral)" if solution.optimal
              else "best found, not proven optimal")  # fmt: skip
    ratio = seconds / DAY_TARGET_SECONDS
    print(f"  time to plan                                 {seconds:.2f} s "
          f"(target {DAY_TARGET_SECONDS:.0f} s: ratio {ratio:.2f})")  # fmt: skip
    print(f"  objective                                    {solution.objective:,.1f} ({status}; "
          f"{solution.repaired} families re-placed by CP-SAT)")  # fmt: skip
    gap = solution.gap or 0.0
    print(f"  LP-relaxation bound                          {solution.bound:,.1f}  gap {gap:.4%} "
          f"(target {GAP_TARGET:.0%}: ratio {gap / GAP_TARGET:.2f})")  # fmt: skip
    _measures("one day", ours_m, base_m)


def year_frames(persons: int, seed: int, folder: Path) -> list[pl.DataFrame]:
    """The synthetic year's manifests, cleared, grouped by handover date."""
    synth_generate(_config(persons, seed, folder / "synth"))
    files = sorted(f for f in (folder / "synth" / "manifests").glob("*.csv")
                   if f.name != "violations.csv")  # fmt: skip
    by_day: dict[str, list[Path]] = {}
    for f in files:
        by_day.setdefault(f.name[:10], []).append(f)
    return [
        _cleared(pl.concat([pl.read_csv(f, infer_schema=False) for f in day]))
        for _, day in sorted(by_day.items())
    ]


def one_year(persons: int, seed: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="enlace-plan-"))
    try:
        made = time.perf_counter()
        days = year_frames(persons, seed, folder)
        made = time.perf_counter() - made
        snapshots = snapshots_from_file()
        table = rule_table(snapshots)
        calendar = Calendar(snapshots, planning_defaults())
        load: dict = {}
        started = time.perf_counter()
        plans = [batch_plan(day, table, calendar, load=load) for day in days]
        seconds = time.perf_counter() - started
        frame = pl.concat([p.frame for p in plans])
        proven = sum(p.solution.optimal for p in plans)
        print(f"one year ({YEAR}): {frame.height:,} persons in {len(days)} daily batches "
              f"(synthetic data made in {made:.0f} s, not counted)")  # fmt: skip
        print(
            f"  time to plan                                 {seconds:.1f} s "
            f"(target {YEAR_TARGET_SECONDS:.0f} s: ratio {seconds / YEAR_TARGET_SECONDS:.2f})"
        )
        print(f"  days solved to proven optimality             {proven}/{len(plans)}")
        ours = plan_measures(frame, table, calendar)
        base = greedy_plan(frame, Calendar(snapshots, calendar.defaults))
        _measures("one year", ours, plan_measures(base, table, calendar))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--day-persons", type=int, default=5_000)
    parser.add_argument("--year-persons", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=2004)
    parser.add_argument("--skip-year", action="store_true")
    args = parser.parse_args()
    one_day(args.day_persons, args.seed)
    if not args.skip_year:
        one_year(args.year_persons, args.seed)


if __name__ == "__main__":
    main()
