"""Recording noise: what an agency writes down about a person, with per-agency error rates.

The kinds of error follow how Spanish names are really mangled, in the US in particular:
the maternal surname dropped, joined to the paternal one (hyphen or space) or moved to the
end of the given names (a form with first / middle / last name fields), the two surnames
swapped, accents and ñ lost, given names shortened or replaced by a nickname or an English
form, phonetic misspellings (b/v, s/z/c, ll/y, silent h, g/j, x/j), keyboard slips, day and
month of birth swapped or only the year kept, the CURP missing or mistyped, sex missing.

On a manifest row, noise never makes the row malformed or non-conforming: sex is not
dropped there, a mistyped CURP that fails its check is left blank (as an intake system that
validates CURPs does) and a date of birth that would make a minor an adult is kept true.
"""

from __future__ import annotations

import re
from datetime import date
from random import Random

from stdnum.mx import curp as stdnum_curp

from enlace.synth.config import NoiseRates
from enlace.synth.tables import Tables

_ACCENTS = str.maketrans("áéíóúüñÁÉÍÓÚÜÑ", "aeiouunAEIOUUN")
_SOFT = "eiéí"
_VOWELS = "aeiouáéíóú"
# Phonetic confusions of Spanish spelling: (pattern on the lower-case name, replacement).
SPELLING: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("v", "b"),
        ("b", "v"),
        ("z", "s"),
        (f"s(?=[{_VOWELS}]|$)", "z"),
        (f"c(?=[{_SOFT}])", "s"),
        (f"s(?=[{_SOFT}])", "c"),
        ("ll", "y"),
        (f"(?<=[{_VOWELS}])y(?=[{_VOWELS}])", "ll"),
        ("^h", ""),
        (f"^(?=[{_VOWELS}])", "h"),
        (f"g(?=[{_SOFT}])", "j"),
        (f"j(?=[{_SOFT}])", "g"),
        ("x", "j"),
        (f"qu(?=[{_SOFT}])", "k"),
        ("rr", "r"),
        ("ñ", "ni"),
        ("ei", "ey"),
        ("ey", "ei"),
    )
)
_ROWS = ("qwertyuiop", "asdfghjklñ", "zxcvbnm")
NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _char in enumerate(_row):
        near = _row[max(0, _c - 1) : _c] + _row[_c + 1 : _c + 2]
        for _other in (_ROWS[_r - 1] if _r else "", _ROWS[_r + 1] if _r < 2 else ""):
            near += _other[_c : _c + 1]
        NEIGHBOURS[_char] = near
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"


def strip_accents(text: str) -> str:
    return text.translate(_ACCENTS)


def _recase(original: str, changed: str) -> str:
    """Give ``changed`` (lower case) the capitals of ``original`` word by word."""
    if original.isupper():
        return changed.upper()
    words, old = changed.split(" "), original.split(" ")
    if len(words) != len(old):
        return changed.title()
    return " ".join(
        w[:1].upper() + w[1:] if o[:1].isupper() else w for w, o in zip(words, old, strict=True)
    )


def misspell(rng: Random, text: str) -> str:
    """One phonetic misspelling, if the name offers one."""
    lower = text.lower()
    options = [(m, rep) for pattern, rep in SPELLING for m in pattern.finditer(lower)]
    if not options:
        return text
    match, rep = options[rng.randrange(len(options))]
    changed = lower[: match.start()] + rep + lower[match.end() :]
    return _recase(text, changed) if changed else text


def keyboard_slip(rng: Random, text: str) -> str:
    """One slip: a neighbouring key, two letters swapped, a letter lost or doubled."""
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    if len(positions) < 2:
        return text
    i = positions[rng.randrange(len(positions))]
    char = text[i]
    kind = rng.random()
    if kind < 0.5:
        near = NEIGHBOURS.get(strip_accents(char.lower()), "")
        if not near:
            return text
        new = near[rng.randrange(len(near))]
        return text[:i] + (new.upper() if char.isupper() else new) + text[i + 1 :]
    if kind < 0.7 and i + 1 < len(text) and text[i + 1].isalpha():
        first, second = text[i + 1], char  # swapped, each taking the case of its position
        first = first.upper() if char.isupper() else first.lower()
        second = second.upper() if text[i + 1].isupper() else second.lower()
        return text[:i] + first + second + text[i + 2 :]
    if kind < 0.85:
        return text[:i] + text[i + 1 :] if i else text
    return text[: i + 1] + char.lower() + text[i + 1 :]


def _given(rng: Random, tables: Tables, given: str, rates: NoiseRates) -> str:
    draw = rng.random()
    if draw >= rates.given_total:
        return given
    words = given.split(" ")
    first = words[0]
    if draw < rates.nickname:
        named = [w for w in words if w in tables.nicknames]
        return rng.choice(tables.nicknames[rng.choice(named)]) if named else given
    draw -= rates.nickname
    if draw < rates.english_form:
        forms = tables.english_forms.get(first)
        return " ".join([rng.choice(forms), *words[1:]]) if forms else given
    draw -= rates.english_form
    if draw < rates.given_short and len(words) > 1:
        if first == "María" and rng.random() < 0.5:
            return "Ma. " + " ".join(words[1:])
        if words[1][:1].islower():  # María de Jesús: the person goes by the whole name
            return first
        return first if rng.random() < 0.5 else " ".join(words[1:])
    return given


def _surnames(
    rng: Random, given: str, paternal: str, maternal: str, rates: NoiseRates
) -> tuple[str, str, str]:
    draw = rng.random()
    if draw >= rates.surname_total:
        return given, paternal, maternal
    for name, rate in (
        ("drop", rates.maternal_drop),
        ("hyphen", rates.maternal_hyphen),
        ("join", rates.maternal_join),
        ("to_given", rates.maternal_to_given),
        ("swap", rates.surname_swap),
    ):
        if draw < rate:
            return _surname_pattern(name, given, paternal, maternal)
        draw -= rate
    return given, paternal, maternal


def _surname_pattern(name: str, given: str, paternal: str, maternal: str) -> tuple[str, str, str]:
    if name == "drop":
        return given, paternal, ""
    if name == "hyphen":
        return given, f"{paternal}-{maternal}", ""
    if name == "join":
        return given, f"{paternal} {maternal}", ""
    if name == "to_given":
        return f"{given} {maternal}", paternal, ""
    return given, maternal, paternal


def _typos(rng: Random, fields: list[str], rates: NoiseRates) -> None:
    if rates.spelling:
        for i, value in enumerate(fields):
            if value and rng.random() < rates.spelling:
                fields[i] = misspell(rng, value)
    if rng.random() < rates.keyboard_slip:
        filled = [i for i, value in enumerate(fields) if value]
        if filled:
            i = rng.choice(filled)
            fields[i] = keyboard_slip(rng, fields[i])


def birth_date(rng: Random, born: date, rates: NoiseRates) -> str:
    """The date of birth as written: sometimes day and month swapped, or the year alone."""
    draw = rng.random()
    if draw < rates.dob_swap:
        if born.day <= 12 and born.day != born.month:
            return date(born.year, born.day, born.month).isoformat()
        return born.isoformat()
    if draw - rates.dob_swap < rates.dob_year_only:
        return f"{born.year:04d}"
    return born.isoformat()


def mistype_curp(rng: Random, curp: str) -> str:
    i = rng.randrange(17)
    pool = _DIGITS if curp[i].isdigit() else _LETTERS
    new = pool[rng.randrange(len(pool))]
    while new == curp[i]:
        new = pool[rng.randrange(len(pool))]
    return curp[:i] + new + curp[i + 1 :]


def curp_written(rng: Random, curp: str, rates: NoiseRates, *, manifest: bool) -> str:
    draw = rng.random()
    if draw < rates.curp_missing:
        return ""
    if draw - rates.curp_missing < rates.curp_mistyped:
        typed = mistype_curp(rng, curp)
        return "" if manifest and not stdnum_curp.is_valid(typed) else typed
    return curp


def names_written(
    rng: Random, tables: Tables, names: tuple[str, str, str], rates: NoiseRates
) -> list[str]:
    """Given names, paternal and maternal surnames as this agency writes them."""
    given, paternal, maternal = names
    given = _given(rng, tables, given, rates)
    fields = list(_surnames(rng, given, paternal, maternal, rates))
    _typos(rng, fields, rates)
    if rng.random() < rates.accents_lost:
        fields = [value.translate(_ACCENTS) for value in fields]
    if rng.random() < rates.upper_case:
        fields = [value.upper() for value in fields]
    return fields
