"""The planner core on real agreement data: lawful output, reasons, capacity, the bound."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from enlace.agreements.core.authored import snapshots_from_file
from enlace.planning.core import Calendar, Reason, RowStatus, batch_plan, manifest_frame
from enlace.planning.core import planning_defaults as defaults_read
from enlace.planning.core.candidates import candidates_build, slots_build
from enlace.planning.core.solve import assignment_solve, lp_bound, problem_build
from enlace.planning.core.units import units_build
from enlace.repatriation.core.compliance import check_frame, rule_table
from enlace.synth import SynthConfig, synth_rows

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"
CLEARED = ("handover_port", "handover_at", "notice_sent_at")


@pytest.fixture(scope="module")
def snapshots():
    return snapshots_from_file()


@pytest.fixture(scope="module")
def table(snapshots):
    return rule_table(snapshots)


def _calendar(snapshots, **changes):
    return Calendar(snapshots, defaults_read().with_(**changes))


def _example(clear: bool = True) -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for name in CLEARED if clear else ():
            row[name] = ""
    return rows


def _blocking(frame: pl.DataFrame, table) -> pl.DataFrame:
    return check_frame(frame, table).filter(pl.col("severity") == "block")


def test_example_is_planned_lawfully(snapshots, table):
    """Every row of the example gets a point and hour; the output has no blocking finding;
    the family shares one handover; the minor is received by someone on duty."""
    plan = batch_plan(manifest_frame(_example()), table, _calendar(snapshots))
    assert plan.unplanned == 0
    assert _blocking(plan.frame, table).height == 0
    rows = {r.record_id: r for r in plan.rows}
    mother, child, minor = rows["TCA-0001"], rows["TCA-0002"], rows["TCA-0004"]
    assert (mother.port, mother.handover_at) == (child.port, child.handover_at)
    assert minor.params["receiver"] in {"consulate", "inm_opi_dif"}
    assert minor.handover_at is not None
    assert 8 <= minor.handover_at.hour < 18  # the vulnerable-person window
    assert all(r.port in {"2601", "2603", "2604", "2606"} for r in plan.rows)
    notice = plan.frame.filter(pl.col("record_id") == "TCA-0003")["notice_sent_at"][0]
    assert notice is not None


def test_a_lawful_given_handover_is_kept(snapshots, table):
    plan = batch_plan(manifest_frame(_example(clear=False)), table, _calendar(snapshots))
    assert {r.status for r in plan.rows} == {RowStatus.KEPT}
    assert plan.frame["handover_at"].to_list() == [r["handover_at"] for r in _example(False)]


def test_rows_no_slot_can_cure_stay_unplanned_with_the_rule(snapshots, table):
    """Belongings pending on the child stops the whole family, citing the rule."""
    rows = _example()
    rows[1]["belongings_status"] = "pending"
    plan = batch_plan(manifest_frame(rows), table, _calendar(snapshots))
    by_id = {r.record_id: r for r in plan.rows}
    assert by_id["TCA-0002"].reason == Reason.BLOCKED
    assert by_id["TCA-0002"].params["rule"] == "BELONGINGS"
    assert by_id["TCA-0002"].params["agreement"]
    assert by_id["TCA-0001"].reason == Reason.FAMILY_BLOCKED
    assert by_id["TCA-0003"].status == RowStatus.PLANNED
    assert plan.frame.filter(pl.col("family_group_id") == "F1")["handover_at"].null_count() == 2


def test_an_infeasible_day_plans_what_fits_and_reports_the_rest(snapshots, table):
    """One person per point and hour, a horizon of 3 hours: some rows cannot be placed;
    they are reported as lacking capacity and no point-hour is over capacity."""
    rows = []
    for i in range(30):
        row = _example()[2]
        row["record_id"] = f"TCA-9{i:03d}"
        rows.append(row)
    calendar = _calendar(snapshots, capacity={"*": 1}, horizon_hours=3)
    plan = batch_plan(manifest_frame(rows), table, calendar)
    reasons = Counter(r.reason for r in plan.rows if r.status == RowStatus.UNPLANNED)
    assert plan.planned > 0
    assert reasons
    assert set(reasons) == {Reason.NO_CAPACITY}
    hours = Counter(
        (r.reception_point, r.handover_at.replace(minute=0))
        for r in plan.rows
        if r.status == RowStatus.PLANNED and r.handover_at
    )
    assert max(hours.values()) == 1
    assert _blocking(plan.frame.filter(pl.col("handover_at").is_not_null()), table).height == 0


def test_the_flow_relaxation_is_the_lp_relaxation(snapshots):
    """The bound the planner reports equals the LP relaxation solved by GLOP."""
    rows = synth_rows(SynthConfig(persons=400, seed=11, first_year=2019, last_year=2019))
    frame = manifest_frame(rows.manifest_rows).with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in CLEARED
    )
    calendar = _calendar(snapshots, capacity={"*": 3})
    units = units_build(frame, calendar.defaults)
    slots, per_point = slots_build(calendar, units)
    cands = candidates_build(calendar, units, slots, per_point)
    used = np.zeros(len(slots.bucket_keys), dtype=np.int64)
    problem = problem_build(cands, units.size, slots, used, calendar.defaults)
    solution = assignment_solve(problem, len(units))
    assert solution.bound == pytest.approx(lp_bound(problem, len(units)), rel=1e-9)
    assert solution.bound is not None
    assert solution.objective >= solution.bound


@pytest.mark.parametrize("seed", [1, 7, 2004])
def test_property_planned_rows_pass_the_compliance_check(snapshots, table, seed):
    """On synthetic manifests (with planted violations), whatever the planner plans has no
    blocking finding; every row it leaves out says why."""
    rows = synth_rows(SynthConfig(persons=250, seed=seed, first_year=2017, last_year=2019))
    frame = manifest_frame(rows.manifest_rows).with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in ("handover_port", "handover_at")
    )
    plan = batch_plan(frame, table, _calendar(snapshots))
    planned = plan.frame.filter(pl.col("handover_at").is_not_null())
    assert planned.height > 0.8 * frame.height
    assert _blocking(planned, table).height == 0
    assert all(r.reason for r in plan.rows if r.status == RowStatus.UNPLANNED)
    planted = {v["record_id"]: v["rule"] for v in rows.violations}
    incurable = {"BELONGINGS", "MEDICAL", "CONSULAR_NOTIFICATION", "MINOR_RECEIVER"}
    for row in plan.rows:
        if planted.get(row.record_id) in incurable:
            assert row.status == RowStatus.UNPLANNED


def test_a_consenting_person_far_away_takes_the_interior_flight(snapshots, table):
    """2017 (2016 program: Tucson and Yuma, three flights a week): a consenting adult
    caught far north of the border is flown to Mexico City rather than driven 400 km."""
    row = _example()[2]
    row.update(
        apprehended_at="2017-07-16T20:00-07:00",  # a Sunday; Monday's flight is close
        apprehension_lat="35.2", apprehension_lon="-111.6",
        consular_notification_offered_at="2017-07-16T21:00-07:00",
        interior_repatriation="true", interior_consent_at="2017-07-16T22:00-07:00",
    )  # fmt: skip
    plan = batch_plan(manifest_frame([row]), table, _calendar(snapshots))
    (result,) = plan.rows
    assert result.status == RowStatus.PLANNED
    assert (result.port, result.reception_point) == ("", "cdmx")
    assert result.handover_at is not None
    assert result.handover_at.weekday() in {0, 2, 4}
    assert _blocking(plan.frame, table).height == 0
