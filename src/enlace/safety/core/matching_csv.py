"""The files of ``enlace remains match``: MISSING.csv and REMAINS.csv read, or refused.

A refused file raises ``MatchInputError`` with a stable code and the file, line and field
it concerns; the command turns it into a message in English and Spanish.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import fields as dataclass_fields
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from .matching import Missing, Remains, birth_period

MISSING_COLUMNS = tuple(f.name for f in dataclass_fields(Missing))
REMAINS_COLUMNS = tuple(f.name for f in dataclass_fields(Remains))

# Accepted spellings of sex, case-insensitive; the empty ones say it is unknown.
_SEXES = {
    "m": "M",
    "male": "M",
    "h": "M",
    "hombre": "M",
    "masculino": "M",
    "f": "F",
    "female": "F",
    "mujer": "F",
    "femenino": "F",
    "": "",
    "u": "",
    "unknown": "",
    "undetermined": "",
    "indeterminado": "",
}
_LIMITS: dict[str, tuple[float, float]] = {
    "lat": (-90.0, 90.0),
    "lon": (-180.0, 180.0),
    "height_cm": (30.0, 250.0),
    "stature_min_cm": (30.0, 250.0),
    "stature_max_cm": (30.0, 250.0),
    "age_min": (0.0, 120.0),
    "age_max": (0.0, 120.0),
    "pmi_min_days": (0.0, 36500.0),
    "pmi_max_days": (0.0, 36500.0),
}


class InputErrorCode(StrEnum):
    UNREADABLE = "unreadable"
    UNDECODABLE = "undecodable"
    MALFORMED = "malformed"
    MISSING_COLUMN = "missing_column"
    EMPTY_ID = "empty_id"
    DUPLICATE_ID = "duplicate_id"
    BAD_SEX = "bad_sex"
    BAD_DATE = "bad_date"
    BAD_PARTIAL_DATE = "bad_partial_date"
    BAD_NUMBER = "bad_number"
    OUT_OF_RANGE = "out_of_range"
    RANGE_REVERSED = "range_reversed"


class MatchInputError(Exception):
    """A refused file: ``code``; ``params`` name the file, line, field and value."""

    def __init__(self, code: InputErrorCode, **params: Any) -> None:
        super().__init__(code.value)
        self.code = code
        self.params = params


class _Row:
    """One data line's values, read field by field with the line named in any error."""

    def __init__(self, path: Path, line: int, values: Mapping[str, str | None]) -> None:
        self.path, self.line, self.values = path, line, values

    def refuse(self, code: InputErrorCode, name: str, **params: Any) -> MatchInputError:
        value = (self.values.get(name) or "").strip()
        return MatchInputError(
            code, file=self.path.name, line=self.line, field=name, value=value[:40], **params
        )

    def text(self, name: str) -> str:
        return (self.values.get(name) or "").strip()

    def sex(self, name: str) -> str:
        value = _SEXES.get(self.text(name).lower())
        if value is None:
            raise self.refuse(InputErrorCode.BAD_SEX, name)
        return value

    def date(self, name: str) -> date | None:
        value = self.text(name)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.refuse(InputErrorCode.BAD_DATE, name) from None

    def partial_date(self, name: str) -> str:
        value = self.text(name)
        if value and birth_period(value) is None:
            raise self.refuse(InputErrorCode.BAD_PARTIAL_DATE, name)
        return value

    def number(self, name: str, limits: str | None = None) -> float | None:
        value = self.text(name)
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            raise self.refuse(InputErrorCode.BAD_NUMBER, name) from None
        low, high = _LIMITS[limits or name]
        if not low <= number <= high:
            raise self.refuse(InputErrorCode.OUT_OF_RANGE, name, low=f"{low:g}", high=f"{high:g}")
        return number

    def whole(self, name: str) -> int | None:
        number = self.number(name)
        if number is None:
            return None
        if number != int(number):
            raise self.refuse(InputErrorCode.BAD_NUMBER, name)
        return int(number)

    def ordered(self, low: str, high: str, values: tuple[float | None, float | None]) -> None:
        if values[0] is not None and values[1] is not None and values[0] > values[1]:
            raise self.refuse(InputErrorCode.RANGE_REVERSED, high, other=low)


def _missing(row: _Row) -> Missing:
    return Missing(
        report_id=row.text("report_id"),
        given_names=row.text("given_names"),
        paternal_surname=row.text("paternal_surname"),
        maternal_surname=row.text("maternal_surname"),
        sex=row.sex("sex"),
        date_of_birth=row.partial_date("date_of_birth"),
        height_cm=row.number("height_cm"),
        last_seen_date=row.date("last_seen_date"),
        last_seen_lat=row.number("last_seen_lat", "lat"),
        last_seen_lon=row.number("last_seen_lon", "lon"),
        last_seen_place=row.text("last_seen_place"),
        clothing=row.text("clothing"),
        distinguishing_marks=row.text("distinguishing_marks"),
        curp=row.text("curp"),
    )


def _remains(row: _Row) -> Remains:
    age = (row.whole("age_min"), row.whole("age_max"))
    row.ordered("age_min", "age_max", age)
    stature = (row.number("stature_min_cm"), row.number("stature_max_cm"))
    row.ordered("stature_min_cm", "stature_max_cm", stature)
    pmi = (row.whole("pmi_min_days"), row.whole("pmi_max_days"))
    row.ordered("pmi_min_days", "pmi_max_days", pmi)
    return Remains(
        case_id=row.text("case_id"),
        sex=row.sex("sex"),
        age_min=age[0],
        age_max=age[1],
        stature_min_cm=stature[0],
        stature_max_cm=stature[1],
        found_date=row.date("found_date"),
        found_lat=row.number("found_lat", "lat"),
        found_lon=row.number("found_lon", "lon"),
        pmi_min_days=pmi[0],
        pmi_max_days=pmi[1],
        clothing=row.text("clothing"),
        distinguishing_marks=row.text("distinguishing_marks"),
        document_name=row.text("document_name"),
        document_curp=row.text("document_curp"),
    )


def _text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError:
        raise MatchInputError(InputErrorCode.UNREADABLE, file=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise MatchInputError(InputErrorCode.UNDECODABLE, file=path.name, line=line) from None


def _lines(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str | None]]]:
    reader = csv.DictReader(io.StringIO(_text(path), newline=""))
    try:
        header = reader.fieldnames or []
        absent = [c for c in columns if c not in [h.strip() for h in header]]
        if absent:
            raise MatchInputError(
                InputErrorCode.MISSING_COLUMN, file=path.name, line=1, field=absent[0]
            )
        for values in reader:
            yield reader.line_num, {(k or "").strip(): v for k, v in values.items()}
    except csv.Error as exc:
        raise MatchInputError(
            InputErrorCode.MALFORMED, file=path.name, line=reader.line_num, detail=str(exc)
        ) from None


def _read(path: Path, columns: tuple[str, ...], build: Callable[[_Row], Any]) -> list[Any]:
    records: list[Any] = []
    first_line: dict[str, int] = {}
    key = columns[0]
    for line, values in _lines(path, columns):
        row = _Row(path, line, values)
        if not row.text(key):
            raise row.refuse(InputErrorCode.EMPTY_ID, key)
        record = build(row)
        identifier = getattr(record, key)
        if identifier in first_line:
            raise row.refuse(InputErrorCode.DUPLICATE_ID, key, first=first_line[identifier])
        first_line[identifier] = line
        records.append(record)
    return records


def missing_read(path: Path) -> list[Missing]:
    """The reports of a MISSING.csv, or ``MatchInputError`` naming the first bad value."""
    return _read(path, MISSING_COLUMNS, _missing)


def remains_read(path: Path) -> list[Remains]:
    """The cases of a REMAINS.csv, or ``MatchInputError`` naming the first bad value."""
    return _read(path, REMAINS_COLUMNS, _remains)
