"""Why a synthesis request is refused. Pure Python: codes and parameters, no wording.

The management command turns each code into a translated message; tests assert the code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class SynthErrorCode(StrEnum):
    PERSONS_RANGE = "persons_range"
    SEED_RANGE = "seed_range"
    YEARS_FORMAT = "years_format"
    YEARS_ORDER = "years_order"
    YEARS_UNCOVERED = "years_uncovered"
    RATE_RANGE = "rate_range"
    RATES_SUM = "rates_sum"
    NUMBER_RANGE = "number_range"
    UNKNOWN_KEY = "unknown_key"
    NOT_A_NUMBER = "not_a_number"
    NOT_AN_OBJECT = "not_an_object"
    CONFIG_UNREADABLE = "config_unreadable"
    CONFIG_NOT_JSON = "config_not_json"
    RULE_MIX_EMPTY = "rule_mix_empty"
    WORKERS_RANGE = "workers_range"
    OUT_NOT_EMPTY = "out_not_empty"
    OUT_NOT_DIRECTORY = "out_not_directory"
    OUT_UNWRITABLE = "out_unwritable"


class SynthError(ValueError):
    """A refused request: ``code`` says why, ``params`` fill the message."""

    def __init__(self, code: SynthErrorCode, **params: Any) -> None:
        super().__init__(f"{code.value} {params}")
        self.code = code
        self.params = params
