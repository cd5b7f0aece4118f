"""The output is a function of the seed and the rates: same seed, same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from enlace.synth import SynthConfig, synth_generate, synth_rows
from enlace.synth.population import CHUNK

from .conftest import read_rows


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _generate(folder: Path, **options: object) -> dict[str, bytes]:
    synth_generate(SynthConfig(out=folder, **options))  # type: ignore[arg-type]
    return _files(folder)


def test_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    """Two runs with one seed write identical files, manifests and violations included."""
    first = _generate(tmp_path / "a", persons=600, seed=42)
    second = _generate(tmp_path / "b", persons=600, seed=42)

    assert first.keys() == second.keys()
    assert any(name.startswith("manifests/") for name in first)
    assert first == second


def test_another_seed_gives_other_bytes(tmp_path: Path) -> None:
    """Changing the seed changes the persons, the records and the manifests."""
    first = _generate(tmp_path / "a", persons=600, seed=42)
    second = _generate(tmp_path / "b", persons=600, seed=43)

    for name in ("persons.csv", "records.csv", "truth.csv"):
        assert first[name] != second[name]
    assert set(first) != set(second) or any(first[n] != second[n] for n in first)


@pytest.mark.parametrize("workers", [2, 3])
def test_worker_processes_do_not_change_the_output(tmp_path: Path, workers: int) -> None:
    """Chunks made in parallel give the same bytes as one process (CURP homonyms included)."""
    persons = 2 * CHUNK + 321
    serial = _generate(tmp_path / "serial", persons=persons, seed=5, workers=0)
    parallel = _generate(tmp_path / "parallel", persons=persons, seed=5, workers=workers)

    assert serial == parallel


def test_in_memory_rows_are_the_rows_written(tmp_path: Path) -> None:
    """``synth_rows`` (for small N, from Python) gives exactly what ``synth_generate`` writes."""
    config = SynthConfig(persons=300, seed=9)
    rows = synth_rows(config)
    synth_generate(SynthConfig(persons=300, seed=9, out=tmp_path / "out"))
    written = tmp_path / "out"

    assert rows.persons == read_rows(written / "persons.csv")
    assert rows.records == read_rows(written / "records.csv")
    assert rows.truth == read_rows(written / "truth.csv")
    assert rows.violations == read_rows(written / "violations.csv")
    manifest_rows = [r for f in sorted((written / "manifests").iterdir()) for r in read_rows(f)]
    assert rows.manifest_rows == manifest_rows
