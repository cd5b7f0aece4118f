"""The vectorized engine and the plain per-row baseline find exactly the same findings."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from enlace.agreements.core.authored import snapshots_from_file
from enlace.repatriation.core.compliance import check_frame, rule_table
from enlace.repatriation.core.manifest import COLUMNS

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.compliance_baseline import Baseline  # noqa: E402

from .test_compliance_rules import BASE  # noqa: E402

PORTS = ["2604", "2504", "2402", "2408", "2304", "2410", "2582", "2305", "2602", ""]
OFFSETS = [-8, -7, -6, -5, 0]


@cache
def engines() -> tuple:
    snapshots = snapshots_from_file()
    return rule_table(snapshots), Baseline(snapshots)


def _stamp(moment: datetime, offset: int) -> str:
    return moment.astimezone(timezone(timedelta(hours=offset))).isoformat(timespec="minutes")


@st.composite
def rows(draw) -> list[dict[str, str]]:
    count = draw(st.integers(1, 6))
    result = []
    for i in range(count):
        naive = draw(
            st.datetimes(
                min_value=datetime(1996, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
                max_value=datetime(2024, 12, 31),  # noqa: DTZ001
            )
        )
        handover = naive.replace(tzinfo=UTC, second=0, microsecond=0)
        apprehended = handover - timedelta(minutes=draw(st.integers(0, 6000)))
        offset = draw(st.sampled_from(OFFSETS))

        def maybe(moment: datetime, offset: int = offset) -> str:
            return draw(st.sampled_from(["", _stamp(moment, offset)]))

        port = draw(st.sampled_from(PORTS))
        row = {
            **BASE, "record_id": f"R{i}",
            "handover_port": port,
            "handover_at": _stamp(handover, offset) if port else "",
            "apprehended_at": _stamp(apprehended, offset),
            "family_group_id": draw(st.sampled_from(["", "F1", "F2"])),
            "relationship": draw(st.sampled_from(["none", "head", "child"])),
            "unaccompanied_minor": draw(st.sampled_from(["true", "false"])),
            "pregnant": draw(st.sampled_from(["true", "false"])),
            "medical_condition": draw(st.sampled_from(["none", "stable", "serious"])),
            "medical_clearance": draw(st.sampled_from(["true", "false"])),
            "receiving_official": draw(st.sampled_from(["", "OPI"])),
            "tvpra_screened_at": maybe(apprehended + timedelta(hours=draw(st.integers(0, 60)))),
            "consular_notification_offered_at": maybe(apprehended),
            "consular_notification_requested": draw(st.sampled_from(["true", "false"])),
            "consulate_notified_at": maybe(apprehended),
            "notice_sent_at": maybe(handover - timedelta(minutes=draw(st.integers(0, 300)))),
            "criminal_record": draw(st.sampled_from(["true", "false"])),
            "pgr_notice_sent_at": maybe(handover - timedelta(minutes=draw(st.integers(-60, 60)))),
            "belongings_status": draw(st.sampled_from(["", "returned", "pending"])),
            "interior_repatriation": draw(st.sampled_from(["true", "false"])),
            "interior_consent_at": maybe(apprehended),
            "sex": draw(st.sampled_from(["", "F", "M"])),
        }  # fmt: skip
        result.append({c: row.get(c, "") for c in COLUMNS})
    return result


@settings(max_examples=150, deadline=None)
@given(rows())
def test_engine_and_baseline_agree(batch):
    table, baseline = engines()
    frame = pl.DataFrame(batch, schema=dict.fromkeys(COLUMNS, pl.String))
    found = check_frame(frame, table)
    engine = sorted(
        (r["record_id"], r["rule"], r["agreement"], r["version"], r["clause"] or "")
        for r in found.iter_rows(named=True)
    )
    plain = sorted(baseline.check(batch))
    only_engine = sorted(set(engine) - set(plain))
    only_baseline = sorted(set(plain) - set(engine))
    assert (only_engine, only_baseline) == ([], [])
    assert engine == plain
