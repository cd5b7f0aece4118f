"""Families' missing-person reports (antemortem) against remains cases (postmortem).

Each field that both sides describe gives a piece of evidence: a weight, the natural log of a
likelihood ratio (how much likelier the observation is if the report and the remains are the
same person than if they are not), and a code with parameters that ``matching_messages``
renders in English or Spanish. A pair's score is the sum of its weights (ADR 0018 and
``docs/remains-matching.md`` give each field's reasoning). Hard exclusions (the sexes
contradict, the remains were recovered before the person was last seen, the person was born
after the recovery) are never candidates.

The remains are held as NumPy columns so that one report is compared with thousands of
cases at once; the explanations are read from the same arrays that gave the score.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from enlace.people.core.dates import DatePrecision, PartialDate, age_on, partial_date_parse

from . import fields
from .fields import CAP, FieldResult
from .words import words_of

Floats = npt.NDArray[np.float64]

FIELDS = (
    "sex",
    "age",
    "stature",
    "distance",
    "dates",
    "clothing",
    "marks",
    "curp",
    "document_name",
)


@dataclass(frozen=True)
class Missing:
    """A family's report (antemortem); every field but ``report_id`` may be empty or None."""

    report_id: str
    given_names: str = ""
    paternal_surname: str = ""
    maternal_surname: str = ""
    sex: str = ""  # "M", "F" or ""
    date_of_birth: str = ""  # "YYYY", "YYYY-MM" or "YYYY-MM-DD", or ""
    height_cm: float | None = None
    last_seen_date: date | None = None
    last_seen_lat: float | None = None
    last_seen_lon: float | None = None
    last_seen_place: str = ""
    clothing: str = ""
    distinguishing_marks: str = ""
    curp: str = ""

    @property
    def reported_name(self) -> str:
        parts = (self.given_names, self.paternal_surname, self.maternal_surname)
        return " ".join(p.strip() for p in parts if p.strip())


@dataclass(frozen=True)
class Remains:
    """A medical examiner's case (postmortem); every field but ``case_id`` may be empty."""

    case_id: str
    sex: str = ""
    age_min: int | None = None
    age_max: int | None = None
    stature_min_cm: float | None = None
    stature_max_cm: float | None = None
    found_date: date | None = None
    found_lat: float | None = None
    found_lon: float | None = None
    pmi_min_days: int | None = None
    pmi_max_days: int | None = None
    clothing: str = ""
    distinguishing_marks: str = ""
    document_name: str = ""
    document_curp: str = ""


@dataclass(frozen=True)
class Evidence:
    """One field's comparison: rendered in either language by ``matching_messages``."""

    field: str
    code: str
    weight: float
    params: Mapping[str, Any]


@dataclass(frozen=True)
class Candidate:
    report_id: str
    case_id: str
    rank: int
    score: float
    evidence: tuple[Evidence, ...]


NameSimilarity = Callable[[str, str], float]


def _nan(value: float | None) -> float:
    return math.nan if value is None else float(value)


@dataclass
class RemainsTable:
    """The remains as columns (NaN where a field is empty) and the words' frequencies."""

    remains: Sequence[Remains]
    columns: dict[str, Floats] = field(default_factory=dict)
    clothing: list[frozenset[str]] = field(default_factory=list)
    marks: list[frozenset[str]] = field(default_factory=list)
    clothing_weights: dict[str, float] = field(default_factory=dict)
    marks_weights: dict[str, float] = field(default_factory=dict)
    clothing_index: dict[str, npt.NDArray[np.intp]] = field(default_factory=dict)
    marks_index: dict[str, npt.NDArray[np.intp]] = field(default_factory=dict)
    sex_frequency: dict[str, float] = field(default_factory=dict)
    curps: npt.NDArray[Any] = field(default_factory=lambda: np.array([], dtype=object))
    documents: list[fields.Document] = field(default_factory=list)

    @classmethod
    def build(cls, remains: Sequence[Remains]) -> RemainsTable:
        table = cls(remains)
        table.columns = _columns(remains)
        table.clothing = [words_of(r.clothing) for r in remains]
        table.marks = [words_of(r.distinguishing_marks) for r in remains]
        table.clothing_weights, table.clothing_index = fields.word_weights(
            table.clothing, fields.CLOTHING_SHARED
        )
        table.marks_weights, table.marks_index = fields.word_weights(
            table.marks, fields.MARKS_SHARED
        )
        table.sex_frequency = fields.sex_frequencies([r.sex for r in remains])
        table.curps = np.array([fields.curp_plain(r.document_curp) for r in remains], dtype=object)
        table.documents = [
            fields.Document(i, r.document_name, fields.sound_keys(r.document_name))
            for i, r in enumerate(remains)
            if r.document_name.strip()
        ]
        return table

    def __len__(self) -> int:
        return len(self.remains)


def _columns(remains: Sequence[Remains]) -> dict[str, Floats]:
    def column(values: Iterable[float | None]) -> Floats:
        return np.fromiter((_nan(v) for v in values), dtype=np.float64, count=len(remains))

    found = [r.found_date for r in remains]
    return {
        "sex": column(fields.SEX_CODE.get(r.sex, 0) for r in remains),
        "age_min": column(r.age_min for r in remains),
        "age_max": column(r.age_max for r in remains),
        "stature_min": column(r.stature_min_cm for r in remains),
        "stature_max": column(r.stature_max_cm for r in remains),
        "found_day": column(d.toordinal() if d else None for d in found),
        "found_year": column(d.year if d else None for d in found),
        "found_month_day": column(d.month * 100 + d.day if d else None for d in found),
        "lat": column(r.found_lat for r in remains),
        "lon": column(r.found_lon for r in remains),
        "pmi_min": column(r.pmi_min_days for r in remains),
        "pmi_max": column(r.pmi_max_days for r in remains),
    }


def birth_period(text: str) -> tuple[date, date] | None:
    """The first and last day the (possibly partial) date of birth may stand for."""
    if not text.strip():
        return None
    try:
        born = partial_date_parse(text)
    except ValueError:
        return None
    start = born.value
    if born.precision is DatePrecision.YEAR:
        return start, date(start.year, 12, 31)
    if born.precision is DatePrecision.MONTH:
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return start, date.fromordinal(following.toordinal() - 1)
    return start, start


def age_range(text: str, when: date) -> tuple[int, int] | None:
    """The youngest and oldest the person can be on ``when`` (None if unknown)."""
    period = birth_period(text)
    if period is None:
        return None
    return age_on(PartialDate(period[1], DatePrecision.DAY), when), age_on(
        PartialDate(period[0], DatePrecision.DAY), when
    )


def default_name_similarity(document: str, reported: str) -> float:
    """Shared plain name words over the shorter name's words (two shared words at least)."""
    return fields.name_words_similarity(document, reported)


@dataclass
class _Comparison:
    """One report against every remains case: each field's result and the total."""

    results: dict[str, FieldResult]
    score: Floats
    excluded: npt.NDArray[np.bool_]

    def evidence(self, index: int) -> tuple[Evidence, ...]:
        found = []
        for name in FIELDS:
            result = self.results[name]
            code = result.code_at(index)
            if code:
                weight = round(float(result.weight[index]), 3)
                found.append(Evidence(name, code, weight, result.params_at(index)))
        return tuple(found)


def _compare(missing: Missing, table: RemainsTable, similarity: NameSimilarity) -> _Comparison:
    columns = table.columns
    results = {
        "sex": fields.sex(missing.sex, columns, table.sex_frequency),
        "age": fields.age(birth_period(missing.date_of_birth), columns),
        "stature": fields.stature(missing.height_cm, columns),
        "distance": fields.distance(missing.last_seen_lat, missing.last_seen_lon, columns),
        "dates": fields.dates(missing.last_seen_date, columns),
        "clothing": fields.shared_words(
            words_of(missing.clothing),
            table.clothing,
            table.clothing_weights,
            table.clothing_index,
            fields.CLOTHING_NONE_SHARED,
            "clothing",
        ),
        "marks": fields.shared_words(
            words_of(missing.distinguishing_marks),
            table.marks,
            table.marks_weights,
            table.marks_index,
            fields.MARKS_NONE_SHARED,
            "marks",
        ),
        "curp": fields.curp(missing.curp, table.curps),
        "document_name": fields.document_name(
            missing.reported_name, len(table), table.documents, similarity
        ),
    }
    n = len(table)
    score = np.zeros(n)
    excluded = np.zeros(n, dtype=bool)
    for result in results.values():
        score += result.weight
        if result.excluded is not None:
            excluded |= result.excluded
    return _Comparison(results, score, excluded)


def candidates(
    missing: Sequence[Missing],
    remains: Sequence[Remains],
    *,
    top: int = 5,
    name_similarity: NameSimilarity | None = None,
    min_score: float = 0.0,
) -> list[Candidate]:
    """Up to ``top`` remains cases per report, best first, scoring above ``min_score``.

    A score of 0 means the evidence says nothing either way; excluded pairs never appear.
    Ties keep the remains' order. Reports come out in their input order.
    """
    if top < 1 or not remains:
        return []
    table = RemainsTable.build(remains)
    similarity = name_similarity or default_name_similarity
    out: list[Candidate] = []
    for report in missing:
        comparison = _compare(report, table, similarity)
        eligible = np.flatnonzero(~comparison.excluded & (comparison.score > min_score))
        if not eligible.size:
            continue
        order = eligible[np.argsort(-comparison.score[eligible], kind="stable")][:top]
        for rank, index in enumerate(order, start=1):
            out.append(
                Candidate(
                    report.report_id,
                    remains[index].case_id,
                    rank,
                    round(float(comparison.score[index]), 3),
                    comparison.evidence(int(index)),
                )
            )
    return out


@dataclass(frozen=True)
class PairComparison:
    """One report against one case: the evidence, and the exclusions that rule it out."""

    score: float
    evidence: tuple[Evidence, ...]
    exclusions: tuple[str, ...]


def compare(
    missing: Missing,
    remains: Remains,
    *,
    name_similarity: NameSimilarity | None = None,
    among: Sequence[Remains] = (),
) -> PairComparison:
    """Compare one pair; ``among`` (the other cases) sets how common each word is."""
    table = RemainsTable.build([remains, *among])
    comparison = _compare(missing, table, name_similarity or default_name_similarity)
    exclusions = tuple(
        result.exclusion
        for result in comparison.results.values()
        if result.excluded is not None and result.excluded[0] and result.exclusion
    )
    return PairComparison(round(float(comparison.score[0]), 3), comparison.evidence(0), exclusions)


__all__ = [
    "CAP",
    "FIELDS",
    "Candidate",
    "Evidence",
    "Missing",
    "PairComparison",
    "Remains",
    "age_range",
    "birth_period",
    "candidates",
    "compare",
]
