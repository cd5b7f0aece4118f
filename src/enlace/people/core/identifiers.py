"""Identity numbers: normalize and validate. Pure Python, no Django.

Each validator returns the normalized number or raises ``InvalidIdentifier`` with a stable
error code; the caller turns the code into a translated message.
"""

from __future__ import annotations

import re
from enum import StrEnum

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.mx import curp as stdnum_curp


class IdentifierError(StrEnum):
    CURP_INVALID = "curp_invalid"
    A_NUMBER_INVALID = "a_number_invalid"
    FIN_INVALID = "fin_invalid"
    MATRICULA_INVALID = "matricula_invalid"
    PASSPORT_INVALID = "passport_invalid"


class InvalidIdentifier(ValueError):  # noqa: N818  (reads as a sentence at call sites)
    def __init__(self, code: IdentifierError) -> None:
        super().__init__(code.value)
        self.code = code


_SPACES = re.compile(r"[\s\-.]")
_A_NUMBER = re.compile(r"^A?(\d{7,9})$")
_FIN = re.compile(r"^\d{10}$")
_MATRICULA = re.compile(r"^[A-Z0-9]{6,20}$")
_PASSPORT = re.compile(r"^[A-Z0-9]{6,12}$")


def _compact(value: str) -> str:
    return _SPACES.sub("", value).upper()


def curp_normalize(value: str) -> str:
    """Return the CURP in upper case, validated with its check digit (python-stdnum)."""
    try:
        return str(stdnum_curp.validate(_compact(value)))
    except StdnumError as exc:
        raise InvalidIdentifier(IdentifierError.CURP_INVALID) from exc


def a_number_normalize(value: str) -> str:
    """Return an Alien Registration Number as ``A`` and nine digits (``A012345678``)."""
    match = _A_NUMBER.match(_compact(value))
    if not match:
        raise InvalidIdentifier(IdentifierError.A_NUMBER_INVALID)
    return "A" + match.group(1).zfill(9)


def fin_normalize(value: str) -> str:
    """Return a DHS Fingerprint Identification Number: ten digits."""
    compact = _compact(value)
    if not _FIN.match(compact):
        raise InvalidIdentifier(IdentifierError.FIN_INVALID)
    return compact


def matricula_normalize(value: str) -> str:
    """Return a matrícula consular number: 6 to 20 letters and digits."""
    compact = _compact(value)
    if not _MATRICULA.match(compact):
        raise InvalidIdentifier(IdentifierError.MATRICULA_INVALID)
    return compact


def passport_normalize(value: str) -> str:
    """Return a passport number: 6 to 12 letters and digits."""
    compact = _compact(value)
    if not _PASSPORT.match(compact):
        raise InvalidIdentifier(IdentifierError.PASSPORT_INVALID)
    return compact
