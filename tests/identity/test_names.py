"""Mexican names brought to one comparable form: the cases the issue names, one by one."""

from __future__ import annotations

import pytest

from enlace.people.core.names import (
    given_parse,
    hypocorisms,
    name_plain,
    names_resolve,
    surname_plain,
    us_name_parse,
)
from enlace.people.core.phonetic import phonetic_key


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Núñez", "NUNEZ"),
        ("  maría   de los ángeles ", "MARIA DE LOS ANGELES"),
        ("O'Connor", "O CONNOR"),
        ("Hernández-Ruiz", "HERNANDEZ-RUIZ"),
        ("", ""),
    ],
)
def test_name_plain_drops_case_accents_and_punctuation(written, plain):
    assert name_plain(written) == plain


@pytest.mark.parametrize(
    ("written", "full", "first"),
    [
        ("María de los Ángeles", "MARIA ANGELES", "MARIA"),
        ("Ma. de los Ángeles", "MARIA ANGELES", "MARIA"),
        ("MA GUADALUPE", "MARIA GUADALUPE", "MARIA"),
        ("J. Luis", "JOSE LUIS", "JOSE"),
        ("José-Luis", "JOSE LUIS", "JOSE"),
        ("Pancho", "FRANCISCO", "FRANCISCO"),
        ("Paco", "FRANCISCO", "FRANCISCO"),
        ("Lupe", "GUADALUPE", "GUADALUPE"),
        ("Chuy", "JESUS", "JESUS"),
        ("Pepe", "JOSE", "JOSE"),
        ("Frank", "FRANCISCO", "FRANCISCO"),
        ("JOHN", "JUAN", "JUAN"),
    ],
)
def test_given_names_expand_abbreviations_and_nicknames(written, full, first):
    parsed = given_parse(written)
    assert (parsed.full, parsed.first) == (full, first)


def test_an_ambiguous_nickname_keeps_every_name_it_may_stand_for():
    candidates = given_parse("Beto").candidates
    assert {"ALBERTO", "ROBERTO"} <= set(candidates)
    assert given_parse("Beto").first == "BETO"


def test_every_hypocorism_row_has_a_source():
    table = hypocorisms()
    assert len(table) > 150
    assert table["PANCHO"] == ("FRANCISCO",)


@pytest.mark.parametrize(
    ("given", "paternal", "maternal", "expected"),
    [
        ("María", "Hernández-Ruiz", "", ("MARIA", "HERNANDEZ", "RUIZ")),
        ("María", "Hernández Ruiz", "", ("MARIA", "HERNANDEZ", "RUIZ")),
        ("Juan Carlos López", "Hernández", "", ("JUAN CARLOS", "HERNANDEZ", "LOPEZ")),
        ("Juan", "De la Cruz", "", ("JUAN", "CRUZ", "")),
        ("Juan", "Díaz de León", "", ("JUAN", "DIAZ LEON", "")),
        ("Ana", "Pérez", "García", ("ANA", "PEREZ", "GARCIA")),
        ("Juan Carlos", "Pérez", "", ("JUAN CARLOS", "PEREZ", "")),
    ],
)
def test_surnames_go_back_to_their_fields(given, paternal, maternal, expected):
    assert names_resolve(given, paternal, maternal) == expected


@pytest.mark.parametrize(
    ("first", "middle", "last", "expected"),
    [
        ("Juan", "", "Hernandez Lopez", ("JUAN", "HERNANDEZ", "LOPEZ")),
        ("Juan", "", "Hernandez-Lopez", ("JUAN", "HERNANDEZ", "LOPEZ")),
        ("Juan", "Hernandez", "Lopez", ("JUAN", "HERNANDEZ", "LOPEZ")),
        ("Juan", "Carlos", "Lopez", ("JUAN CARLOS", "LOPEZ", "")),
        ("Maria", "Guadalupe", "Hernandez Ruiz", ("MARIA GUADALUPE", "HERNANDEZ", "RUIZ")),
        ("Jose", "", "De la Cruz", ("JOSE", "CRUZ", "")),
    ],
)
def test_us_first_middle_last_become_given_names_and_surnames(first, middle, last, expected):
    assert us_name_parse(first, middle, last) == expected


def test_surname_particles_are_not_compared():
    assert surname_plain("De la Cruz") == surname_plain("DE LA CRUZ") == "CRUZ"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("VALDEZ", "BALDES"),
        ("CERVANTES", "SERVANTES"),
        ("HERNANDEZ", "ERNANDES"),
        ("YANEZ", "LLANES"),
        ("JIMENEZ", "XIMENEZ"),
        ("GIMENEZ", "JIMENEZ"),
        ("QUINTERO", "KINTERO"),
        ("IBARRA", "YBARRA"),
        ("MURRIETA", "MURIETA"),
        ("GUERRERO", "GUERRERO"),
    ],
)
def test_spanish_sound_alikes_share_a_key(one, other):
    assert phonetic_key(one) == phonetic_key(other)


@pytest.mark.parametrize(("one", "other"), [("GUERRERO", "JERERO"), ("LOPEZ", "LOZANO")])
def test_different_sounds_keep_different_keys(one, other):
    assert phonetic_key(one) != phonetic_key(other)
