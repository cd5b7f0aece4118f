"""The columnar fast path reads exactly what the row reader reads, or steps aside."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from enlace.repatriation.core.manifest import COLUMNS, MAX_ROWS, read_manifest
from enlace.repatriation.core.manifest.columnar import (
    frame_from_parsed,
    read_manifest_fast,
    read_manifest_frame,
)
from enlace.synth import SynthConfig, synth_generate

from .test_manifest_format import CATALOG, EXAMPLE


def _both(content: bytes) -> tuple[pl.DataFrame | None, pl.DataFrame | None]:
    fast = read_manifest_fast(content, catalog=CATALOG, max_rows=MAX_ROWS)
    slow = read_manifest(content, catalog=CATALOG)
    return fast, (None if slow.errors else frame_from_parsed(slow.rows))


def _csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _example_rows() -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def synth_manifests(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("columnar") / "synth"
    synth_generate(SynthConfig(persons=400, first_year=2009, last_year=2009, seed=11, out=out))
    return sorted(p for p in (out / "manifests").glob("*.csv") if p.name != "violations.csv")


def test_the_example_reads_the_same_on_both_paths():
    fast, slow = _both(EXAMPLE.read_bytes())
    assert fast is not None
    assert slow is not None
    assert_frame_equal(fast, slow)


def test_synthetic_manifests_read_the_same_on_both_paths(synth_manifests):
    assert len(synth_manifests) > 100
    for path in synth_manifests:
        fast, slow = _both(path.read_bytes())
        assert fast is not None, path.name
        assert slow is not None, path.name
        assert_frame_equal(fast, slow)


@pytest.mark.parametrize(
    "change",
    [
        lambda b: b.replace(b"\r\n", b"\n"),
        lambda b: b"\xef\xbb\xbf" + b,
        lambda b: b.rstrip(b"\n"),
    ],
    ids=["lf", "bom", "no-final-newline"],
)
def test_harmless_variants_stay_on_the_fast_path(change):
    fast, slow = _both(change(EXAMPLE.read_bytes()))
    assert fast is not None
    assert slow is not None
    assert_frame_equal(fast, slow)


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: rows[:1] + [dict.fromkeys(COLUMNS, "")] + rows[1:],  # a blank row
        lambda rows: [{**rows[0], "given_names": "Ana, María"}, *rows[1:]],  # quoted cell
        lambda rows: [{**rows[0], "apprehension_lat": "3.2e1"}, *rows[1:]],  # valid float
        lambda rows: [{**rows[0], "handover_at": "2019-11-01T10:00:00.1234567-07:00"}],
    ],
    ids=["blank-row", "quoted-cell", "exponent", "seven-digit-fraction"],
)
def test_what_the_fast_path_cannot_judge_goes_to_the_row_reader(change):
    content = _csv(change(_example_rows()))
    fast = read_manifest_fast(content, catalog=CATALOG, max_rows=MAX_ROWS)
    assert fast is None
    result = read_manifest_frame(content, catalog=CATALOG)
    assert not result.errors, "the row reader accepts it"
    assert result.rows
    assert result.frame is not None
    assert result.frame.height == len(result.rows)


def test_errors_come_from_the_row_reader_with_line_and_field():
    rows = _example_rows()
    rows[1]["date_of_birth"] = "1990-02-30"
    result = read_manifest_frame(_csv(rows), catalog=CATALOG)
    assert result.frame is None
    assert [(e.line, e.field) for e in result.errors] == [(3, "date_of_birth")]


def test_the_row_limit_holds_on_the_fast_path():
    content = EXAMPLE.read_bytes()
    rows = content.count(b"\n") - 1
    assert read_manifest_fast(content, catalog=CATALOG, max_rows=rows - 1) is None


_VALUES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["true", "TRUE", "False", "yes", "2019-11-01T10:00-07:00", "2019-11-01T10:00Z",
         "2019-11-01T24:00-07:00", "2019-11-01T10:00", "1990", "1990-13", "1990-02-29",
         "2000-02-29", "0999-01-01", "31.5", "-110.9", "91", "1e1", "nan", "M", "F", "X",
         "child", "head", "serious", "pending", "SON", "TCA", "NOG", "MEX", "mex", " ",
         "A012345678", "12345678", "BADD110313HCMLNS09", "Ana\u00a0", "\u0661\u0669\u0669\u0660"]
    ),
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(COLUMNS), _VALUES, min_size=1, max_size=4))
def test_the_fast_path_never_accepts_what_the_row_reader_refuses(changes):
    rows = _example_rows()
    rows[0] = {**rows[0], **{k: v.replace("\n", "").replace("\r", "") for k, v in changes.items()}}
    fast, slow = _both(_csv(rows))
    if fast is not None:
        assert slow is not None, "the fast path accepted a file the row reader refuses"
        assert_frame_equal(fast, slow)
