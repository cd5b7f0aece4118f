"""Reading manifests: every kind of bad input gets a line, a field and a code (no database)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enlace.agreements.core.authored import REFERENCE_DIR
from enlace.repatriation.core.manifest import (
    COLUMNS,
    Catalog,
    ErrorCode,
    read_manifest,
    read_manifest_csv,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


def _codes(name: str, column: str = "code") -> frozenset[str]:
    with (REFERENCE_DIR / name).open(encoding="utf-8") as handle:
        return frozenset(row[column] for row in csv.DictReader(handle))


CATALOG = Catalog(
    offices=_codes("offices.csv"),
    sectors=_codes("sectors.csv") | {"MAR", "MCA"},
    ports=_codes("ports.csv"),
    states=_codes("states.csv", "curp_code"),
    consulates=_codes("consulates.csv"),
)


def _rows() -> list[dict[str, str]]:
    with EXAMPLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _csv(rows: list[dict[str, str]], columns: tuple[str, ...] | list[str] = COLUMNS) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _errors(content: bytes) -> set[tuple[int | None, str | None, ErrorCode]]:
    result = read_manifest(content, catalog=CATALOG)
    assert result.rows == [], "a manifest with errors keeps no rows"
    return {(e.line, e.field, e.code) for e in result.errors}


def test_the_documented_example_reads_cleanly():
    result = read_manifest(EXAMPLE.read_bytes(), catalog=CATALOG)
    assert result.errors == []
    assert [r.record_id for r in result.rows] == ["TCA-0001", "TCA-0002", "TCA-0003", "TCA-0004"]
    assert str(result.rows[1].date_of_birth) == "2011-02"
    assert result.rows[0].a_number == "A204512338"


def test_json_rows_read_like_csv():
    rows = _rows()
    as_json = json.dumps({"rows": rows}).encode()
    from_json = read_manifest(as_json, catalog=CATALOG).rows
    from_csv = read_manifest(_csv(rows), catalog=CATALOG).rows
    assert [r.cells() for r in from_json] == [r.cells() for r in from_csv]
    assert [r.line for r in from_json] == [1, 2, 3, 4]


def _one_change(**cells: str) -> bytes:
    rows = _rows()
    rows[1].update(cells)
    return _csv(rows)


@pytest.mark.parametrize(
    ("cells", "field", "code"),
    [
        ({"date_of_birth": "2011-13-01"}, "date_of_birth", ErrorCode.DATE),
        ({"date_of_birth": "1880-01-01"}, "date_of_birth", ErrorCode.AGE_IMPOSSIBLE),
        ({"date_of_birth": "2020-01-01"}, "date_of_birth", ErrorCode.AGE_IMPOSSIBLE),
        ({"date_of_birth": "1990", "unaccompanied_minor": "true"}, "unaccompanied_minor",
         ErrorCode.ADULT_UNACCOMPANIED),
        ({"curp": "HERJ880517MGRRZS09"}, "curp", ErrorCode.CURP),
        ({"a_number": "12"}, "a_number", ErrorCode.A_NUMBER),
        ({"handover_port": "9999"}, "handover_port", ErrorCode.UNKNOWN_CODE),
        ({"apprehension_sector": "XXX"}, "apprehension_sector", ErrorCode.UNKNOWN_CODE),
        ({"sex": "H"}, "sex", ErrorCode.CHOICE),
        ({"pregnant": "yes"}, "pregnant", ErrorCode.BOOLEAN),
        ({"apprehended_at": "2019-03-12T05:40"}, "apprehended_at", ErrorCode.NO_OFFSET),
        ({"apprehended_at": ""}, "apprehended_at", ErrorCode.REQUIRED),
        ({"handover_at": "yesterday"}, "handover_at", ErrorCode.DATETIME),
        ({"apprehension_lat": "95"}, "apprehension_lat", ErrorCode.RANGE),
        ({"paternal_surname": "", "maternal_surname": ""}, "paternal_surname",
         ErrorCode.NO_SURNAME),
        ({"pregnant": "true"}, "pregnant", ErrorCode.PREGNANT_MALE),
        ({"record_id": "TCA-0001"}, "record_id", ErrorCode.DUPLICATE_RECORD),
        ({"manifest_id": "other"}, "manifest_id", ErrorCode.MIXED_MANIFEST),
        ({"sending_office": "usbp-sdc"}, "sending_office", ErrorCode.MIXED_OFFICE),
    ],
)  # fmt: skip
def test_bad_cells_name_line_field_and_code(cells, field, code):
    """The changed row is the file's third line (header, first row, then this one)."""
    assert (3, field, code) in _errors(_one_change(**cells))


def test_missing_and_unknown_columns():
    columns = [c for c in COLUMNS if c != "curp"] + ["nickname"]
    errors = _errors(_csv(_rows(), columns))
    assert (1, "curp", ErrorCode.MISSING_COLUMN) in errors
    assert (1, "nickname", ErrorCode.UNKNOWN_COLUMN) in errors


def test_semicolon_file_is_refused_clearly():
    content = _csv(_rows()).decode().replace(",", ";").encode()
    assert _errors(content) == {(1, None, ErrorCode.DELIMITER)}


def test_cp1252_file_is_refused_not_garbled():
    """An ANSI file is not guessed: the line of the first non-UTF-8 byte is named."""
    content = _csv(_rows()).decode().encode("cp1252")
    assert _errors(content) == {(2, None, ErrorCode.ENCODING)}


def test_utf8_with_bom_reads():
    assert read_manifest(b"\xef\xbb\xbf" + _csv(_rows()), catalog=CATALOG).errors == []


@pytest.mark.parametrize("content", [b"", b"\n\n", _csv([])])
def test_empty_files_are_refused(content):
    assert ErrorCode.EMPTY_FILE in {code for _, _, code in _errors(content)}


def test_a_huge_file_is_streamed_and_stops_at_the_error_limit():
    """Millions of bad rows do not accumulate: reading stops after the error limit."""

    class Endless(io.RawIOBase):
        def __init__(self) -> None:
            self.sent = 0
            self.header = (",".join(COLUMNS) + "\n").encode()

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[override]
            chunk = self.header if self.sent == 0 else b"bad,row\n" * 4096
            chunk = chunk[: len(buffer)]
            buffer[: len(chunk)] = chunk
            self.sent += 1
            return len(chunk)

    result = read_manifest_csv(io.BufferedReader(Endless()), catalog=CATALOG)
    assert result.errors[-1].code == ErrorCode.TOO_MANY_ERRORS
    assert len(result.errors) == 201


def test_an_endless_valid_file_stops_at_the_row_limit(monkeypatch):
    """Rows past the limit are not read: the file is refused with one clear error."""
    from enlace.repatriation.core.manifest import reading

    monkeypatch.setattr(reading, "MAX_ROWS", 50)
    row = _csv(_rows()[2:3]).split(b"\n", 1)[1]

    class Endless:
        """A binary stream that never ends: a header, then one valid row per read."""

        def __init__(self) -> None:
            self.count = 0

        def read(self, size: int = -1) -> bytes:
            self.count += 1
            if self.count == 1:
                return (",".join(COLUMNS) + "\n").encode()
            return row.replace(b"TCA-0003", f"R{self.count}".encode())

    stream = Endless()
    result = read_manifest_csv(stream, catalog=CATALOG)  # type: ignore[arg-type]
    assert [e.code for e in result.errors] == [ErrorCode.TOO_MANY_ROWS]
    assert result.rows == []
    assert stream.count < 200


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_no_bytes_make_the_reader_crash(data):
    result = read_manifest(data, catalog=CATALOG)
    assert result.errors or result.rows


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(COLUMNS), st.text(max_size=30), max_size=len(COLUMNS)))
def test_no_cell_values_make_the_reader_crash(cells):
    rows = _rows()
    rows[0].update(cells)
    result = read_manifest(_csv(rows), catalog=CATALOG)
    assert result.errors or len(result.rows) == len(rows)
