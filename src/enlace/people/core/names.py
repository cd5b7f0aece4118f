"""Mexican names as agencies write them, brought to one comparable form. Pure Python.

Name logic of ``people`` (the person search reads it) and of identity resolution (its
linkage features): it lives with the persons, below both.

- Case, accents and ñ are dropped (``Núñez`` → ``NUNEZ``): US records rarely keep them.
- Particles (*de, del, de la, de los, y*) are not compared: ``María de los Ángeles`` has the
  name tokens ``MARIA ANGELES``; ``De la Cruz`` is ``CRUZ``.
- ``Ma.``/``Ma`` stand for María and ``J.`` for José; nicknames and English forms
  (hipocorísticos: Pancho → Francisco, Lupe → Guadalupe, Frank → Francisco) are read from
  ``data/hypocorisms.csv`` (sources in ``data/PROVENANCE.md``); a form with several possible
  names (Beto → Alberto, Roberto…) keeps them all as candidates.
- Surnames: a hyphenated or space-joined pair in the paternal field with no maternal surname
  (``Hernández-López``) is split; a maternal surname written at the end of the given names
  (``Juan Carlos López``) is moved back when the word is a known surname and not a known
  given name (``data/surnames.txt``, ``data/given_names.txt``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

PARTICLES = frozenset({"DE", "DEL", "LA", "LAS", "LOS", "Y", "E", "DA", "DI", "VAN", "VON"})
_ABBREVIATIONS = {"MA": "MARIA", "MARIA": "MARIA", "J": "JOSE", "JO": "JOSE", "MA.": "MARIA"}
_NOT_LETTER = re.compile(r"[^A-Z\- ]")
_SPLIT = re.compile(r"[\s\-]+")


def name_plain(text: str | None) -> str:
    """Upper case ASCII letters, spaces and hyphens only; accents and ñ made plain."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.upper())
    ascii_only = "".join(c for c in decomposed if c.isascii())
    return " ".join(_NOT_LETTER.sub(" ", ascii_only.replace(".", ". ")).split())


def _data_lines(name: str) -> frozenset[str]:
    text = resources.files("enlace.people.core").joinpath(f"data/{name}").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def known_surnames() -> frozenset[str]:
    return _data_lines("surnames.txt")


@cache
def known_given_names() -> frozenset[str]:
    return _data_lines("given_names.txt")


@cache
def hypocorisms() -> dict[str, tuple[str, ...]]:
    """Nickname or English form (plain) → the plain given names it may stand for."""
    path = resources.files("enlace.people.core").joinpath("data/hypocorisms.csv")
    table: dict[str, tuple[str, ...]] = {}
    with path.open("r", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            names = tuple(name_plain(n) for n in row["names"].split("|"))
            table[name_plain(row["form"])] = tuple(n.split()[0] for n in names)
    return table


@dataclass(frozen=True)
class GivenName:
    """Given names ready to compare: the full form, the first name and every candidate."""

    full: str
    first: str
    candidates: tuple[str, ...]


@lru_cache(maxsize=200_000)
def given_parse(text: str) -> GivenName:
    """Normalize given names: abbreviations expanded, particles dropped, nicknames mapped."""
    tokens = [t for t in _SPLIT.split(name_plain(text)) if t and t not in PARTICLES]
    tokens = [_ABBREVIATIONS.get(t, t) for t in tokens]
    table = hypocorisms()
    canonical: list[str] = []
    candidates: list[str] = []
    for token in tokens:
        forms = table.get(token)
        if forms and len(forms) == 1:
            canonical.append(forms[0])
            candidates.append(forms[0])
        else:
            canonical.append(token)
            candidates.extend([token, *(forms or ())])
    if not canonical:
        return GivenName("", "", ())
    return GivenName(" ".join(canonical), canonical[0], tuple(dict.fromkeys(candidates)))


@lru_cache(maxsize=200_000)
def surname_plain(text: str) -> str:
    """A surname without particles (``De la Cruz`` → ``CRUZ``; ``Díaz de León`` → ``DIAZ LEON``)."""
    tokens = [t for t in _SPLIT.split(name_plain(text)) if t and t not in PARTICLES]
    return " ".join(tokens)


def _joined_split(paternal: str) -> tuple[str, str] | None:
    """Split ``Hernández-López`` or ``Hernández López`` (no particle between) in two."""
    plain = name_plain(paternal)
    if "-" in plain:
        left, _, right = plain.partition("-")
        left, right = surname_plain(left), surname_plain(right)
        return (left, right) if left and right else None
    words = plain.split()
    if len(words) == 2 and not PARTICLES.intersection(words) and min(map(len, words)) > 1:
        return words[0], words[1]
    return None


def _looks_like_surname(token: str) -> bool:
    return token in known_surnames() and token not in known_given_names()


@lru_cache(maxsize=400_000)
def names_resolve(given: str, paternal: str, maternal: str) -> tuple[str, str, str]:
    """Put given names, paternal and maternal surnames back in their own fields (plain)."""
    given_plain = name_plain(given)
    paternal_plain = surname_plain(paternal)
    maternal_plain = surname_plain(maternal)
    if maternal_plain:
        return given_plain, paternal_plain, maternal_plain
    split = _joined_split(paternal)
    if split:
        return given_plain, split[0], split[1]
    words = given_plain.split()
    if paternal_plain and len(words) > 1 and _looks_like_surname(words[-1]):
        return " ".join(words[:-1]), paternal_plain, words[-1]
    return given_plain, paternal_plain, ""


@lru_cache(maxsize=400_000)
def us_name_parse(first: str, middle: str, last: str) -> tuple[str, str, str]:
    """Given names, paternal and maternal surnames from a US first / middle / last name.

    The last name may hold both surnames (``Hernandez Lopez``, ``Hernandez-Lopez``), only
    one, or only the maternal one; the middle name may be a second given name or the
    paternal surname (``Juan / Hernandez / Lopez``). A middle name that is a known surname
    and not a known given name is read as the paternal surname.
    """
    first_plain, middle_plain = name_plain(first), name_plain(middle)
    split = _joined_split(last)
    if split:
        given = " ".join(p for p in (first_plain, middle_plain) if p)
        return given, split[0], split[1]
    last_plain = surname_plain(last)
    middle_words = middle_plain.split()
    if len(middle_words) == 1 and _looks_like_surname(middle_words[0]) and last_plain:
        return first_plain, middle_words[0], last_plain
    given = " ".join(p for p in (first_plain, middle_plain) if p)
    return given, last_plain, ""
