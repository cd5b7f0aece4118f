"""True identities: valid and unique CURPs, Mexican naming, ground truth consistent."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from pathlib import Path

from stdnum.mx import curp as stdnum_curp

from enlace.people.core.curp import curp_build
from enlace.synth.identity import curp_body
from enlace.synth.model import Person
from enlace.synth.names import given_name, surname
from enlace.synth.tables import tables_load

from .conftest import read_rows


def test_every_curp_in_persons_is_valid(wide_run: Path) -> None:
    """python-stdnum accepts every CURP (format, date, state, check digit)."""
    persons = read_rows(wide_run / "persons.csv")

    invalid = [p["curp"] for p in persons if not stdnum_curp.is_valid(p["curp"])]

    assert persons
    assert invalid == []


def test_curps_are_unique_and_follow_the_persons_data(wide_run: Path) -> None:
    """No two persons share a CURP; each CURP is RENAPO's for the person (homonym aside)."""
    persons = read_rows(wide_run / "persons.csv")

    assert len({p["curp"] for p in persons}) == len(persons)
    for p in persons[:500]:
        built = curp_build(
            given_names=p["given_names"],
            paternal_surname=p["paternal_surname"],
            maternal_surname=p["maternal_surname"],
            birth_date=date.fromisoformat(p["date_of_birth"]),
            sex=p["sex"],
            state_code=p["state_of_origin"],
        )
        assert p["curp"][:16] == built[:16]
        assert stdnum_curp.get_birth_date(p["curp"]) == date.fromisoformat(p["date_of_birth"])


def test_cached_curp_letters_match_curp_build() -> None:
    """The generator's cached CURP letters give what curp_build gives, for random names."""
    tables, rng = tables_load(), random.Random(3)
    states = sorted(tables.states)
    for _ in range(3000):
        sex = rng.choice("FM")
        person = Person(
            person_id="P",
            index=0,
            given=given_name(rng, tables, sex),
            paternal=surname(rng, tables),
            maternal=surname(rng, tables),
            sex=sex,
            born=date(1940 + rng.randrange(70), 1 + rng.randrange(12), 1 + rng.randrange(28)),
            state=rng.choice(states),
            role="none",
        )
        expected = curp_build(
            given_names=person.given,
            paternal_surname=person.paternal,
            maternal_surname=person.maternal,
            birth_date=person.born,
            sex=person.sex,
            state_code=person.state,
        )
        assert curp_body(person) == expected[:16]


def test_inconvenient_words_are_replaced_as_renapo_does() -> None:
    """A CURP whose first four letters spell an inconvenient word gets X as second letter."""
    person = Person("P", 0, "Ana", "Puerta", "Tello", "F", date(1980, 1, 1), "DF", "none")

    assert curp_body(person).startswith("PXTA")


def test_names_follow_mexican_rules(wide_run: Path) -> None:
    """Two surnames each; compound given names and particles occur; children carry both
    parents' first surnames (father's first)."""
    persons = read_rows(wide_run / "persons.csv")

    assert all(p["paternal_surname"] and p["maternal_surname"] for p in persons)
    assert any(" " in p["given_names"] for p in persons)
    assert any(p["given_names"].startswith(("María de", "María del", "José de")) for p in persons)
    families: dict[str, list[dict[str, str]]] = defaultdict(list)
    for p in persons:
        if p["family_id"]:
            families[p["family_id"]].append(p)
    checked = 0
    for members in families.values():
        father = next(
            (m for m in members if m["relationship"] in ("head", "spouse") and m["sex"] == "M"),
            None,
        )
        mother = next(
            (m for m in members if m["relationship"] in ("head", "spouse") and m["sex"] == "F"),
            None,
        )
        for child in (m for m in members if m["relationship"] == "child"):
            if father and mother:
                assert child["paternal_surname"] == father["paternal_surname"]
                assert child["maternal_surname"] == mother["paternal_surname"]
                checked += 1
    assert checked > 0


def test_particle_surnames_are_written_out() -> None:
    """Surnames such as De la Cruz and Del Ángel are in the list, spelled with particles."""
    names = set(tables_load().surnames.values)

    assert {"De la Cruz", "Del Ángel", "De León", "Hernández", "Núñez"} <= names
    assert "DELACRUZ" not in names
    assert "Delacruz" not in names


def test_truth_covers_every_record_and_person(wide_run: Path) -> None:
    """Every record is in truth.csv once; every person there is in persons.csv; the family
    id of each truth row is the person's family."""
    records = read_rows(wide_run / "records.csv")
    truth = read_rows(wide_run / "truth.csv")
    persons = {p["person_id"]: p for p in read_rows(wide_run / "persons.csv")}

    assert [r["record_id"] for r in records] == [t["record_id"] for t in truth]
    assert len({t["record_id"] for t in truth}) == len(truth)
    assert all(t["person_id"] in persons for t in truth)
    assert all(t["family_id"] == persons[t["person_id"]]["family_id"] for t in truth)
    assert {t["person_id"] for t in truth} == set(persons)


def test_manifest_groups_hold_one_true_family(wide_run: Path) -> None:
    """Persons grouped on a manifest (family_group_id) all belong to the same true family,
    and every manifest row is a record of records.csv."""
    truth = {t["record_id"]: t for t in read_rows(wide_run / "truth.csv")}
    groups: dict[str, set[str]] = defaultdict(set)
    for path in (wide_run / "manifests").iterdir():
        for row in read_rows(path):
            assert row["record_id"] in truth
            if row["family_group_id"]:
                groups[row["family_group_id"]].add(truth[row["record_id"]]["family_id"])

    assert groups
    assert all(len(families) == 1 and "" not in families for families in groups.values())


def test_people_are_encountered_more_than_once(wide_run: Path) -> None:
    """Repeat encounters: some persons have several manifest rows, over time."""
    persons = read_rows(wide_run / "persons.csv")

    assert any(int(p["encounters"]) > 1 for p in persons)
    assert all(int(p["encounters"]) >= 1 for p in persons)
