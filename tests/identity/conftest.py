"""A small synthetic population with ground truth, made once for the identity tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from enlace.synth import SynthConfig, synth_generate


@pytest.fixture(scope="session")
def population(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """records.csv and truth.csv of 1,500 persons (about 4,500 records), seed 7."""
    out = tmp_path_factory.mktemp("identity") / "synth"
    synth_generate(SynthConfig(persons=1500, first_year=2003, last_year=2005, seed=7, out=out))
    return out
