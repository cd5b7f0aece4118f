"""Write a synthetic population to a folder, all or nothing.

Everything is validated first; the files are then written into a hidden folder next to the
target and renamed into place at the end, so a refused or failed run leaves nothing behind.
Manifest rows are spooled by month of handover and sorted one month at a time, so memory
stays bounded whatever the size.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from enlace.synth.config import SynthConfig, config_as_dict, config_validate
from enlace.synth.errors import SynthError, SynthErrorCode
from enlace.synth.manifests import VIOLATION_COLUMNS, spool_path
from enlace.synth.pipeline import Generator
from enlace.synth.render import PERSON_COLUMNS, RECORD_COLUMNS, TRUTH_COLUMNS, ChunkOutput
from enlace.synth.seasons import season_build

_BUFFER = 1 << 20


@dataclass
class SynthSummary:
    """What a run wrote (counts are deterministic; ``seconds`` is not written to disk)."""

    out: Path | None
    persons: int = 0
    records: int = 0
    encounters: int = 0
    manifest_rows: int = 0
    manifest_files: int = 0
    violations: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def counts(self) -> dict[str, Any]:
        return {
            "persons": self.persons,
            "records": self.records,
            "encounters": self.encounters,
            "manifest_rows": self.manifest_rows,
            "manifest_files": self.manifest_files,
            "violations": dict(sorted(self.violations.items())),
        }


def _header(columns: Iterable[str]) -> str:
    return ",".join(columns) + "\n"


def output_check(out: Path) -> None:
    """Refuse a target that exists and is not an empty folder, or whose parent is unusable."""
    if out.exists() and not out.is_dir():
        raise SynthError(SynthErrorCode.OUT_NOT_DIRECTORY, path=str(out))
    if out.is_dir() and any(out.iterdir()):
        raise SynthError(SynthErrorCode.OUT_NOT_EMPTY, path=str(out))
    parent = out.resolve().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise SynthError(SynthErrorCode.OUT_UNWRITABLE, path=str(out))


def _staging(out: Path) -> Path:
    staging = out.resolve().parent / f".{out.name}.partial-{os.getpid()}"
    try:
        staging.mkdir()
        (staging / "manifests").mkdir()
        (staging / ".spool").mkdir()
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise SynthError(SynthErrorCode.OUT_UNWRITABLE, path=str(out)) from None
    return staging


class _Files:
    """The open output files of a run."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.persons = self._open("persons.csv", PERSON_COLUMNS)
        self.records = self._open("records.csv", RECORD_COLUMNS)
        self.truth = self._open("truth.csv", TRUTH_COLUMNS)
        self.spools: dict[str, IO[str]] = {}

    def _open(self, name: str, columns: Iterable[str]) -> IO[str]:
        handle = (self.folder / name).open("w", encoding="utf-8", newline="", buffering=_BUFFER)
        handle.write(_header(columns))
        return handle

    def add(self, output: ChunkOutput) -> None:
        self.persons.write(output.persons)
        self.records.write(output.records)
        self.truth.write(output.truth)
        for month, text in output.manifest.items():
            spool = self.spools.get(month)
            if spool is None:
                path = spool_path(self.folder, month)
                spool = self.spools[month] = path.open("w", encoding="utf-8", newline="")
            spool.write(text)

    def close(self) -> None:
        for handle in (self.persons, self.records, self.truth, *self.spools.values()):
            handle.close()


def _write(config: SynthConfig, folder: Path) -> SynthSummary:
    season = season_build(config.first_year, config.last_year)
    files = _Files(folder)
    counts: Counter[str] = Counter()
    with Generator(config, season) as generator:
        try:
            for output in generator.outputs():
                files.add(output)
                counts.update(output.counts)
        finally:
            files.close()
        months = sorted(files.spools)
        written = generator.write_months(folder, months)
    with (folder / "violations.csv").open("w", encoding="utf-8", newline="") as violations:
        violations.write(_header(VIOLATION_COLUMNS))
        violations.writelines(lines for _, _, lines in written)
    (folder / ".spool").rmdir()
    summary = SynthSummary(
        out=config.out,
        persons=counts["persons"],
        records=counts["records"],
        encounters=counts["encounters"],
        manifest_rows=sum(rows for _, rows, _ in written),
        manifest_files=sum(files for files, _, _ in written),
        violations={k.split(":", 1)[1]: v for k, v in counts.items() if k.startswith("violation:")},
    )
    _json(folder / "config.json", config_as_dict(config))
    _json(folder / "summary.json", summary.counts())
    return summary


def _json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def synth_generate(config: SynthConfig) -> SynthSummary:
    """Write the population ``config`` asks for into ``config.out``; SynthError if refused.

    Nothing is written unless everything succeeds: the files appear at ``config.out`` at
    the end, in one rename.
    """
    started = time.perf_counter()
    if config.out is None:
        raise SynthError(SynthErrorCode.OUT_UNWRITABLE, path="")
    config_validate(config)
    season_build(config.first_year, config.last_year)  # refuses uncovered years up front
    out = Path(config.out)
    output_check(out)
    staging = _staging(out)
    try:
        summary = _write(config, staging)
        if out.is_dir():
            out.rmdir()
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary.seconds = time.perf_counter() - started
    return summary
