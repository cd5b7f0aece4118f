"""Read and check the reference CSV files. Pure Python: no Django here.

Each file has a small declarative schema (a ``FileSpec``): its columns, the parser that
checks each cell, and the model attribute the value goes to. ``read_dir`` reads the files
in dependency order, so a code in one file can only point at a code already read (an
earlier file, or an earlier line of the same file). Every problem is returned as a
``Problem`` (file, line, field, code, params); the service layer turns them into
translated messages. Lines are counted from 1, the header being line 1.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_PROBLEMS_PER_FILE = 20
_VALUE_SHOWN = 60
_SIX_PLACES = Decimal("0.000001")

US_STATES = ("CA", "AZ", "NM", "TX")
US_STATE_FIPS = {"CA": "06", "AZ": "04", "NM": "35", "TX": "48"}
MX_LATITUDE = (Decimal("14"), Decimal("33.5"))
MX_LONGITUDE = (Decimal("-118.5"), Decimal("-86.5"))
US_LATITUDE = (Decimal("25"), Decimal("42"))
US_LONGITUDE = (Decimal("-125"), Decimal("-93"))


class FieldError(Exception):
    """A cell that does not parse; ``code`` names the problem, ``params`` fill its message."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data. ``line`` is None for a whole-file problem."""

    file: str
    line: int | None
    field: str | None
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclass
class Context:
    """What has been read so far: the codes of each file (lines whose code parsed)."""

    keys: dict[str, set[str]] = dataclasses.field(default_factory=dict)

    def has(self, file: str, code: str) -> bool:
        return code in self.keys.get(file, set())


Parser = Callable[[str, Context], Any]
Check = Callable[[Mapping[str, Any]], Iterable[tuple[str, str, dict[str, Any]]]]


@dataclass(frozen=True)
class Column:
    """A CSV column. ``target`` is the model attribute (None: documentation only)."""

    name: str
    parse: Parser
    target: str | None = ""
    unique: bool = False
    many: bool = False

    @property
    def attribute(self) -> str | None:
        return self.name if self.target == "" else self.target


@dataclass(frozen=True)
class FileSpec:
    """A file: its columns, its key column (None for a file of links) and row checks."""

    name: str
    columns: tuple[Column, ...]
    key: str | None
    checks: tuple[Check, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _shown(raw: str) -> str:
    return raw if len(raw) <= _VALUE_SHOWN else raw[: _VALUE_SHOWN - 1] + "…"


# --- parsers ---------------------------------------------------------------------------


def text(max_length: int, *, required: bool = True) -> Parser:
    def parse(raw: str, ctx: Context) -> str:
        if not raw and required:
            raise FieldError("required")
        if len(raw) > max_length:
            raise FieldError("too_long", value=_shown(raw), max=max_length)
        return raw

    return parse


def matching(pattern: str, what: str, *, required: bool = True) -> Parser:
    """A code of a fixed form; ``what`` names the form (see the service's descriptions)."""
    regex = re.compile(pattern)

    def parse(raw: str, ctx: Context) -> str:
        if not raw and required:
            raise FieldError("required")
        if raw and not regex.fullmatch(raw):
            raise FieldError("format", value=_shown(raw), what=what)
        return raw

    return parse


def choice(values: Iterable[str]) -> Parser:
    allowed = tuple(values)

    def parse(raw: str, ctx: Context) -> str:
        if not raw:
            raise FieldError("required")
        if raw not in allowed:
            raise FieldError("choice", value=_shown(raw), choices=", ".join(allowed))
        return raw

    return parse


def integer(low: int, high: int, *, required: bool = True) -> Parser:
    def parse(raw: str, ctx: Context) -> int | None:
        if not raw:
            if required:
                raise FieldError("required")
            return None
        if not raw.isascii() or not raw.isdigit() or not low <= int(raw) <= high:
            raise FieldError("integer", value=_shown(raw), min=low, max=high)
        return int(raw)

    return parse


def coordinate(kind: str, bounds: tuple[Decimal, Decimal]) -> Parser:
    """A decimal latitude or longitude (``kind``) inside ``bounds``, kept to six places."""
    low, high = bounds

    def parse(raw: str, ctx: Context) -> Decimal:
        if not raw:
            raise FieldError("required")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not low <= value <= high:
            raise FieldError(kind, value=_shown(raw), min=str(low), max=str(high))
        return value.quantize(_SIX_PLACES)

    return parse


def boolean() -> Parser:
    def parse(raw: str, ctx: Context) -> bool:
        if raw not in ("true", "false"):
            raise FieldError("boolean", value=_shown(raw))
        return raw == "true"

    return parse


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(*, required: bool = False) -> Parser:
    def parse(raw: str, ctx: Context) -> date | None:
        if not raw:
            if required:
                raise FieldError("required")
            return None
        try:
            if not _ISO_DATE.fullmatch(raw):
                raise ValueError(raw)
            return date.fromisoformat(raw)
        except ValueError:
            raise FieldError("date", value=_shown(raw)) from None

    return parse


def time_zone() -> Parser:
    def parse(raw: str, ctx: Context) -> str:
        if not raw:
            raise FieldError("required")
        try:
            zoneinfo.ZoneInfo(raw)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise FieldError("time_zone", value=_shown(raw)) from None
        return raw

    return parse


def ref(file: str, *, required: bool = True) -> Parser:
    """A code that must already be in ``file`` (read earlier, or on an earlier line)."""

    def parse(raw: str, ctx: Context) -> str | None:
        if not raw:
            if required:
                raise FieldError("required")
            return None
        if not ctx.has(file, raw):
            raise FieldError("unknown_code", value=_shown(raw), target=file)
        return raw

    return parse


def refs(file: str) -> Parser:
    """Codes of ``file`` separated by ``|``; may be empty."""

    def parse(raw: str, ctx: Context) -> tuple[str, ...]:
        codes = tuple(code.strip() for code in raw.split("|")) if raw else ()
        for code in codes:
            if not ctx.has(file, code):
                raise FieldError("unknown_code", value=_shown(code), target=file)
        return codes

    return parse


# --- row checks ------------------------------------------------------------------------


def _municipality_in_state(row: Mapping[str, Any]) -> Iterable[tuple[str, str, dict[str, Any]]]:
    if not row["cvegeo"].startswith(row["state_id"]):
        yield "cvegeo", "prefix", {"value": row["cvegeo"], "prefix": row["state_id"]}


def _county_in_state(row: Mapping[str, Any]) -> Iterable[tuple[str, str, dict[str, Any]]]:
    prefix = US_STATE_FIPS[row["us_state"]]
    if not row["fips"].startswith(prefix):
        yield "fips", "prefix", {"value": row["fips"], "prefix": prefix}


# --- the files -------------------------------------------------------------------------

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_SOURCE = Column("source", text(300))
_NOTE = Column("source", text(300), target=None)


def _mx_place() -> tuple[Column, ...]:
    return (
        Column("latitude", coordinate("latitude", MX_LATITUDE)),
        Column("longitude", coordinate("longitude", MX_LONGITUDE)),
        Column("time_zone", time_zone()),
    )


def _us_place() -> tuple[Column, ...]:
    return (
        Column("latitude", coordinate("latitude", US_LATITUDE)),
        Column("longitude", coordinate("longitude", US_LONGITUDE)),
        Column("time_zone", time_zone()),
    )


SPECS: tuple[FileSpec, ...] = (
    FileSpec(
        "states.csv",
        (
            Column("inegi_code", matching(r"\d{2}", "inegi_state")),
            Column("curp_code", matching(r"[A-Z]{2}", "curp_state"), unique=True),
            Column("name", text(80)),
            Column("abbreviation", text(10)),
        ),
        key="inegi_code",
    ),
    FileSpec(
        "municipalities.csv",
        (
            Column("cvegeo", matching(r"\d{5}", "cvegeo")),
            Column("state", ref("states.csv"), target="state_id"),
            Column("name", text(120)),
            Column("seat_name", text(120, required=False)),
            Column("population_2020", integer(0, 99_999_999, required=False)),
        ),
        key="cvegeo",
        checks=(_municipality_in_state,),
    ),
    FileSpec(
        "languages.csv",
        (
            Column("code", matching(r"[a-z]{3}", "iso639")),
            Column("name_en", text(80)),
            Column("name_es", text(80)),
            Column("indigenous", boolean()),
            _NOTE,
        ),
        key="code",
    ),
    FileSpec(
        "sectors.csv",
        (
            Column("code", matching(r"[A-Z]{3}", "sector_code")),
            Column("name", text(80)),
            Column("former_code", matching(r"[A-Z]{3}", "sector_code", required=False)),
            Column("former_name", text(80, required=False)),
            Column("renamed_on", iso_date()),
            Column("us_state", choice(US_STATES)),
            Column("headquarters", text(80)),
            *_us_place(),
            Column("order", integer(1, 99), unique=True),
            _NOTE,
        ),
        key="code",
    ),
    FileSpec(
        "ports.csv",
        (
            Column("code", matching(r"\d{4}", "cbp_port")),
            Column("name", text(80)),
            Column("us_state", choice(US_STATES)),
            Column("mx_city", text(80)),
            Column("mx_state", ref("states.csv"), target="mx_state_id"),
            Column("sector", ref("sectors.csv"), target="sector_id"),
            *_us_place(),
            Column("mx_time_zone", time_zone()),
            _SOURCE,
        ),
        key="code",
    ),
    FileSpec(
        "reception_points.csv",
        (
            Column("code", matching(SLUG, "slug")),
            Column("name", text(120)),
            Column("city", text(80)),
            Column("state", ref("states.csv"), target="state_id"),
            *_mx_place(),
            Column("interior", boolean()),
            _SOURCE,
        ),
        key="code",
    ),
    FileSpec(
        "reception_point_ports.csv",
        (
            Column("reception_point", ref("reception_points.csv")),
            Column("port", ref("ports.csv")),
            _NOTE,
        ),
        key=None,
    ),
    FileSpec(
        "counties.csv",
        (
            Column("fips", matching(r"\d{5}", "fips")),
            Column("name", text(80)),
            Column("us_state", choice(US_STATES)),
        ),
        key="fips",
        checks=(_county_in_state,),
    ),
    FileSpec(
        "consulates.csv",
        (
            Column("code", matching(SLUG, "slug")),
            Column("city", text(80)),
            Column("us_state", choice(US_STATES)),
            Column("category", choice(("general", "career"))),
            *_us_place(),
            _SOURCE,
        ),
        key="code",
    ),
    FileSpec(
        "consular_districts.csv",
        (
            Column("consulate_code", ref("consulates.csv")),
            Column("county_fips", ref("counties.csv"), unique=True),
            _NOTE,
        ),
        key=None,
    ),
    FileSpec(
        "agencies.csv",
        (
            Column("code", matching(r"[A-Z]+(?:-[A-Z]+)*", "agency_code")),
            Column("country", choice(("US", "MX"))),
            Column("name_en", text(160)),
            Column("name_es", text(160)),
            Column("parent", ref("agencies.csv", required=False), target="parent_id"),
            Column("dissolved_on", iso_date()),
            Column("successors", refs("agencies.csv"), many=True),
            _NOTE,
        ),
        key="code",
    ),
    FileSpec(
        "offices.csv",
        (
            Column("code", matching(SLUG, "slug")),
            Column("agency", ref("agencies.csv"), target="agency_id"),
            Column("name_en", text(160)),
            Column("name_es", text(160)),
            Column("sector", ref("sectors.csv", required=False), target="sector_id"),
            Column("port", ref("ports.csv", required=False), target="port_id"),
            Column("consulate", ref("consulates.csv", required=False), target="consulate_id"),
            Column(
                "reception_point",
                ref("reception_points.csv", required=False),
                target="reception_point_id",
            ),
            Column("mx_state", ref("states.csv", required=False), target="mx_state_id"),
            Column("city", text(80, required=False)),
            Column("time_zone", time_zone()),
            Column("closed_on", iso_date()),
            Column("successor", ref("offices.csv", required=False), target="successor_id"),
            _NOTE,
        ),
        key="code",
    ),
)

SPEC_BY_NAME = {spec.name: spec for spec in SPECS}


# --- reading ---------------------------------------------------------------------------


@dataclass
class _FileReader:
    """Reads one file, collecting rows and problems (at most MAX_PROBLEMS_PER_FILE)."""

    spec: FileSpec
    ctx: Context
    rows: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    problems: list[Problem] = dataclasses.field(default_factory=list)
    seen: dict[str, dict[str, int]] = dataclasses.field(default_factory=dict)
    dropped: bool = False

    @property
    def full(self) -> bool:
        return len(self.problems) >= MAX_PROBLEMS_PER_FILE

    def add(self, line: int | None, column: str | None, code: str, **params: Any) -> None:
        if self.full:
            self.dropped = True
        else:
            self.problems.append(Problem(self.spec.name, line, column, code, params))

    def read(self, path: Path) -> None:
        content = self._content(path)
        if content is not None:
            self._read_rows(csv.reader(io.StringIO(content, newline="")))
        if self.dropped:
            limit = MAX_PROBLEMS_PER_FILE
            self.problems.append(Problem(self.spec.name, None, None, "too_many", {"limit": limit}))

    def _read_rows(self, reader: Any) -> None:
        header = [name.strip() for name in next(reader, [])]
        if not self._header_ok(header):
            return
        for cells in reader:
            if self.full:
                self.dropped = True
                return
            if cells:
                self._row(reader.line_num, header, cells)

    def _content(self, path: Path) -> str | None:
        try:
            return path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            self.add(None, None, "missing_file")
        except UnicodeDecodeError:
            self.add(None, None, "encoding")
        return None

    def _header_ok(self, header: list[str]) -> bool:
        expected = self.spec.column_names
        for name in expected:
            if name not in header:
                self.add(1, name, "missing_column")
        for name in header:
            if name not in expected:
                self.add(1, name, "unknown_column")
        for name in {n for n in header if header.count(n) > 1}:
            self.add(1, name, "repeated_column")
        return not self.problems

    def _row(self, line: int, header: list[str], cells: list[str]) -> None:
        if len(cells) != len(header):
            self.add(line, None, "cell_count", found=len(cells), expected=len(header))
            return
        raw = {name: cell.strip() for name, cell in zip(header, cells, strict=True)}
        before = len(self.problems)
        row: dict[str, Any] = {"_line": line}
        for column in self.spec.columns:
            self._cell(line, column, raw[column.name], row)
        if len(self.problems) > before:
            return
        for check in self.spec.checks:
            for column_name, code, params in check(row):
                self.add(line, column_name, code, **params)
        if len(self.problems) == before:
            self.rows.append(row)

    def _cell(self, line: int, column: Column, value: str, row: dict[str, Any]) -> None:
        is_key = column.name == self.spec.key
        if (column.unique or is_key) and value:
            seen = self.seen.setdefault(column.name, {})
            if value in seen:
                self.add(line, column.name, "duplicate", value=_shown(value), other=seen[value])
                return
            seen[value] = line
        try:
            parsed = column.parse(value, self.ctx)
        except FieldError as error:
            self.add(line, column.name, error.code, **error.params)
            return
        if column.attribute is not None:
            row[column.attribute] = parsed
        if is_key:
            # Known from here on even if another cell of the line is wrong: the file is
            # refused anyway, and later files should not repeat the same problem.
            self.ctx.keys.setdefault(self.spec.name, set()).add(value)


def read_file(
    path: Path, spec: FileSpec, ctx: Context
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Read one file. Rows are dicts keyed by model attribute, plus ``_line``."""
    reader = _FileReader(spec, ctx)
    reader.read(path)
    return reader.rows, reader.problems


def read_dir(
    data_dir: Path, specs: Iterable[FileSpec] = SPECS
) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Read every file of ``specs`` from ``data_dir`` in order; return rows and problems."""
    ctx = Context()
    data: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    for spec in specs:
        rows, found = read_file(data_dir / spec.name, spec, ctx)
        data[spec.name] = rows
        problems.extend(found)
    return data, problems
