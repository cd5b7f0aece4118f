"""Fixtures: generated outputs (made once per session) and the manifest catalog."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from enlace.repatriation.core.manifest import Catalog
from enlace.synth import SynthConfig, ViolationConfig, synth_generate

REFERENCE = Path(__file__).resolve().parents[2] / "src" / "enlace" / "reference" / "data"


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def reference(name: str) -> list[dict[str, str]]:
    return read_rows(REFERENCE / f"{name}.csv")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The codes a manifest may use, from the reference CSV files (sectors with former codes)."""
    sectors = {r["code"] for r in reference("sectors")}
    sectors |= {r["former_code"] for r in reference("sectors") if r["former_code"]}
    return Catalog(
        offices=frozenset(r["code"] for r in reference("offices")),
        sectors=frozenset(sectors),
        ports=frozenset(r["code"] for r in reference("ports")),
        states=frozenset(r["curp_code"] for r in reference("states")),
        consulates=frozenset(r["code"] for r in reference("consulates")),
    )


@pytest.fixture(scope="session")
def wide_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2002-2009 (INS and DHS eras, TVPRA from 2008-12-23, interior seasons), many violations."""
    out = tmp_path_factory.mktemp("synth") / "wide"
    config = SynthConfig(persons=4000, first_year=2002, last_year=2009, seed=11, out=out)
    synth_generate(replace(config, violations=ViolationConfig(rate=0.25)))
    return out


@pytest.fixture(scope="session")
def default_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The issue's example: 2003-2005 with the default rates."""
    out = tmp_path_factory.mktemp("synth") / "default"
    synth_generate(SynthConfig(persons=1500, seed=2003, out=out))
    return out
