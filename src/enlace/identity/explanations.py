"""What the review pages show of a pair: the two records side by side, field by field, and
the linkage model's explanation in the reader's language.

The model stores its explanation in English words (``MatchCandidate.reasons``, one level per
comparison, see ``core.model``); ``REASON_TEXTS`` marks each of those texts for translation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enlace.people.models import DocumentKind, IdentityDocument, Person

from .models import MatchCandidate

# Each English text the model writes, marked for translation (see the Spanish catalog).
REASON_TEXTS = {
    _("missing on one side"),
    _("all given names agree"),
    _("first given name agrees (nicknames, Ma., J. resolved)"),
    _("a given name in common (short form or nickname)"),
    _("first given name sounds alike"),
    _("first given name spelled alike (Jaro-Winkler >= 0.9)"),
    _("given name written as the other's surname (fields swapped)"),
    _("first given name somewhat alike (Jaro-Winkler >= 0.8)"),
    _("given names differ"),
    _("paternal surname agrees"),
    _("paternal surname sounds alike"),
    _("paternal surname spelled alike (Jaro-Winkler >= 0.9)"),
    _("paternal surname found in the other surname field (swapped or one kept)"),
    _("paternal surname written as the other's given name (fields swapped)"),
    _("paternal surname somewhat alike (Jaro-Winkler >= 0.8)"),
    _("paternal surnames differ"),
    _("maternal surname agrees"),
    _("maternal surname sounds alike"),
    _("maternal surname spelled alike (Jaro-Winkler >= 0.9)"),
    _("maternal surname found in the other surname field (swapped or one kept)"),
    _("maternal surname written as the other's given name (fields swapped)"),
    _("maternal surname somewhat alike (Jaro-Winkler >= 0.8)"),
    _("maternal surnames differ"),
    _("date of birth agrees"),
    _("date of birth agrees with day and month swapped"),
    _("year of birth agrees, one side knows only the year"),
    _("year and month of birth agree, day differs"),
    _("date of birth one digit apart"),
    _("dates of birth differ"),
    _("CURP agrees"),
    _("CURP one character apart (mistyped or homonym digit)"),
    _("CURP name and birth-date parts agree"),
    _("CURPs differ"),
    _("sex agrees"),
    _("sex differs"),
    _("state of origin agrees"),
    _("state of origin differs"),
    _("A-number agrees"),
    _("A-number mistyped"),
    _("A-number differs"),
}


# The name of the string-similarity measure and its threshold, kept out of the words a reader
# sees and offered as a tooltip instead ("spelled alike", title "Jaro-Winkler >= 0.9").
_ALGORITHM = re.compile(r"\s*\(((?:Jaro|Winkler)[^)]*)\)")
MISSING_ONE_SIDE = "missing on one side"


def reason_words(text: str) -> tuple[str, str]:
    """The model's words for one comparison in the active language, and the measure behind
    them for a tooltip (``""`` when there is none)."""
    if not text:
        return "", ""
    translated = gettext(text)
    match = _ALGORITHM.search(translated)
    if not match:
        return translated, ""
    return _ALGORITHM.sub("", translated).strip(), match.group(1)


def reason_text(text: str) -> str:
    """The model's words for one comparison, in the active language, without the measure."""
    return reason_words(text)[0]


class Agreement:
    SAME = "same"
    DIFFERENT = "different"
    MISSING = "missing"
    MISSING_BOTH = "missing_both"


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    value_a: str
    value_b: str
    agreement: str  # Agreement.*
    explanation: str
    detail: str = ""  # the measure behind the explanation, shown as a tooltip


# (label, how to read the value from a person, the key of the model's explanation)
_FIELDS: list[tuple[Any, str, str]] = [
    (_("Given names"), "given_names", "given_names"),
    (_("Paternal surname"), "paternal_surname", "paternal_surname"),
    (_("Maternal surname"), "maternal_surname", "maternal_surname"),
    (_("Date of birth"), "birth", "date_of_birth"),
    (_("Sex"), "sex", "sex"),
    (_("CURP"), "curp", "curp"),
    (_("State of birth"), "state_of_birth", "state"),
    (_("A-number"), "a_number", "a_number"),
]


def _plain(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _value(person: Person, attribute: str, a_numbers: dict[int, str]) -> str:
    if attribute == "a_number":
        return a_numbers.get(person.pk, "")
    if attribute == "sex":
        return str(person.get_sex_display()) if person.sex else ""
    value = getattr(person, attribute)
    return "" if value is None else str(value)


def _agreement(value_a: str, value_b: str) -> str:
    if not value_a and not value_b:
        return Agreement.MISSING_BOTH
    if not value_a or not value_b:
        return Agreement.MISSING
    return Agreement.SAME if _plain(value_a) == _plain(value_b) else Agreement.DIFFERENT


def candidate_comparison(candidate: MatchCandidate) -> list[ComparisonRow]:
    """The pair's two records field by field (the candidate was read through
    ``candidate_access``, which audits the view)."""
    pair = (candidate.person_a, candidate.person_b)
    a_numbers = dict(
        IdentityDocument.objects.filter(
            kind=DocumentKind.A_NUMBER, person__in=[p.pk for p in pair]
        ).values_list("person_id", "number")
    )
    reasons = candidate.reasons or {}
    rows = []
    for label, attribute, reason in _FIELDS:
        value_a, value_b = (_value(p, attribute, a_numbers) for p in pair)
        agreement = _agreement(value_a, value_b)
        words, detail = reason_words(str(reasons.get(reason, "")))
        if agreement == Agreement.MISSING_BOTH and str(reasons.get(reason)) == MISSING_ONE_SIDE:
            words = gettext("missing on both sides")
        rows.append(
            ComparisonRow(
                label=str(label),
                value_a=value_a,
                value_b=value_b,
                agreement=agreement,
                explanation=words,
                detail=detail,
            )  # fmt: skip
        )
    return rows


FAMILY_REASONS = {
    "same_family_group": _("recorded in the same family group"),
    "same_office_and_day": _("encountered by the same office on the same day"),
    "shared_surname": _("share a surname"),
    "same_custody": _("held by the same custody office"),
}


def family_reasons(codes: list[str]) -> list[str]:
    """The proposal's reasons in words, in the active language."""
    return [str(FAMILY_REASONS.get(code, code)) for code in codes or []]
