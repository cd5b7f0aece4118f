"""Remains matching in words: each piece of evidence, each exclusion, each refused file.

The core (``core/matching.py``) gives codes and parameters; this module renders them in
English or in the Spanish of Mexico (usted register), so the CSV of ``enlace remains
match`` and the safety pages say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .core.matching import Evidence
from .core.matching_csv import InputErrorCode, MatchInputError
from .core.words import word_label


def _directions() -> dict[str, str]:
    return {
        "n": pgettext("compass", "north"),
        "ne": pgettext("compass", "northeast"),
        "e": pgettext("compass", "east"),
        "se": pgettext("compass", "southeast"),
        "s": pgettext("compass", "south"),
        "sw": pgettext("compass", "southwest"),
        "w": pgettext("compass", "west"),
        "nw": pgettext("compass", "northwest"),
    }


def _age(params: Mapping[str, Any]) -> str:
    if params["age"] == params["age_max"]:
        return str(params["age"])
    return f"{params['age']}–{params['age_max']}"


def _evidence_texts() -> dict[str, Callable[[Mapping[str, Any], str], str]]:
    """Code → the text for its parameters (gettext is called inside the override)."""

    def words(params: Mapping[str, Any], language: str) -> str:
        return ", ".join(word_label(w, language) for w in params["words"])

    return {
        "sex_agrees": lambda p, lang: _("sex agrees"),
        "age_within": lambda p, lang: (
            _("age %(age)s within %(min)s–%(max)s")
            % {"age": _age(p), "min": p["min"], "max": p["max"]}
        ),
        "age_outside": lambda p, lang: (
            ngettext(
                "age %(age)s is %(years)s year outside %(min)s–%(max)s",
                "age %(age)s is %(years)s years outside %(min)s–%(max)s",
                p["years"],
            )
            % {"age": _age(p), "years": p["years"], "min": p["min"], "max": p["max"]}
        ),
        "stature_within": lambda p, lang: _("stature %(height)s cm within %(min)s–%(max)s") % p,
        "stature_outside": lambda p, lang: (
            _("stature %(height)s cm is %(cm)s cm outside %(min)s–%(max)s") % p
        ),
        "place_same": lambda p, lang: _("last seen at the recovery site"),
        "place_distance": lambda p, lang: (
            _("last seen %(km)s km %(direction)s of the recovery site")
            % {"km": p["km"], "direction": _directions()[p["direction"]]}
        ),
        "dates_consistent": lambda p, lang: (
            _(
                "dates consistent with the post-mortem interval (found %(days)s days after last "
                "seen; interval %(pmi_min)s–%(pmi_max)s days)"
            )
            % p
        ),
        "dates_seen_after_death": lambda p, lang: (
            _(
                "last seen %(days)s days before the recovery, fewer than the %(pmi_min)s days "
                "of the post-mortem interval"
            )
            % p
        ),
        "dates_long_before": lambda p, lang: (
            _(
                "last seen %(days)s days before the recovery, long before the post-mortem "
                "interval (%(pmi_min)s–%(pmi_max)s days)"
            )
            % p
        ),
        "dates_interval": lambda p, lang: (
            _("found %(days)s days after last seen (no post-mortem interval given)") % p
        ),
        "clothing_shared": lambda p, lang: (
            _("clothing words shared: %(words)s") % {"words": words(p, lang)}
        ),
        "clothing_none_shared": lambda p, lang: _(
            "clothing described on both sides, no word shared"
        ),
        "marks_shared": lambda p, lang: (
            _("a mark described on both sides: %(words)s") % {"words": words(p, lang)}
        ),
        "marks_none_shared": lambda p, lang: _("marks described on both sides, no word shared"),
        "curp_matches": lambda p, lang: _("the CURP on a document found matches the reported CURP"),
        "curp_differs": lambda p, lang: _(
            "the CURP on a document found differs from the reported CURP"
        ),
        "name_matches": lambda p, lang: _("document name matches the reported name"),
        "name_similar": lambda p, lang: _("document name is similar to the reported name"),
        "name_differs": lambda p, lang: _("document name differs from the reported name"),
    }


def explain(evidence: Evidence, language: str) -> str:
    """One piece of evidence in ``language`` ("en" or "es-mx")."""
    with translation.override(language):
        return _evidence_texts()[evidence.code](evidence.params, language)


def exclusion_text(code: str, language: str) -> str:
    """Why a pair can never be a candidate, in ``language``."""
    with translation.override(language):
        return {
            "sex_contradicts": _("the sexes contradict each other"),
            "recovered_before": _("the remains were recovered before the person was last seen"),
            "born_after": _("the person was born after the remains were recovered"),
        }[code]


def _input_errors() -> dict[InputErrorCode, str]:
    code = InputErrorCode
    return {
        code.UNREADABLE: _("The file %(file)s cannot be read."),
        code.UNDECODABLE: _("%(file)s, line %(line)s: the text is not UTF-8."),
        code.MALFORMED: _("%(file)s, line %(line)s: not a well-formed CSV line (%(detail)s)."),
        code.MISSING_COLUMN: _("%(file)s, line 1: the header has no column %(field)s."),
        code.EMPTY_ID: _("%(file)s, line %(line)s, %(field)s: a value is required."),
        code.DUPLICATE_ID: _(
            "%(file)s, line %(line)s, %(field)s: “%(value)s” repeats the id of line %(first)s."
        ),
        code.BAD_SEX: _(
            "%(file)s, line %(line)s, %(field)s: “%(value)s” is not a sex; write M, F or "
            "leave it empty."
        ),
        code.BAD_DATE: _(
            "%(file)s, line %(line)s, %(field)s: “%(value)s” is not a date; write YYYY-MM-DD."
        ),
        code.BAD_PARTIAL_DATE: _(
            "%(file)s, line %(line)s, %(field)s: “%(value)s” is not a date; write "
            "YYYY-MM-DD, YYYY-MM or YYYY."
        ),
        code.BAD_NUMBER: _(
            "%(file)s, line %(line)s, %(field)s: “%(value)s” is not a number of the kind expected."
        ),
        code.OUT_OF_RANGE: _(
            "%(file)s, line %(line)s, %(field)s: %(value)s is outside %(low)s to %(high)s."
        ),
        code.RANGE_REVERSED: _(
            "%(file)s, line %(line)s, %(field)s: %(value)s is smaller than %(other)s."
        ),
    }


def input_error_text(error: MatchInputError, language: str) -> str:
    """A refused file's message in ``language``, with "Nothing was written." after it."""
    with translation.override(language):
        problem = _input_errors()[error.code] % error.params
        return _("%(problem)s Nothing was written.") % {"problem": problem}
