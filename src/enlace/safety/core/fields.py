"""Each field's evidence for one report against every remains case, as NumPy columns.

A weight is ln(P(observation | same person) / P(observation | different persons)), clipped
to ±``CAP`` so that no single soft field decides alone (a CURP on a document is the one
exception). The figures below are set from what the fields mean (forensic practice, the
size of the region, how families report), not fitted to any data set; ADR 0018 and
``docs/remains-matching.md`` give the reasoning line by line.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from enlace.people.core.names import PARTICLES, name_plain
from enlace.people.core.phonetic import phonetic_key

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Indices = npt.NDArray[np.intp]

CAP = 4.0  # no soft field beyond e**4 ≈ 55 times likelier either way

SEX_CODE = {"M": 1, "F": 2}
SEX_AGREES_GIVEN_SAME = 0.98  # a family rarely gets the sex wrong; examiners rarely do

AGE_WITHIN_GIVEN_SAME = 0.95  # forensic age ranges are meant to hold the true age
AGE_SPAN_YEARS = 45.0  # ages of adult migrants who die crossing: roughly 15 to 60
AGE_PER_YEAR_OUTSIDE = 0.3  # each year outside the range: e**-0.3 ≈ 0.74 times

STATURE_WITHIN_GIVEN_SAME = 0.9
STATURE_SPAN_CM = 28.0  # ±2 standard deviations (7 cm) of adult stature
STATURE_REPORT_SD_CM = 5.0  # a family's estimate of a height, beyond the range

DISTANCE_MEAN_KM = 40.0  # exponential: a few days' walk from where last seen
REGION_RADIUS_KM = 250.0  # a medical examiner's region (southern Arizona) as a disc
POSITION_PRECISION_KM = 2.0  # the coarser recorded positions are good to 1 mi / 2 km
SAME_PLACE_KM = 1.0

DATES_CONSISTENT_GIVEN_SAME = 0.9
DATES_SPAN_DAYS = 3650.0  # last-seen-to-recovery intervals of unrelated pairs: a decade
ALIVE_DAYS = 30.0  # last seen (often a last call before crossing) to death
PMI_TOLERANCE = 0.25  # a post-mortem interval's lower bound may be 25 % too long
PMI_TOLERANCE_MIN_DAYS = 3.0
SEEN_AFTER_DEATH_WEIGHT = -3.0
NO_PMI_WINDOW_DAYS = 730.0  # most remains are found within two years
NO_PMI_WITHIN_WEIGHT = 1.0
NO_PMI_BEYOND_WEIGHT = -1.0

WORD_PRIOR_COUNT = 20.0  # pseudo-count: a word's frequency before the remains are read
WORD_PRIOR_FREQUENCY = 0.1
WORD_CAP = 3.0
CLOTHING_SHARED = 0.8  # a garment described on both sides when it is the same person
MARKS_SHARED = 0.7
CLOTHING_NONE_SHARED = math.log(0.4 / 0.8)  # both described, nothing in common
MARKS_NONE_SHARED = math.log(0.5 / 0.9)
SHOWN_WORDS = 5

CURP_MATCH_WEIGHT = 10.0  # an 18-character identifier: a match is all but proof
CURP_DIFFERS_WEIGHT = -2.0  # a document may be someone else's
NAME_MATCH = 0.9
NAME_SIMILAR = 0.75
NAME_MATCH_WEIGHT = 5.0
NAME_SIMILAR_WEIGHT = 2.0
NAME_DIFFERS_WEIGHT = -1.5

COMPASS = ("n", "ne", "e", "se", "s", "sw", "w", "nw")


@dataclass
class FieldResult:
    """A field's weight and evidence code per remains case ("" where it says nothing)."""

    weight: Floats
    codes: npt.NDArray[Any]
    params: Callable[[int], Mapping[str, Any]]
    excluded: Bools | None = None
    exclusion: str = ""

    def code_at(self, index: int) -> str:
        return str(self.codes[index])

    def params_at(self, index: int) -> Mapping[str, Any]:
        return self.params(index)


def _nothing(n: int) -> FieldResult:
    return FieldResult(np.zeros(n), np.full(n, "", dtype=object), lambda _i: {})


def _int(value: float) -> int:
    return int(round(float(value)))


def _clip(values: Floats) -> Floats:
    return np.clip(values, -CAP, CAP)


def sex_frequencies(sexes: Sequence[str]) -> dict[str, float]:
    """Each sex's share among the remains of known sex (add-one smoothed)."""
    known = [s for s in sexes if s in SEX_CODE]
    return {s: (known.count(s) + 1) / (len(known) + 2) for s in SEX_CODE}


def sex(value: str, columns: Mapping[str, Floats], frequency: Mapping[str, float]) -> FieldResult:
    """Agreement weighs by how rare the sex is among the remains; contradiction excludes."""
    n = len(columns["sex"])
    if value not in SEX_CODE:
        return _nothing(n)
    other = columns["sex"]
    agrees = other == SEX_CODE[value]
    contradicts = (other > 0) & ~agrees
    weight = np.where(agrees, math.log(SEX_AGREES_GIVEN_SAME / frequency[value]), 0.0)
    codes = np.where(agrees, "sex_agrees", "").astype(object)
    return FieldResult(weight, codes, lambda _i: {"sex": value}, contradicts, "sex_contradicts")


def _age_on(born: date, columns: Mapping[str, Floats]) -> Floats:
    before_birthday = columns["found_month_day"] < born.month * 100 + born.day
    return columns["found_year"] - born.year - before_birthday


def age(period: tuple[date, date] | None, columns: Mapping[str, Floats]) -> FieldResult:
    """The age at recovery against the examiner's range; birth after recovery excludes."""
    n = len(columns["age_min"])
    if period is None:
        return _nothing(n)
    youngest, oldest = _age_on(period[1], columns), _age_on(period[0], columns)
    low = np.where(np.isnan(columns["age_min"]), columns["age_max"], columns["age_min"])
    high = np.where(np.isnan(columns["age_max"]), columns["age_min"], columns["age_max"])
    known = ~np.isnan(low) & ~np.isnan(youngest)
    gap = np.maximum(np.maximum(low - oldest, youngest - high), 0.0)
    chance = np.minimum(1.0, (high - low + oldest - youngest + 1) / AGE_SPAN_YEARS)
    within = np.log(AGE_WITHIN_GIVEN_SAME / np.where(known, chance, 1.0))
    weight = np.where(known, np.where(gap == 0, within, -AGE_PER_YEAR_OUTSIDE * gap), 0.0)
    codes = np.select([known & (gap == 0), known], ["age_within", "age_outside"], "")

    def params(i: int) -> dict[str, Any]:
        return {
            "age": _int(youngest[i]),
            "age_max": _int(oldest[i]),
            "min": _int(low[i]),
            "max": _int(high[i]),
            "years": _int(gap[i]),
        }

    born_after = columns["found_day"] < period[0].toordinal()
    return FieldResult(_clip(weight), codes.astype(object), params, born_after, "born_after")


def stature(height: float | None, columns: Mapping[str, Floats]) -> FieldResult:
    """The reported height against the examiner's stature range."""
    n = len(columns["stature_min"])
    if height is None:
        return _nothing(n)
    smin, smax = columns["stature_min"], columns["stature_max"]
    low = np.where(np.isnan(smin), smax, smin)
    high = np.where(np.isnan(smax), smin, smax)
    known = ~np.isnan(low)
    gap = np.maximum(np.maximum(low - height, height - high), 0.0)
    chance = np.minimum(1.0, (np.where(known, high - low, 0.0) + 1) / STATURE_SPAN_CM)
    within = np.log(STATURE_WITHIN_GIVEN_SAME / chance)
    outside = -0.5 * (gap / STATURE_REPORT_SD_CM) ** 2
    weight = np.where(known, np.where(gap == 0, within, outside), 0.0)
    codes = np.select([known & (gap == 0), known], ["stature_within", "stature_outside"], "")

    def params(i: int) -> dict[str, Any]:
        return {
            "height": _int(height),
            "min": _int(low[i]),
            "max": _int(high[i]),
            "cm": _int(gap[i]),
        }

    return FieldResult(_clip(weight), codes.astype(object), params)


def distance(lat: float | None, lon: float | None, columns: Mapping[str, Floats]) -> FieldResult:
    """Kilometres from the recovery site to where the person was last seen, and which way.

    Same person: exponential with mean ``DISTANCE_MEAN_KM``; different persons: a point
    anywhere in a disc of ``REGION_RADIUS_KM`` (density 2d/R²).
    """
    n = len(columns["lat"])
    if lat is None or lon is None:
        return _nothing(n)
    phi1, phi2 = np.radians(columns["lat"]), math.radians(lat)
    dlambda = math.radians(lon) - np.radians(columns["lon"])
    haversine = (
        np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * math.cos(phi2) * np.sin(dlambda / 2) ** 2
    )
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(haversine, 0.0, 1.0)))
    bearing = np.degrees(
        np.arctan2(
            np.sin(dlambda) * math.cos(phi2),
            np.cos(phi1) * math.sin(phi2) - np.sin(phi1) * math.cos(phi2) * np.cos(dlambda),
        )
    )
    known = ~np.isnan(km)
    same = np.log(np.exp(-km / DISTANCE_MEAN_KM) / DISTANCE_MEAN_KM)
    different = np.log(2 * np.maximum(km, POSITION_PRECISION_KM) / REGION_RADIUS_KM**2)
    weight = np.where(known, same - different, 0.0)
    codes = np.select([known & (km < SAME_PLACE_KM), known], ["place_same", "place_distance"], "")

    def params(i: int) -> dict[str, Any]:
        direction = COMPASS[int(round((bearing[i] % 360) / 45)) % 8]
        return {"km": _int(km[i]), "direction": direction}

    return FieldResult(_clip(weight), codes.astype(object), params)


def dates(last_seen: date | None, columns: Mapping[str, Floats]) -> FieldResult:
    """Days from last seen to recovery against the post-mortem interval (PMI).

    Alive when last seen, so the PMI cannot much exceed those days; dead within about
    ``ALIVE_DAYS`` of being last seen, so the days should not much exceed the PMI.
    """
    n = len(columns["found_day"])
    if last_seen is None:
        return _nothing(n)
    days = columns["found_day"] - last_seen.toordinal()
    known = ~np.isnan(days)
    pmin, pmax = columns["pmi_min"], columns["pmi_max"]
    pmin = np.where(np.isnan(pmin), 0.0, pmin)
    has_pmi = known & ~np.isnan(pmax)
    tolerance = np.maximum(PMI_TOLERANCE_MIN_DAYS, PMI_TOLERANCE * pmin)
    window = np.where(has_pmi, pmax + ALIVE_DAYS - pmin + tolerance, 1.0)
    consistent = np.log(DATES_CONSISTENT_GIVEN_SAME * DATES_SPAN_DAYS / window)
    excess = days - pmax - ALIVE_DAYS
    early = days < pmin - tolerance
    late = excess > 0
    pmi_weight = np.where(
        early, SEEN_AFTER_DEATH_WEIGHT, np.where(late, consistent - excess / ALIVE_DAYS, consistent)
    )
    no_pmi = np.where(days <= NO_PMI_WINDOW_DAYS, NO_PMI_WITHIN_WEIGHT, NO_PMI_BEYOND_WEIGHT)
    weight = np.where(has_pmi, pmi_weight, np.where(known, no_pmi, 0.0))
    codes = np.select(
        [has_pmi & early, has_pmi & late, has_pmi, known],
        ["dates_seen_after_death", "dates_long_before", "dates_consistent", "dates_interval"],
        "",
    )

    def params(i: int) -> dict[str, Any]:
        found = {"days": _int(days[i])}
        if has_pmi[i]:
            found |= {"pmi_min": _int(pmin[i]), "pmi_max": _int(pmax[i])}
        return found

    recovered_before = known & (days < 0)
    return FieldResult(
        _clip(weight), codes.astype(object), params, recovered_before, "recovered_before"
    )


def word_weights(
    described: Sequence[frozenset[str]], shared_given_same: float
) -> tuple[dict[str, float], dict[str, Indices]]:
    """Each word's weight when shared (rarer words weigh more) and the cases that hold it."""
    holders: dict[str, list[int]] = {}
    for index, found in enumerate(described):
        for word in found:
            holders.setdefault(word, []).append(index)
    n = len(described)
    weights = {}
    for word, cases in holders.items():
        frequency = (len(cases) + WORD_PRIOR_COUNT * WORD_PRIOR_FREQUENCY) / (n + WORD_PRIOR_COUNT)
        weights[word] = min(WORD_CAP, max(0.0, math.log(shared_given_same / frequency)))
    return weights, {w: np.array(c, dtype=np.intp) for w, c in holders.items()}


def shared_words(
    report: frozenset[str],
    described: Sequence[frozenset[str]],
    weights: Mapping[str, float],
    index: Mapping[str, Indices],
    none_shared: float,
    prefix: str,
) -> FieldResult:
    """Words the report and a case's description share, weighed by rarity; none shared."""
    n = len(described)
    if not report:
        return _nothing(n)
    weight, count = np.zeros(n), np.zeros(n, dtype=np.intp)
    for word in report:
        holders = index.get(word)
        if holders is not None:
            weight[holders] += weights[word]
            count[holders] += 1
    has_words = np.fromiter((bool(d) for d in described), dtype=bool, count=n)
    none = has_words & (count == 0)
    weight = np.where(none, none_shared, np.minimum(weight, CAP))
    codes = np.select([count > 0, none], [f"{prefix}_shared", f"{prefix}_none_shared"], "").astype(
        object
    )

    def params(i: int) -> dict[str, Any]:
        common = sorted(report & described[i], key=lambda w: (-weights[w], w))
        return {"words": tuple(common[:SHOWN_WORDS])}

    return FieldResult(weight, codes, params)


def _curp_plain(value: str) -> str:
    return "".join(value.split()).upper()


def curp_plain(value: str) -> str:
    return _curp_plain(value)


def curp(value: str, found: npt.NDArray[Any]) -> FieldResult:
    """A CURP found on the remains (``curp_plain`` of each) against the reported one."""
    n = len(found)
    reported = _curp_plain(value)
    if not reported:
        return _nothing(n)
    present = found != ""
    same = found == reported
    weight = np.where(same, CURP_MATCH_WEIGHT, np.where(present, CURP_DIFFERS_WEIGHT, 0.0))
    codes = np.select([same, present], ["curp_matches", "curp_differs"], "").astype(object)
    return FieldResult(weight.astype(np.float64), codes, lambda _i: {})


def _name_words(text: str) -> list[str]:
    return [w for w in name_plain(text).replace("-", " ").split() if w not in PARTICLES]


def name_words_similarity(first: str, second: str) -> float:
    """Shared words over the shorter name's words; below two shared words, over the longer."""
    a, b = set(_name_words(first)), set(_name_words(second))
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if shared >= min(2, len(a), len(b)):
        return shared / min(len(a), len(b))
    return shared / max(len(a), len(b))


def sound_keys(text: str) -> frozenset[str]:
    """The sound keys (``phonetic_key``) of a name's words."""
    return frozenset(phonetic_key(w) for w in _name_words(text))


@dataclass(frozen=True)
class Document:
    """A name on a document found with case ``index``, with its words' sound keys."""

    index: int
    name: str
    keys: frozenset[str]


def document_name(
    reported: str,
    n: int,
    documents: Sequence[Document],
    similarity: Callable[[str, str], float],
) -> FieldResult:
    """A name on a document found with the remains against the reported name.

    The similarity is asked only of documents that share a word's sound key with the
    reported name (``phonetic_key``); the others differ.
    """
    keys = sound_keys(reported)
    if not keys:
        return _nothing(n)
    scores = np.full(n, np.nan)
    for document in documents:
        shares = keys & document.keys
        scores[document.index] = similarity(document.name, reported) if shares else 0.0
    known = ~np.isnan(scores)
    matches, similar = known & (scores >= NAME_MATCH), known & (scores >= NAME_SIMILAR)
    weight = np.select(
        [matches, similar, known],
        [NAME_MATCH_WEIGHT, NAME_SIMILAR_WEIGHT, NAME_DIFFERS_WEIGHT],
        0.0,
    )
    codes = np.select(
        [matches, similar, known], ["name_matches", "name_similar", "name_differs"], ""
    ).astype(object)
    return FieldResult(
        weight.astype(np.float64), codes, lambda i: {"similarity": round(float(scores[i]), 2)}
    )
