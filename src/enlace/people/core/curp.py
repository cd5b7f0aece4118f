"""Build a CURP from a person's data by RENAPO's rules. Pure Python.

The rules (Instructivo Normativo para la Asignación de la CURP, RENAPO): initial and first
inner vowel of the paternal surname, initial of the maternal surname (X when there is none),
initial of the given name (the second one when the first is María or José), birth date
YYMMDD, sex H/M, the state's two-letter code, the first inner consonants of both surnames and
the given name, a homonym digit (0-9 born before 2000, A-Z from 2000) and a check digit.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from stdnum.mx.curp import calc_check_digit

_PARTICLES = frozenset(
    """
    DA DAS DE DEL DER DI DIE DD EL LA LAS LE LES LOS MAC MC VAN VON Y
    """.split()  # noqa: SIM905
)
_SKIPPED_GIVEN = frozenset({"MARIA", "MA", "MA.", "JOSE", "J", "J."})
_VOWELS = frozenset("AEIOU")
# RENAPO's list of words that cannot stand in positions 1-4; the second letter becomes X.
INCONVENIENT_WORDS = frozenset(
    """
    BACA BAKA BUEI BUEY CACA CACO CAGA CAGO CAKA CAKO COGE COGI COJA COJE COJI COJO COLA
    CULO FALO FETO GETA GUEI GUEY JETA JOTO KACA KACO KAGA KAGO KAKA KAKO KOGE KOGI KOJA
    KOJE KOJI KOJO KOLA KULO LILO LOCA LOCO LOKA LOKO MAME MAMO MEAR MEAS MEON MIAR MION
    MOCO MOKO MULA MULO NACA NACO PEDA PEDO PENE PIPI PITO POPO PUTA PUTO QULO RATA ROBA
    ROBE ROBO RUIN SENO TETA VACA VAGA VAGO VAKA VUEI VUEY WUEI WUEY
    """.split()  # noqa: SIM905
)


def _plain(text: str) -> str:
    """Upper case, accents removed, Ñ as X, only letters and spaces."""
    text = text.upper().replace("Ñ", "X")
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if c.isascii() and (c.isalpha() or c in " ."))
    return " ".join(letters.split())


def _significant(words: str, skip: frozenset[str] = frozenset()) -> str:
    """The first word that is not a particle (or a skipped given name), else the first."""
    parts = _plain(words).split()
    for part in parts:
        if part not in _PARTICLES and part not in skip:
            return part.replace(".", "")
    return parts[0].replace(".", "") if parts else ""


def _inner(word: str, wanted: frozenset[str] | None) -> str:
    for char in word[1:]:
        is_vowel = char in _VOWELS
        if (wanted is not None and is_vowel) or (wanted is None and not is_vowel):
            return char
    return "X"


def _given(given_names: str) -> str:
    parts = [p for p in _plain(given_names).split() if p not in _PARTICLES]
    if len(parts) > 1 and parts[0] in _SKIPPED_GIVEN:
        return parts[1].replace(".", "")
    return _significant(given_names)


def curp_build(
    *,
    given_names: str,
    paternal_surname: str,
    maternal_surname: str,
    birth_date: date,
    sex: str,
    state_code: str,
    homonym: int = 0,
) -> str:
    """Return the CURP for these data; ``homonym`` picks the 17th character (0-based index)."""
    paternal = _significant(paternal_surname) or "X"
    maternal = _significant(maternal_surname)
    given = _given(given_names) or "X"
    head = paternal[0] + _inner(paternal, _VOWELS) + (maternal[:1] or "X") + given[0]
    if head in INCONVENIENT_WORDS:
        head = head[0] + "X" + head[2:]
    sex_code = "M" if sex == "F" else "H"
    consonants = (
        _inner(paternal, None) + (_inner(maternal, None) if maternal else "X") + _inner(given, None)
    )
    homonym_chars = "0123456789" if birth_date.year < 2000 else "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    body = (
        head
        + birth_date.strftime("%y%m%d")
        + sex_code
        + state_code.upper()
        + consonants
        + homonym_chars[homonym % len(homonym_chars)]
    )
    return body + calc_check_digit(body)
