"""The repatriation manifest format, version 1: columns, value types, rows and errors.

Pure Python. Whether a row *complies* is the compliance engine's question; whether it is
*well formed* is this package's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from enlace.people.core.dates import PartialDate, age_on

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
