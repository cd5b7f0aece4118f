"""CURP and A-number of a true person.

``curp_build`` (RENAPO rules, ``enlace.people.core.curp``) is the reference. It is called
once per distinct surname or given name, with neutral fillers, and the letters are cached:
the letters of each name depend on that name only (a test checks ``curp_body`` against
``curp_build``). The homonym character that keeps CURPs unique is assigned in chunk order by
``homonyms_assign``, the only state shared between chunks.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from stdnum.mx.curp import calc_check_digit

from enlace.people.core.curp import INCONVENIENT_WORDS as INCONVENIENT  # RENAPO list
from enlace.people.core.curp import curp_build
from enlace.synth.model import Household, Person

A_NUMBER_STEP = 48271  # prime, so index -> A-number is one-to-one modulo 10**8


def a_number_for(index: int, seed: int) -> str:
    """A distinct A-number (``A`` and nine digits) for each person index."""
    return f"A0{(index * A_NUMBER_STEP + seed) % 10**8:08d}"


def _probe(given: str, paternal: str, maternal: str) -> str:
    return curp_build(
        given_names=given,
        paternal_surname=paternal,
        maternal_surname=maternal,
        birth_date=date(1980, 1, 1),
        sex="M",
        state_code="DF",
    )


@cache
def _paternal_letters(name: str) -> str:
    built = _probe("ANA", name, "ANA")
    return built[0:2] + built[13]


@cache
def _maternal_letters(name: str) -> str:
    built = _probe("ANA", "ANA", name)
    return built[2] + built[14]


@cache
def _given_letters(names: str) -> str:
    built = _probe(names, "ANA", "ANA")
    return built[3] + built[15]


def _head(head: str) -> str:
    """RENAPO replaces the second letter of an inconvenient word by X (as curp_build does)."""
    return head[0] + "X" + head[2:] if head in INCONVENIENT else head


def curp_body(person: Person) -> str:
    """The first 16 characters of the person's CURP (as ``curp_build`` gives them)."""
    paternal = _paternal_letters(person.paternal)
    maternal = _maternal_letters(person.maternal) if person.maternal else "XX"
    given = _given_letters(person.given)
    born = person.born
    return (
        _head(paternal[0:2] + maternal[0] + given[0])
        + f"{born.year % 100:02d}{born.month:02d}{born.day:02d}"
        + ("M" if person.sex == "F" else "H")
        + person.state
        + paternal[2]
        + maternal[1]
        + given[1]
    )


_HOMONYM_OLD = "0123456789"
_HOMONYM_NEW = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def curp_stems(households: list[Household]) -> list[str]:
    """Each person's CURP body and first homonym character (0 born before 2000, else A)."""
    return [
        p.curp[:16] + ("0" if p.born.year < 2000 else "A")
        for household in households
        for p in household.members
    ]


def homonyms_assign(stems: list[str], issued: dict[str, int]) -> str:
    """The homonym character of each stem, so that no two CURPs are the same.

    ``issued`` counts the CURPs already given per body; call in chunk order.
    """
    chars = []
    for stem in stems:
        body = stem[:16]
        count = issued.get(body, 0)
        issued[body] = count + 1
        pool = _HOMONYM_OLD if stem[16] == "0" else _HOMONYM_NEW
        chars.append(pool[count % len(pool)])
    return "".join(chars)


def curps_apply(households: list[Household], homonyms: str) -> None:
    """Finish each CURP with its homonym character and check digit."""
    people = (p for household in households for p in household.members)
    for person, char in zip(people, homonyms, strict=True):
        stem = person.curp[:16] + char
        person.curp = stem + calc_check_digit(stem)


def curps_resolve(households: list[Household], issued: dict[str, int]) -> None:
    """Both steps at once (one process)."""
    curps_apply(households, homonyms_assign(curp_stems(households), issued))
