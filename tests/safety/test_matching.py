"""Remains matching, Django-free core: each field's evidence, each exclusion, the ranking."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from enlace.safety.core.matching import (
    FIELDS,
    Missing,
    Remains,
    age_range,
    birth_period,
    candidates,
    compare,
)
from enlace.safety.core.words import word_label, words_of

# Sasabe, Arizona, and a point about 34 km north of it (0.306° of latitude).
SASABE = (31.4862, -111.5426)
NORTH_34_KM = (31.4862 + 34 / 111.19, -111.5426)


def _missing(**fields: Any) -> Missing:
    return Missing("R1", **fields)


def _remains(**fields: Any) -> Remains:
    return Remains("C1", **fields)


def _evidence(missing: Missing, remains: Remains) -> dict[str, tuple[str, dict[str, Any]]]:
    found = compare(missing, remains)
    return {e.field: (e.code, dict(e.params)) for e in found.evidence}


def test_sex_agrees_and_weighs_more_for_the_rarer_sex() -> None:
    """Agreement on a sex that is rare among the remains says more."""
    cases = [Remains("C1", sex="F"), *[Remains(f"M{i}", sex="M") for i in range(8)]]
    woman = compare(_missing(sex="F"), cases[0], among=cases[1:])
    man = compare(_missing(sex="M"), cases[1], among=[cases[0], *cases[2:]])
    assert woman.evidence[0].code == "sex_agrees"
    assert man.evidence[0].code == "sex_agrees"
    assert woman.score > man.score > 0


def test_sex_contradicting_is_an_exclusion() -> None:
    found = compare(_missing(sex="M"), _remains(sex="F"))
    assert found.exclusions == ("sex_contradicts",)
    assert candidates([_missing(sex="M", height_cm=170)], [_remains(sex="F")]) == []


def test_unknown_sex_on_either_side_says_nothing() -> None:
    assert "sex" not in _evidence(_missing(sex=""), _remains(sex="F"))
    assert "sex" not in _evidence(_missing(sex="M"), _remains(sex=""))


def test_age_within_the_examiners_range() -> None:
    """Born 1976-03-02, found 2010-06-10: 34 within 30–40."""
    missing = _missing(date_of_birth="1976-03-02")
    remains = _remains(age_min=30, age_max=40, found_date=date(2010, 6, 10))
    code, params = _evidence(missing, remains)["age"]
    assert code == "age_within"
    assert (params["age"], params["age_max"], params["min"], params["max"]) == (34, 34, 30, 40)


def test_age_outside_the_range_counts_against_by_the_years() -> None:
    remains = _remains(age_min=30, age_max=40, found_date=date(2010, 6, 10))
    near = compare(_missing(date_of_birth="1968-01-01"), remains)
    far = compare(_missing(date_of_birth="1950-01-01"), remains)
    assert near.evidence[0].code == "age_outside"
    assert near.evidence[0].params["years"] == 2
    assert far.evidence[0].params["years"] == 20
    assert far.score < near.score < 0


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        ("1976", (33, 34)),  # born any day of 1976: 33 if after 10 June
        ("1976-06", (33, 34)),  # June 1976: turns 34 on or before the 10th, or after
        ("1976-05", (34, 34)),
        ("1976-06-10", (34, 34)),
        ("1976-06-11", (33, 33)),
    ],
)
def test_partial_dates_of_birth_give_an_age_range(born: str, expected: tuple[int, int]) -> None:
    assert age_range(born, date(2010, 6, 10)) == expected


def test_a_year_of_birth_alone_still_compares_the_age() -> None:
    missing = _missing(date_of_birth="1976")
    remains = _remains(age_min=34, age_max=40, found_date=date(2010, 6, 10))
    code, params = _evidence(missing, remains)["age"]
    assert code == "age_within"
    assert (params["age"], params["age_max"]) == (33, 34)


@pytest.mark.parametrize("text", ["", "1976-13", "76", "1976/05/01", "abc"])
def test_a_date_of_birth_that_is_not_one_gives_no_age(text: str) -> None:
    assert birth_period(text) is None
    missing = _missing(date_of_birth=text)
    remains = _remains(age_min=30, age_max=40, found_date=date(2010, 6, 10))
    assert "age" not in _evidence(missing, remains)


def test_born_after_the_recovery_is_an_exclusion() -> None:
    found = compare(_missing(date_of_birth="2012"), _remains(found_date=date(2010, 6, 10)))
    assert found.exclusions == ("born_after",)


def test_stature_within_and_outside_the_range() -> None:
    remains = _remains(stature_min_cm=165, stature_max_cm=175)
    code, params = _evidence(_missing(height_cm=170), remains)["stature"]
    assert code == "stature_within"
    assert (params["height"], params["min"], params["max"]) == (170, 165, 175)
    code, params = _evidence(_missing(height_cm=185), remains)["stature"]
    assert (code, params["cm"]) == ("stature_outside", 10)
    within = compare(_missing(height_cm=170), remains).score
    assert within > 0 > compare(_missing(height_cm=185), remains).score


def test_last_seen_34_km_south_of_the_recovery_site() -> None:
    missing = _missing(last_seen_lat=SASABE[0], last_seen_lon=SASABE[1])
    remains = _remains(found_lat=NORTH_34_KM[0], found_lon=NORTH_34_KM[1])
    code, params = _evidence(missing, remains)["distance"]
    assert (code, params) == ("place_distance", {"km": 34, "direction": "s"})


def test_last_seen_at_the_recovery_site() -> None:
    missing = _missing(last_seen_lat=SASABE[0], last_seen_lon=SASABE[1])
    remains = _remains(found_lat=SASABE[0], found_lon=SASABE[1] + 0.001)
    assert _evidence(missing, remains)["distance"][0] == "place_same"


def test_distance_weighs_less_the_farther() -> None:
    missing = _missing(last_seen_lat=SASABE[0], last_seen_lon=SASABE[1])
    scores = [
        compare(missing, _remains(found_lat=SASABE[0] + km / 111.19, found_lon=SASABE[1])).score
        for km in (5, 40, 100, 300)
    ]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 0 > scores[-1]


def test_dates_consistent_with_the_post_mortem_interval() -> None:
    missing = _missing(last_seen_date=date(2010, 6, 1))
    remains = _remains(found_date=date(2010, 6, 20), pmi_min_days=7, pmi_max_days=21)
    code, params = _evidence(missing, remains)["dates"]
    assert (code, params) == ("dates_consistent", {"days": 19, "pmi_min": 7, "pmi_max": 21})


def test_seen_alive_after_the_interval_says_death_came_counts_against() -> None:
    missing = _missing(last_seen_date=date(2010, 6, 15))
    remains = _remains(found_date=date(2010, 6, 20), pmi_min_days=90, pmi_max_days=240)
    found = compare(missing, remains)
    assert found.evidence[0].code == "dates_seen_after_death"
    assert found.score < 0


def test_last_seen_long_before_the_interval_counts_against_by_the_months() -> None:
    remains = _remains(found_date=date(2012, 6, 20), pmi_min_days=0, pmi_max_days=7)
    year = compare(_missing(last_seen_date=date(2011, 6, 20)), remains)
    month = compare(_missing(last_seen_date=date(2012, 5, 1)), remains)
    assert year.evidence[0].code == month.evidence[0].code == "dates_long_before"
    assert year.score < month.score


def test_dates_without_a_post_mortem_interval() -> None:
    missing = _missing(last_seen_date=date(2010, 6, 1))
    code, params = _evidence(missing, _remains(found_date=date(2010, 8, 1)))["dates"]
    assert (code, params) == ("dates_interval", {"days": 61})


def test_recovered_before_last_seen_is_an_exclusion() -> None:
    missing = _missing(last_seen_date=date(2010, 6, 2))
    remains = _remains(found_date=date(2010, 6, 1), pmi_min_days=0, pmi_max_days=1)
    assert compare(missing, remains).exclusions == ("recovered_before",)
    assert candidates([missing], [remains]) == []


def test_clothing_words_shared_across_languages() -> None:
    missing = _missing(clothing="Pantalón de mezclilla azul, gorra negra con el logo de Chivas")
    remains = _remains(clothing="blue jeans; black baseball cap (CHIVAS); white t-shirt")
    code, params = _evidence(missing, remains)["clothing"]
    assert code == "clothing_shared"
    assert set(params["words"]) == {"jeans", "cap", "blue", "black", "chivas"}


def test_clothing_described_on_both_sides_with_nothing_shared_counts_against() -> None:
    found = compare(_missing(clothing="vestido rojo"), _remains(clothing="blue jeans"))
    assert found.evidence[0].code == "clothing_none_shared"
    assert found.score < 0


def test_a_mark_described_on_both_sides() -> None:
    missing = _missing(distinguishing_marks="tatuaje de la Virgen en el brazo izquierdo")
    remains = _remains(distinguishing_marks="tattoo, left forearm: Virgin of Guadalupe")
    code, params = _evidence(missing, remains)["marks"]
    assert code == "marks_shared"
    assert {"tattoo", "virgin", "left"} <= set(params["words"])
    code, _ = _evidence(_missing(distinguishing_marks="cicatriz"), remains)["marks"]
    assert code == "marks_none_shared"


def test_rarer_shared_words_weigh_more() -> None:
    """A word most remains share ("jeans") says less than one few share ("chivas")."""
    others = [Remains(f"O{i}", clothing="blue jeans") for i in range(40)]
    remains = _remains(clothing="jeans, chivas cap")
    jeans = compare(_missing(clothing="mezclilla"), remains, among=others)
    chivas = compare(_missing(clothing="gorra chivas"), remains, among=others)
    assert 0 < jeans.score < chivas.score


def test_curp_on_a_document_matches_or_differs() -> None:
    curp = "PELJ760302HSRRPN09"
    found = compare(_missing(curp=curp.lower()), _remains(document_curp=curp))
    assert found.evidence[0].code == "curp_matches"
    assert found.score >= 10
    differs = compare(_missing(curp=curp), _remains(document_curp="GOMA900101MSRMRR02"))
    assert differs.evidence[0].code == "curp_differs"
    assert differs.score < 0


@pytest.mark.parametrize(
    ("document", "code"),
    [
        ("JUAN CARLOS PEREZ LOPEZ", "name_matches"),
        ("Juan Pérez López", "name_matches"),  # three of four words, all the document's
        ("Juan Carlos Pérez Gómez", "name_similar"),
        ("Pedro Ramírez", "name_differs"),
    ],
)
def test_document_name_against_the_reported_name(document: str, code: str) -> None:
    missing = _missing(
        given_names="Juan Carlos", paternal_surname="Pérez", maternal_surname="López"
    )
    assert _evidence(missing, _remains(document_name=document))["document_name"][0] == code


def test_the_name_similarity_given_is_the_one_used() -> None:
    """The Django side passes the person search's comparison; the core uses what it gets."""
    missing = _missing(given_names="Juan", paternal_surname="Pérez")
    remains = _remains(document_name="J. Peres")
    asked: list[tuple[str, str]] = []

    def similarity(document: str, reported: str) -> float:
        asked.append((document, reported))
        return 0.95

    found = compare(missing, remains, name_similarity=similarity)
    assert asked == [("J. Peres", "Juan Pérez")]
    assert found.evidence[0].code == "name_matches"


def test_empty_fields_give_no_evidence_and_no_candidate() -> None:
    empty_missing, empty_remains = Missing("R0"), Remains("C0")
    full_remains = Remains(
        "C1",
        "M",
        30,
        40,
        160,
        175,
        date(2010, 6, 1),
        31.5,
        -111.5,
        1,
        7,
        "jeans",
        "tattoo",
        "X",
        "Y",
    )
    for missing, remains in ((empty_missing, full_remains), (_full_missing(), empty_remains)):
        found = compare(missing, remains)
        assert found == type(found)(0.0, (), ())
    assert candidates([empty_missing], [full_remains, empty_remains]) == []


def _full_missing() -> Missing:
    return Missing(
        "R1",
        "Juan",
        "Pérez",
        "López",
        "M",
        "1976-03-02",
        170,
        date(2010, 5, 28),
        SASABE[0],
        SASABE[1],
        "Sásabe",
        "pantalón de mezclilla, gorra negra",
        "tatuaje en el brazo",
        "PELJ760302HSRRPN09",
    )


def _consistent_remains(case_id: str, lat: float, lon: float) -> Remains:
    return Remains(
        case_id,
        sex="M",
        age_min=30,
        age_max=40,
        stature_min_cm=165,
        stature_max_cm=175,
        found_date=date(2010, 6, 10),
        found_lat=lat,
        found_lon=lon,
        pmi_min_days=1,
        pmi_max_days=7,
        clothing="blue jeans, black cap",
    )


def test_a_closer_consistent_case_ranks_above_a_far_one() -> None:
    far = _consistent_remains("FAR", 32.9, -112.9)  # about 200 km away
    near = _consistent_remains("NEAR", *NORTH_34_KM)
    found = candidates([_full_missing()], [far, near])
    assert [(c.case_id, c.rank) for c in found] == [("NEAR", 1), ("FAR", 2)]
    assert found[0].score > found[1].score
    assert [e.field for e in found[0].evidence] == [
        f for f in FIELDS if f not in ("marks", "curp", "document_name")
    ]


def test_top_limits_the_candidates_per_report_and_reports_keep_their_order() -> None:
    cases = [_consistent_remains(f"C{i}", 31.6 + i / 50, -111.5) for i in range(8)]
    second = replace(_full_missing(), report_id="R2")
    found = candidates([_full_missing(), second], cases, top=3)
    assert [(c.report_id, c.rank) for c in found] == [
        ("R1", 1),
        ("R1", 2),
        ("R1", 3),
        ("R2", 1),
        ("R2", 2),
        ("R2", 3),
    ]
    assert [c.case_id for c in found[:3]] == ["C0", "C1", "C2"]


def test_the_score_is_the_sum_of_the_evidence_weights() -> None:
    found = candidates([_full_missing()], [_consistent_remains("C1", *NORTH_34_KM)])[0]
    assert math.isclose(found.score, sum(e.weight for e in found.evidence), abs_tol=0.01)
    assert all(abs(e.weight) <= 4 for e in found.evidence)


def test_words_are_folded_and_stop_words_dropped() -> None:
    assert words_of("Pantalón de MEZCLILLA y tenis") == {"jeans", "pants", "sneakers"}
    assert words_of("the and with, 12 a") == frozenset()
    assert word_label("jeans", "es-mx") == "mezclilla"
    assert word_label("chivas", "es-mx") == "chivas"
    assert word_label("jeans", "en") == "jeans"
