"""The repatriation manifest format, version 1: columns, types and the row parser.

Pure Python. ``read_manifest`` streams a CSV file (or JSON rows) and yields parsed rows or
``ManifestError`` values (line, field, code, params); the Django side turns codes into
messages in both languages. Nothing here knows about agreements: whether a row *complies* is
the compliance engine's question, whether it is *well formed* is this module's.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import IO, Any

from enlace.people.core.dates import PartialDate, age_on, partial_date_parse
from enlace.people.core.identifiers import InvalidIdentifier, a_number_normalize, curp_normalize

FORMAT_VERSION = 1

COLUMNS: tuple[str, ...] = (
    "manifest_id", "record_id", "sending_office", "given_names", "paternal_surname",
    "maternal_surname", "sex", "date_of_birth", "nationality", "curp", "a_number",
    "state_of_origin", "family_group_id", "relationship", "unaccompanied_minor", "pregnant",
    "medical_condition", "medical_clearance", "disability", "apprehended_at",
    "apprehension_sector", "apprehension_lat", "apprehension_lon",
    "consular_notification_offered_at", "consular_notification_requested",
    "consulate_notified_at", "consulate", "belongings_status", "criminal_record",
    "pgr_notice_sent_at", "interior_repatriation", "interior_consent_at", "tvpra_screened_at",
    "receiving_official", "notice_sent_at", "handover_port", "handover_at",
)  # fmt: skip

REQUIRED: frozenset[str] = frozenset(
    {"manifest_id", "record_id", "sending_office", "given_names", "nationality",
     "apprehended_at"}
)  # fmt: skip
MAX_TEXT = 120
MAX_AGE = 120


class Relationship(StrEnum):
    HEAD = "head"
    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    OTHER_RELATIVE = "other_relative"
    CUSTODIAN = "custodian"
    NONE = "none"


class MedicalCondition(StrEnum):
    NONE = "none"
    STABLE = "stable"
    SERIOUS = "serious"


class Belongings(StrEnum):
    RETURNED = "returned"
    NONE_HELD = "none_held"
    PENDING = "pending"


class ErrorCode(StrEnum):
    """Why a manifest, a line or a cell cannot be read. Stable: tests assert these."""

    EMPTY_FILE = "empty_file"
    ENCODING = "encoding"
    DELIMITER = "delimiter"
    NOT_JSON = "not_json"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    REPEATED_COLUMN = "repeated_column"
    CELL_COUNT = "cell_count"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    CHOICE = "choice"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    NO_OFFSET = "no_offset"
    NUMBER = "number"
    RANGE = "range"
    CURP = "curp"
    A_NUMBER = "a_number"
    UNKNOWN_CODE = "unknown_code"
    NO_SURNAME = "no_surname"
    AGE_IMPOSSIBLE = "age_impossible"
    ADULT_UNACCOMPANIED = "adult_unaccompanied_minor"
    PREGNANT_MALE = "pregnant_male"
    DUPLICATE_RECORD = "duplicate_record"
    MIXED_MANIFEST = "mixed_manifest"
    MIXED_OFFICE = "mixed_office"
    TOO_MANY_ERRORS = "too_many_errors"
    TOO_MANY_ROWS = "too_many_rows"


@dataclass(frozen=True)
class ManifestError:
    """One problem. ``line`` counts the header as line 1 (JSON: the row's 1-based index)."""

    line: int | None
    field: str | None
    code: ErrorCode
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Catalog:
    """The codes a manifest may name, from the reference data (and former sector codes)."""

    offices: frozenset[str]
    sectors: frozenset[str]
    ports: frozenset[str]
    states: frozenset[str]
    consulates: frozenset[str]


@dataclass
class ManifestRow:
    line: int
    manifest_id: str
    record_id: str
    sending_office: str
    given_names: str
    paternal_surname: str
    maternal_surname: str
    sex: str
    date_of_birth: PartialDate | None
    nationality: str
    curp: str
    a_number: str
    state_of_origin: str
    family_group_id: str
    relationship: Relationship
    unaccompanied_minor: bool
    pregnant: bool
    medical_condition: MedicalCondition
    medical_clearance: bool
    disability: bool
    apprehended_at: datetime
    apprehension_sector: str
    apprehension_lat: float | None
    apprehension_lon: float | None
    consular_notification_offered_at: datetime | None
    consular_notification_requested: bool
    consulate_notified_at: datetime | None
    consulate: str
    belongings_status: Belongings | None
    criminal_record: bool
    pgr_notice_sent_at: datetime | None
    interior_repatriation: bool
    interior_consent_at: datetime | None
    tvpra_screened_at: datetime | None
    receiving_official: str
    notice_sent_at: datetime | None
    handover_port: str
    handover_at: datetime | None
    # The cells as received (trimmed): what is stored and what the compliance engine reads.
    raw: Mapping[str, str] = dataclasses.field(default_factory=dict, repr=False, compare=False)

    def cells(self) -> dict[str, str]:
        """The row rendered back as manifest cells (normalized values)."""
        values: dict[str, Any] = dict(vars(self))
        del values["raw"]
        values["date_of_birth"] = str(self.date_of_birth) if self.date_of_birth else None
        for name in ("relationship", "medical_condition", "belongings_status"):
            value = values.get(name)
            values[name] = value.value if value is not None else None
        return row_to_csv(values)

    def age_at_apprehension(self) -> int | None:
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, self.apprehended_at.date())


class _CellError(Exception):
    def __init__(self, code: ErrorCode, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_ALPHA3 = re.compile(r"^[A-Z]{3}$")
_SHOWN = 40


def _shown(raw: str) -> str:
    return raw if len(raw) <= _SHOWN else raw[: _SHOWN - 1] + "…"


def _text(raw: str) -> str:
    if len(raw) > MAX_TEXT:
        raise _CellError(ErrorCode.TOO_LONG, max=MAX_TEXT)
    return raw


def _bool(raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("", "false"):
        return False
    if lowered == "true":
        return True
    raise _CellError(ErrorCode.BOOLEAN, value=_shown(raw))


def _timestamp(raw: str) -> datetime | None:
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise _CellError(ErrorCode.DATETIME, value=_shown(raw)) from None
    if value.tzinfo is None:
        raise _CellError(ErrorCode.NO_OFFSET, value=_shown(raw))
    return value


def _birth(raw: str) -> PartialDate | None:
    if not raw:
        return None
    try:
        return partial_date_parse(raw)
    except ValueError:
        raise _CellError(ErrorCode.DATE, value=_shown(raw)) from None


def _coordinate(low: float, high: float) -> Any:
    def parse(raw: str) -> float | None:
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise _CellError(ErrorCode.NUMBER, value=_shown(raw)) from None
        if not low <= value <= high:
            raise _CellError(ErrorCode.RANGE, value=_shown(raw), low=low, high=high)
        return value

    return parse


def _choice(enum: type[StrEnum], default: StrEnum | None) -> Any:
    def parse(raw: str) -> StrEnum | None:
        if not raw:
            return default
        try:
            return enum(raw)
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise _CellError(ErrorCode.CHOICE, value=_shown(raw), allowed=allowed) from None

    return parse


def _sex(raw: str) -> str:
    if raw not in ("", "F", "M", "X"):
        raise _CellError(ErrorCode.CHOICE, value=_shown(raw), allowed="F, M, X")
    return raw


def _nationality(raw: str) -> str:
    if not _ALPHA3.match(raw):
        raise _CellError(ErrorCode.CHOICE, value=_shown(raw), allowed="ISO 3166 alpha-3")
    return raw


def _curp(raw: str) -> str:
    if not raw:
        return ""
    try:
        return curp_normalize(raw)
    except InvalidIdentifier:
        raise _CellError(ErrorCode.CURP, value=_shown(raw)) from None


def _a_number(raw: str) -> str:
    if not raw:
        return ""
    try:
        return a_number_normalize(raw)
    except InvalidIdentifier:
        raise _CellError(ErrorCode.A_NUMBER, value=_shown(raw)) from None


def _code(kind: str) -> Any:
    def parse(raw: str, catalog: Catalog) -> str:
        if raw and raw not in getattr(catalog, kind):
            raise _CellError(ErrorCode.UNKNOWN_CODE, value=_shown(raw))
        return raw

    return parse


_PARSERS: dict[str, Any] = {
    "manifest_id": _text, "record_id": _text, "given_names": _text,
    "paternal_surname": _text, "maternal_surname": _text, "sex": _sex,
    "date_of_birth": _birth, "nationality": _nationality, "curp": _curp,
    "a_number": _a_number, "family_group_id": _text,
    "relationship": _choice(Relationship, Relationship.NONE),
    "unaccompanied_minor": _bool, "pregnant": _bool,
    "medical_condition": _choice(MedicalCondition, MedicalCondition.NONE),
    "medical_clearance": _bool, "disability": _bool, "apprehended_at": _timestamp,
    "apprehension_lat": _coordinate(14.0, 42.0), "apprehension_lon": _coordinate(-125.0, -86.0),
    "consular_notification_offered_at": _timestamp, "consular_notification_requested": _bool,
    "consulate_notified_at": _timestamp, "belongings_status": _choice(Belongings, None),
    "criminal_record": _bool, "pgr_notice_sent_at": _timestamp, "interior_repatriation": _bool,
    "interior_consent_at": _timestamp, "tvpra_screened_at": _timestamp,
    "receiving_official": _text, "notice_sent_at": _timestamp, "handover_at": _timestamp,
}  # fmt: skip
_CATALOG_PARSERS: dict[str, Any] = {
    "sending_office": _code("offices"), "apprehension_sector": _code("sectors"),
    "state_of_origin": _code("states"), "consulate": _code("consulates"),
    "handover_port": _code("ports"),
}  # fmt: skip


def _parse_cell(name: str, raw: str, catalog: Catalog) -> Any:
    if name in _CATALOG_PARSERS:
        return _CATALOG_PARSERS[name](raw, catalog)
    return _PARSERS[name](raw)


# What an empty optional cell parses to, computed once: most cells of a row are empty.
_EMPTY: dict[str, Any] = {
    name: "" if name in _CATALOG_PARSERS else _PARSERS[name]("")
    for name in COLUMNS
    if name not in REQUIRED
}


def _consistency(row: ManifestRow) -> Iterator[ManifestError]:
    if not (row.paternal_surname or row.maternal_surname):
        yield ManifestError(row.line, "paternal_surname", ErrorCode.NO_SURNAME)
    age = row.age_at_apprehension()
    if age is not None and not 0 <= age <= MAX_AGE:
        yield ManifestError(row.line, "date_of_birth", ErrorCode.AGE_IMPOSSIBLE, {"age": age})
    elif age is not None and row.unaccompanied_minor and age >= 18:
        yield ManifestError(
            row.line, "unaccompanied_minor", ErrorCode.ADULT_UNACCOMPANIED, {"age": age}
        )
    if row.pregnant and row.sex == "M":
        yield ManifestError(row.line, "pregnant", ErrorCode.PREGNANT_MALE)


def parse_row(
    raw: Mapping[str, str], *, line: int, catalog: Catalog
) -> tuple[ManifestRow | None, list[ManifestError]]:
    """Parse one row (column → text). Return the row, or None and every cell's problem."""
    values: dict[str, Any] = {}
    errors: list[ManifestError] = []
    cells: dict[str, str] = {}
    for name in COLUMNS:
        text = cells[name] = (raw.get(name) or "").strip()
        if not text:
            if name in REQUIRED:
                errors.append(ManifestError(line, name, ErrorCode.REQUIRED))
            else:
                values[name] = _EMPTY[name]
            continue
        try:
            values[name] = _parse_cell(name, text, catalog)
        except _CellError as exc:
            errors.append(ManifestError(line, name, exc.code, exc.params))
    if errors:
        return None, errors
    row = ManifestRow(line=line, **values, raw=cells)
    errors = list(_consistency(row))
    return (None, errors) if errors else (row, [])


def row_to_csv(row: Mapping[str, Any]) -> dict[str, str]:
    """Render plain values (bool, datetime, date, None) as manifest cells."""
    return {name: _cell(row.get(name)) for name in COLUMNS}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# --- reading whole files -------------------------------------------------------------------


@dataclass
class ReadResult:
    """What reading a manifest gave: rows if all are well formed, else errors (rows empty)."""

    rows: list[ManifestRow]
    errors: list[ManifestError]
    manifest_id: str = ""
    sending_office: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


MAX_ERRORS = 200
# A manifest is one office's handovers for a day: thousands of rows at most. Past this the
# file is refused (reading stops there), so a file of any size is read in bounded memory.
MAX_ROWS = 100_000


def _text_lines(stream: IO[bytes]) -> Iterator[str]:
    """Decode UTF-8 (BOM allowed) incrementally; a byte that is not UTF-8 is an error."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    line_no = 1
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        try:
            pending += decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            before = pending.count("\n") + chunk[: max(exc.start, 0)].count(b"\n")
            raise _FileError(ErrorCode.ENCODING, line_no + before) from None
        *complete, pending = pending.split("\n")
        for text in complete:
            line_no += 1
            yield text + "\n"
    try:
        pending += decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _FileError(ErrorCode.ENCODING, line_no + pending.count("\n")) from None
    if pending:
        yield pending


class _FileError(Exception):
    def __init__(self, code: ErrorCode, line: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.error = ManifestError(line, None, code, params)


def _check_header(header: list[str]) -> list[ManifestError]:
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        return [ManifestError(1, None, ErrorCode.DELIMITER)]
    errors = [
        ManifestError(1, name, ErrorCode.REPEATED_COLUMN)
        for name in sorted({h for h in header if header.count(h) > 1})
    ]
    errors += [ManifestError(1, n, ErrorCode.MISSING_COLUMN) for n in COLUMNS if n not in header]
    known = set(COLUMNS)
    errors += [ManifestError(1, n, ErrorCode.UNKNOWN_COLUMN) for n in header if n not in known]
    return errors


class _Collector:
    """Gather rows and errors across a file, with file-level checks (ids, one manifest)."""

    def __init__(self) -> None:
        self.result = ReadResult(rows=[], errors=[])
        self.seen: set[str] = set()

    def add(self, parsed: ManifestRow | None, errors: list[ManifestError]) -> None:
        self.result.errors.extend(errors)
        if parsed is None:
            return
        if parsed.record_id in self.seen:
            self._error(parsed.line, "record_id", ErrorCode.DUPLICATE_RECORD, parsed.record_id)
        self.seen.add(parsed.record_id)
        if not self.result.manifest_id:
            self.result.manifest_id = parsed.manifest_id
            self.result.sending_office = parsed.sending_office
        elif parsed.manifest_id != self.result.manifest_id:
            self._error(parsed.line, "manifest_id", ErrorCode.MIXED_MANIFEST, parsed.manifest_id)
        elif parsed.sending_office != self.result.sending_office:
            self._error(
                parsed.line, "sending_office", ErrorCode.MIXED_OFFICE, parsed.sending_office
            )
        if not self.result.errors:
            self.result.rows.append(parsed)

    def _error(self, line: int, name: str, code: ErrorCode, value: str) -> None:
        self.result.errors.append(ManifestError(line, name, code, {"value": _shown(value)}))

    @property
    def full(self) -> bool:
        return len(self.result.errors) >= MAX_ERRORS or len(self.seen) > MAX_ROWS

    def finish(self) -> ReadResult:
        if len(self.seen) > MAX_ROWS:
            self.result.errors.append(
                ManifestError(None, None, ErrorCode.TOO_MANY_ROWS, {"limit": MAX_ROWS})
            )
        elif self.full:
            del self.result.errors[MAX_ERRORS:]
            self.result.errors.append(
                ManifestError(None, None, ErrorCode.TOO_MANY_ERRORS, {"limit": MAX_ERRORS})
            )
        if self.result.errors:
            self.result.rows = []
        return self.result


def _csv_rows(stream: IO[bytes], collector: _Collector, catalog: Catalog) -> None:
    reader = csv.reader(_text_lines(stream))
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise _FileError(ErrorCode.EMPTY_FILE)
    header = [h.strip() for h in header]
    header_errors = _check_header(header)
    if header_errors:
        collector.result.errors.extend(header_errors)
        return
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            collector.add(
                None,
                [
                    ManifestError(
                        line,
                        None,
                        ErrorCode.CELL_COUNT,
                        {"found": len(cells), "expected": len(header)},
                    )
                ],
            )
        else:
            collector.add(
                *parse_row(dict(zip(header, cells, strict=True)), line=line, catalog=catalog)
            )
        if collector.full:
            return


def read_manifest_csv(stream: IO[bytes], *, catalog: Catalog) -> ReadResult:
    """Read a CSV manifest from a binary stream in bounded memory (rows kept only if valid)."""
    collector = _Collector()
    try:
        _csv_rows(stream, collector, catalog)
    except _FileError as exc:
        collector.result.errors.append(exc.error)
    except csv.Error as exc:
        collector.result.errors.append(
            ManifestError(
                None,
                None,
                ErrorCode.CELL_COUNT,
                {"found": 0, "expected": len(COLUMNS), "detail": str(exc)[:80]},
            )
        )
    result = collector.finish()
    if not result.errors and not result.rows:
        result.errors.append(ManifestError(None, None, ErrorCode.EMPTY_FILE))
    return result


def read_manifest_json(data: bytes | str, *, catalog: Catalog) -> ReadResult:
    """Read the same rows given as a JSON array of objects (or ``{"rows": [...]}``)."""
    collector = _Collector()
    try:
        loaded = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return ReadResult([], [ManifestError(None, None, ErrorCode.NOT_JSON)])
    rows = loaded.get("rows") if isinstance(loaded, dict) else loaded
    if not isinstance(rows, list) or not rows:
        return ReadResult([], [ManifestError(None, None, ErrorCode.EMPTY_FILE)])
    for index, item in enumerate(rows, start=1):
        if not isinstance(item, dict):
            collector.add(None, [ManifestError(index, None, ErrorCode.NOT_JSON)])
            continue
        unknown = sorted(set(item) - set(COLUMNS))
        errors = [ManifestError(index, name, ErrorCode.UNKNOWN_COLUMN) for name in unknown]
        cells = {name: _cell(value) for name, value in item.items() if name in COLUMNS}
        parsed, row_errors = parse_row(cells, line=index, catalog=catalog)
        collector.add(None if errors else parsed, errors + row_errors)
        if collector.full:
            break
    return collector.finish()


def read_manifest(data: bytes, *, catalog: Catalog) -> ReadResult:
    """Read a manifest held in memory, CSV or JSON by its first character."""
    if data.lstrip()[:1] in (b"[", b"{"):
        return read_manifest_json(data, catalog=catalog)
    return read_manifest_csv(io.BytesIO(data), catalog=catalog)


def catalog_from_codes(**codes: Iterable[str]) -> Catalog:
    return Catalog(**{name: frozenset(values) for name, values in codes.items()})
