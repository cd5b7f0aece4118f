"""The repatriation manifest format, version 1: columns, types and the row parser.

Pure Python. ``read_manifest`` streams a CSV file (or JSON rows) and returns parsed rows or
``ManifestError`` values (line, field, code, params); the Django side turns codes into
messages in both languages.
"""

from .cells import parse_row
from .format import (
    COLUMNS,
    FORMAT_VERSION,
    REQUIRED,
    Belongings,
    Catalog,
    ErrorCode,
    ManifestError,
    ManifestRow,
    MedicalCondition,
    Relationship,
    row_to_csv,
)
from .reading import (
    MAX_ERRORS,
    MAX_ROWS,
    ReadResult,
    catalog_from_codes,
    read_manifest,
    read_manifest_csv,
    read_manifest_json,
)

__all__ = [
    "COLUMNS",
    "FORMAT_VERSION",
    "MAX_ERRORS",
    "MAX_ROWS",
    "REQUIRED",
    "Belongings",
    "Catalog",
    "ErrorCode",
    "ManifestError",
    "ManifestRow",
    "MedicalCondition",
    "ReadResult",
    "Relationship",
    "catalog_from_codes",
    "parse_row",
    "read_manifest",
    "read_manifest_csv",
    "read_manifest_json",
    "row_to_csv",
]
