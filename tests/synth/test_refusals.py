"""Impossible requests are refused with a clear message, and nothing is written."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from enlace.synth import SynthConfig, SynthError, SynthErrorCode, synth_generate


def _run(out: Path, **options: object) -> None:
    with translation.override("en"):
        call_command("synth", out=str(out), verbosity=0, **options)


def _code(refused: pytest.ExceptionInfo[CommandError]) -> SynthErrorCode:
    cause = refused.value.__cause__
    assert isinstance(cause, SynthError)
    return cause.code


def _nothing_written(parent: Path, out: Path) -> None:
    assert not out.exists()
    assert not [p for p in parent.iterdir() if p.name.startswith(f".{out.name}.partial")]


C = SynthErrorCode


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (
            {"persons": "-5"},
            C.PERSONS_RANGE,
            "The number of persons must be between 1 and 20000000; -5 was given.",
        ),
        ({"persons": "0"}, C.PERSONS_RANGE, "The number of persons must be between 1"),
        ({"persons": "many"}, C.NOT_A_NUMBER, "--persons must be a number."),
        ({"seed": "-1"}, C.SEED_RANGE, "The seed must be a whole number"),
        ({"years": "2003-05"}, C.YEARS_FORMAT, "Write the years as YYYY or YYYY-YYYY"),
        (
            {"years": "2005-2003"},
            C.YEARS_ORDER,
            "The first year (2005) comes after the last year (2003).",
        ),
        (
            {"years": "1998-2001"},
            C.YEARS_UNCOVERED,
            "cover the calendar years 2000 to 2023; 1998-2001 is outside",
        ),
        ({"years": "2024"}, C.YEARS_UNCOVERED, "2024-2024 is outside them"),
        ({"violation_rate": "1.5"}, C.RATE_RANGE, "violations.rate must be a rate between 0 and 1"),
        ({"violation_rate": "lots"}, C.NOT_A_NUMBER, "--violation-rate must be a number."),
        (
            {"workers": "-2"},
            C.WORKERS_RANGE,
            "The number of worker processes must be between 0 and 64",
        ),
    ],
)
def test_impossible_arguments_are_refused(
    tmp_path: Path, options: dict, code: SynthErrorCode, message: str
) -> None:
    """Each impossible argument gives its message, says nothing was written, and writes nothing."""
    out = tmp_path / "out"
    with pytest.raises(CommandError) as refused:
        _run(out, **{"persons": "10", **options})

    assert _code(refused) is code
    assert message in str(refused.value)
    assert str(refused.value).endswith("Nothing was written.")
    _nothing_written(tmp_path, out)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            {"noise": {"border_patrol": {"maternal_drop": 2}}},
            "noise.border_patrol.maternal_drop must be a rate",
        ),
        ({"noise": {"coast_guard": {}}}, "Unknown setting: noise.coast_guard."),
        (
            {"population": {"repeat_probability": "often"}},
            "population.repeat_probability must be a number.",
        ),
        (
            {"population": {"repeat_interval_days": 0}},
            "population.repeat_interval_days must be between 1 and 3650.",
        ),
        ({"violations": {"mix": {"SPEEDING": 1}}}, "Unknown setting: violations.mix.SPEEDING."),
        (
            {"violations": {"rate": 0.1, "mix": {"PORT": 0}}},
            "the rule mix gives no rule any weight",
        ),
        (
            {"noise": {"inm": {"maternal_drop": 0.6, "maternal_join": 0.6}}},
            "These rates are alternatives and must add up to at most 1",
        ),
        ([1, 2], "does not hold a JSON object"),
    ],
)
def test_impossible_configuration_is_refused(tmp_path: Path, content: object, message: str) -> None:
    """A rate outside 0-1, an unknown key or a malformed file is named in the message."""
    config = tmp_path / "rates.json"
    config.write_text(json.dumps(content), encoding="utf-8")
    out = tmp_path / "out"

    with pytest.raises(CommandError) as refused:
        _run(out, persons="10", config=str(config))

    assert message in str(refused.value)
    _nothing_written(tmp_path, out)


def test_unreadable_or_invalid_configuration_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(CommandError, match="cannot be read"):
        _run(out, persons="10", config=str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match="does not hold a JSON object"):
        _run(out, persons="10", config=str(broken))
    _nothing_written(tmp_path, out)


def test_a_folder_that_is_not_empty_is_left_alone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine", encoding="utf-8")

    with pytest.raises(CommandError, match="already exists and is not empty"):
        _run(out, persons="10")

    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert (out / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_an_output_that_cannot_be_written(tmp_path: Path) -> None:
    """A path under a regular file, or a path that is a file, is refused."""
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")

    with pytest.raises(CommandError, match="cannot be written"):
        _run(blocker / "out", persons="10")
    with pytest.raises(CommandError, match="exists and is not a folder"):
        _run(blocker, persons="10")
    assert blocker.read_text(encoding="utf-8") == "x"


def test_an_empty_folder_is_filled(tmp_path: Path) -> None:
    """An existing empty output folder is accepted; the command reports what it wrote."""
    out = tmp_path / "out"
    out.mkdir()

    call_command("synth", out=str(out), persons="40", seed="3", verbosity=0)

    assert {p.name for p in out.iterdir()} >= {"persons.csv", "records.csv", "truth.csv"}
    _nothing_written(tmp_path, tmp_path / "other")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"persons": -1}, SynthErrorCode.PERSONS_RANGE),
        ({"first_year": 2006, "last_year": 2004}, SynthErrorCode.YEARS_ORDER),
        ({"first_year": 1990, "last_year": 2003}, SynthErrorCode.YEARS_UNCOVERED),
        ({"out": None}, SynthErrorCode.OUT_UNWRITABLE),
    ],
)
def test_the_python_api_refuses_with_a_code(
    changes: dict, code: SynthErrorCode, tmp_path: Path
) -> None:
    """synth_generate raises SynthError with a stable code (no wording in the core)."""
    config = replace(SynthConfig(persons=10, out=tmp_path / "out"), **changes)

    with pytest.raises(SynthError) as refused:
        synth_generate(config)

    assert refused.value.code is code
    _nothing_written(tmp_path, tmp_path / "out")
