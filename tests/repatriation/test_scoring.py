"""The checks scored against the synthetic generator's planted violations.

Every violation ``violations.csv`` lists is found (by its rule, on its record), and no row it
does not list gets a finding, across the eras of the arrangements (1998 El Paso and the
California guidelines, the 2004 MOU, TVPRA from 2008, the 2009 and 2016 arrangements).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import pytest

from enlace.agreements.core.authored import snapshots_from_file
from enlace.repatriation.core.compliance import check_frame, read_csv_frame, rule_table
from enlace.synth import SynthConfig, ViolationConfig, synth_generate


@cache
def table():
    return rule_table(snapshots_from_file())


@pytest.mark.parametrize(("first", "last"), [(2003, 2005), (2008, 2010), (2015, 2017)])
def test_every_planted_violation_is_found_and_nothing_else(tmp_path: Path, first, last):
    out = tmp_path / "synth"
    config = SynthConfig(
        persons=1500, first_year=first, last_year=last, seed=first, out=out, workers=1,
        violations=ViolationConfig(rate=0.15),
    )  # fmt: skip
    synth_generate(config)
    manifests = out / "manifests"
    files = sorted(f for f in manifests.glob("*.csv") if f.name != "violations.csv")
    frame = pl.concat([read_csv_frame(f) for f in files])
    found = check_frame(frame, table())
    planted = pl.read_csv(out / "violations.csv", infer_schema=False)

    planted_pairs = set(zip(planted["record_id"], planted["rule"], strict=True))
    found_pairs = set(zip(found["record_id"], found["rule"], strict=True))
    assert planted_pairs, "the generator planted nothing to score"
    assert planted_pairs - found_pairs == set(), "planted violations the checks missed"
    conforming = set(frame["record_id"]) - set(planted["record_id"])
    assert {r for r, _ in found_pairs if r in conforming} == set(), "findings on conforming rows"
