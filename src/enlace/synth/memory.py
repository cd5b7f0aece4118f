"""The same population in memory, as rows of dicts: for tests and demo data (small N)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from enlace.repatriation.core.manifest import COLUMNS
from enlace.synth.config import SynthConfig, config_validate
from enlace.synth.errors import SynthError, SynthErrorCode
from enlace.synth.manifests import manifest_id, spool_entries
from enlace.synth.pipeline import chunk_outputs
from enlace.synth.render import PERSON_COLUMNS, RECORD_COLUMNS, TRUTH_COLUMNS
from enlace.synth.seasons import season_build

MAX_IN_MEMORY = 200_000


@dataclass
class SynthRows:
    persons: list[dict[str, str]] = field(default_factory=list)
    records: list[dict[str, str]] = field(default_factory=list)
    truth: list[dict[str, str]] = field(default_factory=list)
    manifest_rows: list[dict[str, str]] = field(default_factory=list)  # sorted as on disk
    violations: list[dict[str, str]] = field(default_factory=list)


def _rows(text: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    return [dict(zip(columns, cells, strict=True)) for cells in csv.reader(text.splitlines())]


def synth_rows(config: SynthConfig) -> SynthRows:
    """Generate without writing files; the rows are those ``synth_generate`` would write."""
    config_validate(config)
    if config.persons > MAX_IN_MEMORY:
        raise SynthError(SynthErrorCode.PERSONS_RANGE, value=config.persons, high=MAX_IN_MEMORY)
    season = season_build(config.first_year, config.last_year)
    result = SynthRows()
    spooled: list[str] = []
    for output in chunk_outputs(config, season):
        result.persons += _rows(output.persons, PERSON_COLUMNS)
        result.records += _rows(output.records, RECORD_COLUMNS)
        result.truth += _rows(output.truth, TRUTH_COLUMNS)
        spooled += output.manifest.values()
    for day, office, _key, record_id, rule, text in spool_entries("".join(spooled)):
        result.manifest_rows += _rows(text, COLUMNS)
        if rule:
            result.violations.append(
                {"manifest_id": manifest_id(office, day), "record_id": record_id, "rule": rule}
            )
    return result
