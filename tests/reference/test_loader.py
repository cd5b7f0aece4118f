"""The CSV loader on its own, without a database: parsers, headers, lines, limits."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from enlace.reference import loader
from enlace.reference.loader import (
    MAX_PROBLEMS_PER_FILE,
    SPEC_BY_NAME,
    Column,
    Context,
    FieldError,
    FileSpec,
    read_dir,
    read_file,
)
from enlace.reference.services import DATA_DIR

from .conftest import read_rows, set_cell, write_rows


def _parse(parser: loader.Parser, raw: str, ctx: Context | None = None):
    return parser(raw, ctx or Context())


def _error(parser: loader.Parser, raw: str, ctx: Context | None = None) -> FieldError:
    with pytest.raises(FieldError) as caught:
        _parse(parser, raw, ctx)
    return caught.value


def test_packaged_files_have_no_problem():
    """Every packaged file reads clean, with the row counts the brief expects."""
    data, problems = read_dir(DATA_DIR)
    assert problems == []
    counts = {name: len(rows) for name, rows in data.items()}
    assert counts["states.csv"] == 33
    assert counts["municipalities.csv"] == 2478
    assert counts["sectors.csv"] == 9
    assert counts["ports.csv"] == 27
    assert counts["reception_points.csv"] == 12
    assert counts["counties.csv"] == 360
    assert counts["consular_districts.csv"] == 360
    assert counts["languages.csv"] >= 27


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("31.3339", Decimal("31.333900")), ("25", Decimal("25.000000")), ("42", Decimal("42"))],
)
def test_us_latitude_accepts_the_border_states_band(raw, expected):
    """A latitude in [25, 42] parses to a six-place decimal."""
    assert _parse(loader.coordinate("latitude", loader.US_LATITUDE), raw) == expected


@pytest.mark.parametrize("raw", ["95.1", "24.99", "abc", "NaN", "Infinity", "", "1e400"])
def test_us_latitude_refuses_values_outside_the_band(raw):
    """Out-of-range or non-numeric latitudes are refused with their bounds for the message."""
    error = _error(loader.coordinate("latitude", loader.US_LATITUDE), raw)
    if raw:
        assert error.code == "latitude"
        assert (error.params["min"], error.params["max"]) == ("25", "42")
    else:
        assert error.code == "required"


def test_mexican_latitude_band():
    """Mexico's band is [14, 33.5]: Mexico City passes, a US latitude does not."""
    parser = loader.coordinate("latitude", loader.MX_LATITUDE)
    assert _parse(parser, "19.4361") == Decimal("19.436100")
    assert _error(parser, "35.0").params["max"] == "33.5"


@pytest.mark.parametrize(
    ("parser", "good", "bad"),
    [
        (loader.matching(r"\d{2}", "inegi_state"), "08", "8"),
        (loader.matching(r"[A-Z]{2}", "curp_state"), "CH", "ch"),
        (loader.matching(r"\d{5}", "fips"), "48141", "4814"),
        (loader.matching(r"\d{4}", "cbp_port"), "2604", "26O4"),
        (loader.matching(loader.SLUG, "slug"), "cd-juarez", "Cd Juarez"),
    ],
)
def test_code_formats(parser, good, bad):
    """Codes of a fixed form pass when well formed and are refused otherwise."""
    assert _parse(parser, good) == good
    assert _error(parser, bad).code == "format"


def test_time_zone_must_be_an_iana_zone():
    """Zones zoneinfo accepts pass (including Ciudad Juárez's 2022 zone); others fail."""
    parser = loader.time_zone()
    assert _parse(parser, "America/Ciudad_Juarez") == "America/Ciudad_Juarez"
    assert _error(parser, "Mars/Olympus_Mons").code == "time_zone"
    assert _error(parser, "../etc/passwd").code == "time_zone"


def test_booleans_dates_and_integers():
    """Booleans are true/false, dates ISO, integers plain digits within bounds."""
    assert _parse(loader.boolean(), "true") is True
    assert _error(loader.boolean(), "yes").code == "boolean"
    assert str(_parse(loader.iso_date(), "2011-10-01")) == "2011-10-01"
    assert _parse(loader.iso_date(), "") is None
    assert _error(loader.iso_date(), "20111001").code == "date"
    assert _error(loader.iso_date(), "2011-13-01").code == "date"
    assert _parse(loader.integer(0, 10), "7") == 7
    assert _error(loader.integer(0, 10), "-1").code == "integer"
    assert _error(loader.integer(0, 10), "11").code == "integer"


def test_references_need_a_code_already_read():
    """A foreign code must be among the codes read before it; a list is split on '|'."""
    ctx = Context(keys={"sectors.csv": {"TCA"}})
    assert _parse(loader.ref("sectors.csv"), "TCA", ctx) == "TCA"
    error = _error(loader.ref("sectors.csv"), "XXX", ctx)
    assert (error.code, error.params["target"]) == ("unknown_code", "sectors.csv")
    assert _parse(loader.ref("sectors.csv", required=False), "", ctx) is None
    assert _parse(loader.refs("sectors.csv"), "", ctx) == ()
    assert _error(loader.refs("sectors.csv"), "TCA|YUM", ctx).params["value"] == "YUM"


def _tiny_spec() -> FileSpec:
    return FileSpec(
        "tiny.csv",
        (Column("code", loader.matching(r"\d{2}", "inegi_state")), Column("name", loader.text(5))),
        key="code",
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_are_counted_with_the_header_as_line_one(tmp_path):
    """The first data line is line 2; each bad cell is reported on its own line."""
    path = _write(tmp_path / "tiny.csv", "code,name\n01,ok\n2,ok\n03,toolong\n")
    rows, problems = read_file(path, _tiny_spec(), Context())
    assert [r["code"] for r in rows] == ["01"]
    assert [(p.line, p.field, p.code) for p in problems] == [
        (3, "code", "format"),
        (4, "name", "too_long"),
    ]


def test_header_problems_refuse_the_file(tmp_path):
    """A missing column and an unexpected one are both reported on line 1."""
    path = _write(tmp_path / "tiny.csv", "code,nombre\n01,ok\n")
    rows, problems = read_file(path, _tiny_spec(), Context())
    assert rows == []
    assert {(p.line, p.field, p.code) for p in problems} == {
        (1, "name", "missing_column"),
        (1, "nombre", "unknown_column"),
    }


def test_duplicate_keys_and_short_lines(tmp_path):
    """A repeated key names the first line; a line with too few cells is refused."""
    path = _write(tmp_path / "tiny.csv", "code,name\n01,a\n01,b\n02\n")
    _, problems = read_file(path, _tiny_spec(), Context())
    assert [(p.line, p.code, dict(p.params)) for p in problems] == [
        (3, "duplicate", {"value": "01", "other": 2}),
        (4, "cell_count", {"found": 1, "expected": 2}),
    ]


def test_missing_and_undecodable_files(tmp_path):
    """A missing file and a file that is not UTF-8 are whole-file problems (no line)."""
    _, problems = read_file(tmp_path / "tiny.csv", _tiny_spec(), Context())
    assert [(p.line, p.code) for p in problems] == [(None, "missing_file")]
    (tmp_path / "tiny.csv").write_bytes("code,name\n01,Sonora\xe1\n".encode("cp1252"))
    _, problems = read_file(tmp_path / "tiny.csv", _tiny_spec(), Context())
    assert [(p.line, p.code) for p in problems] == [(None, "encoding")]


def test_problems_are_capped_per_file(tmp_path):
    """After MAX_PROBLEMS_PER_FILE problems the reader stops and says the rest are left out."""
    body = "".join(f"x{i},ok\n" for i in range(MAX_PROBLEMS_PER_FILE + 10))
    path = _write(tmp_path / "tiny.csv", "code,name\n" + body)
    _, problems = read_file(path, _tiny_spec(), Context())
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    assert problems[-1].code == "too_many"


def test_a_bad_row_in_one_file_is_reported_with_file_line_and_field(data_copy):
    """Spoiling line 5 of the copied ports.csv yields exactly one problem, located."""
    path = data_copy / "ports.csv"
    rows = read_rows(path)
    set_cell(5, "latitude", "abc")(rows)
    write_rows(path, rows)
    _, problems = read_dir(data_copy)
    assert [(p.file, p.line, p.field, p.code) for p in problems] == [
        ("ports.csv", 5, "latitude", "latitude")
    ]


def test_a_malformed_code_is_not_known_to_later_files(data_copy):
    """A sector whose own code is malformed is refused there, and the ports that point
    at it are refused too; a wrong cell elsewhere on a line does not hide its code."""
    path = data_copy / "sectors.csv"
    rows = read_rows(path)
    line = next(i for i, row in enumerate(rows, start=1) if row[0] == "TCA")
    set_cell(line, "code", "tca")(rows)
    set_cell(line + 1, "time_zone", "Nowhere/Land")(rows)
    write_rows(path, rows)
    _, problems = read_dir(data_copy)
    located = [(p.file, p.line, p.field, p.code) for p in problems]
    assert located[:2] == [
        ("sectors.csv", line, "code", "format"),
        ("sectors.csv", line + 1, "time_zone", "time_zone"),
    ]
    assert {(f, fld, c) for f, _, fld, c in located[2:]} == {
        ("ports.csv", "sector", "unknown_code"),
        ("offices.csv", "sector", "unknown_code"),
    }


def test_every_spec_column_is_in_the_packaged_headers():
    """The packaged headers are exactly the declared columns (same names, any order)."""
    for name, spec in SPEC_BY_NAME.items():
        assert sorted(read_rows(DATA_DIR / name)[0]) == sorted(spec.column_names), name
