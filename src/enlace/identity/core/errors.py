"""Why a linkage input was refused: a stable code and the parameters of its message."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class LinkErrorCode(StrEnum):
    NO_RECORD_ID = "no_record_id"
    DUPLICATE_RECORD_ID = "duplicate_record_id"
    EMPTY_RECORD_ID = "empty_record_id"
    UNDECODABLE = "undecodable"
    UNREADABLE = "unreadable"
    MALFORMED = "malformed"
    NO_TRUTH_COLUMNS = "no_truth_columns"
    THRESHOLD_RANGE = "threshold_range"
    OUT_EXISTS = "out_exists"


class LinkError(Exception):
    """A refused input; ``params`` fill the translated message (line, field, path…)."""

    def __init__(self, code: LinkErrorCode, **params: Any) -> None:
        super().__init__(code.value)
        self.code = code
        self.params = params
