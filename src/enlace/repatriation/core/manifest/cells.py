"""Parse one manifest row: every cell checked, then the row's consistency."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from enlace.people.core.dates import PartialDate, partial_date_parse
from enlace.people.core.identifiers import InvalidIdentifier, a_number_normalize, curp_normalize

from .format import (
    COLUMNS,
    MAX_AGE,
    MAX_TEXT,
    REQUIRED,
    Belongings,
    Catalog,
    ErrorCode,
    ManifestError,
    ManifestRow,
    MedicalCondition,
    Relationship,
)


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
