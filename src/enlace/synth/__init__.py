"""Synthetic population with ground truth: persons, agency records, daily manifests.

Public facade (pure Python, no Django)::

    from enlace.synth import SynthConfig, synth_generate, synth_rows

    summary = synth_generate(SynthConfig(persons=1000, seed=7, out=Path("var/synth")))
    rows = synth_rows(SynthConfig(persons=50, seed=7))  # in memory, for small N
"""

from __future__ import annotations

from enlace.synth.config import (
    AGENCIES,
    RULES,
    NoiseRates,
    PopulationRates,
    SynthConfig,
    ViolationConfig,
    config_load_json,
    config_override,
)
from enlace.synth.errors import SynthError, SynthErrorCode
from enlace.synth.memory import SynthRows, synth_rows
from enlace.synth.writer import SynthSummary, synth_generate

__all__ = [
    "AGENCIES",
    "RULES",
    "NoiseRates",
    "PopulationRates",
    "SynthConfig",
    "SynthError",
    "SynthErrorCode",
    "SynthRows",
    "SynthSummary",
    "ViolationConfig",
    "config_load_json",
    "config_override",
    "synth_generate",
    "synth_rows",
]
