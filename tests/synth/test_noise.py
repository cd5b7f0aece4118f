"""Recording noise: the configured per-agency rates are what the records show."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace

import pytest
from stdnum.mx import curp as stdnum_curp

from enlace.synth import NoiseRates, SynthConfig, synth_rows
from enlace.synth.noise import keyboard_slip, misspell, names_written, strip_accents
from enlace.synth.tables import tables_load

US_HABITS = {"maternal_drop", "maternal_hyphen", "maternal_join", "maternal_to_given"}


def _records_by_agency(config: SynthConfig) -> tuple[dict[str, list[dict[str, str]]], dict]:
    rows = synth_rows(config)
    persons = {p["person_id"]: p for p in rows.persons}
    owner = {t["record_id"]: persons[t["person_id"]] for t in rows.truth}
    groups: dict[str, list[dict[str, str]]] = {}
    for record in rows.records:
        kind = record["office"].split("-")[0]  # usbp, ero/ins, sre, inm
        groups.setdefault(kind, []).append(record)
    return groups, owner


def test_configured_maternal_drop_rate_is_observed() -> None:
    """Border Patrol set to drop the maternal surname 30% of the time (no other error):
    about 30% of its records lack it; the consulate keeps its own default rate."""
    config = SynthConfig(persons=3000, seed=17)
    noise = dict(config.noise)
    noise["border_patrol"] = NoiseRates(maternal_drop=0.3)
    groups, owner = _records_by_agency(replace(config, noise=noise))

    patrol = groups["usbp"]
    dropped = sum(1 for r in patrol if r["maternal_surname"] == "")
    share = dropped / len(patrol)
    assert len(patrol) > 2500
    assert share == pytest.approx(0.3, abs=0.035)
    for record in patrol:  # nothing else changed
        person = owner[record["record_id"]]
        assert record["given_names"] == person["given_names"]
        assert record["paternal_surname"] == person["paternal_surname"]
        assert record["maternal_surname"] in ("", person["maternal_surname"])
    consulate = groups["sre"]
    consulate_share = sum(1 for r in consulate if r["maternal_surname"] == "") / len(consulate)
    assert consulate_share == pytest.approx(config.noise["consulate"].maternal_drop, abs=0.03)


def test_agency_rates_are_independent() -> None:
    """ICE set to lose every accent and write in capitals; INM records are untouched by it."""
    config = SynthConfig(persons=1500, seed=4)
    noise = dict(config.noise)
    noise["ice"] = replace(noise["ice"], accents_lost=1.0, upper_case=1.0)
    noise["inm"] = NoiseRates()
    groups, owner = _records_by_agency(replace(config, noise=noise))

    interior = groups["ero"] + groups.get("ins", [])
    assert interior
    for record in interior:
        text = record["given_names"] + record["paternal_surname"] + record["maternal_surname"]
        assert text == strip_accents(text).upper()
    for record in groups["inm"]:
        person = owner[record["record_id"]]
        fields = ("given_names", "paternal_surname", "maternal_surname", "date_of_birth", "curp")
        assert all(record[f] == person[f] for f in fields)


def test_default_noise_shows_every_kind_of_error(default_run_rows: tuple) -> None:
    """With the default rates the records show US recording habits and Spanish misspellings."""
    records, owner = default_run_rows
    seen: Counter[str] = Counter()
    for record in records:
        person = owner[record["record_id"]]
        for kind in _kinds(record, person):
            seen[kind] += 1
    expected = US_HABITS | {"surname_swap", "accents_lost", "upper_case", "given_changed"}
    expected |= {"dob_year_only", "dob_swap", "curp_missing", "curp_invalid", "sex_missing"}
    assert expected <= set(seen), sorted(expected - set(seen))


def _surname_kind(record: dict[str, str], person: dict[str, str]) -> set[str]:
    paternal, maternal = person["paternal_surname"], person["maternal_surname"]
    written = strip_accents(record["paternal_surname"].lower())
    if record["maternal_surname"]:
        swapped = strip_accents(maternal.lower()) == written and paternal != maternal
        return {"surname_swap"} if swapped else set()
    if "-" in written:
        return {"maternal_hyphen"}
    if strip_accents(f"{paternal} {maternal}".lower()) == written:
        return {"maternal_join"}
    if strip_accents(record["given_names"].lower()).endswith(strip_accents(maternal.lower())):
        return {"maternal_to_given"}
    return {"maternal_drop"}


def _other_kinds(record: dict[str, str], person: dict[str, str]) -> set[str]:
    names = record["given_names"] + record["paternal_surname"]
    true = person["given_names"] + person["paternal_surname"]
    checks = {
        "upper_case": names.isupper(),
        "accents_lost": strip_accents(true) != true and names == strip_accents(names),
        "given_changed": strip_accents(record["given_names"].lower())
        != strip_accents(person["given_names"].lower()),
        "dob_year_only": re.fullmatch(r"\d{4}", record["date_of_birth"]) is not None,
        "dob_swap": len(record["date_of_birth"]) == 10
        and record["date_of_birth"] != person["date_of_birth"],
        "curp_missing": not record["curp"],
        "curp_invalid": bool(record["curp"]) and not stdnum_curp.is_valid(record["curp"]),
        "sex_missing": not record["sex"],
    }
    return {kind for kind, present in checks.items() if present}


def _kinds(record: dict[str, str], person: dict[str, str]) -> set[str]:
    return _surname_kind(record, person) | _other_kinds(record, person)


@pytest.fixture(scope="module")
def default_run_rows() -> tuple[list[dict[str, str]], dict[str, dict[str, str]]]:
    rows = synth_rows(SynthConfig(persons=4000, seed=21))
    persons = {p["person_id"]: p for p in rows.persons}
    owner = {t["record_id"]: persons[t["person_id"]] for t in rows.truth}
    return rows.records, owner


def test_manifest_rows_never_carry_an_invalid_curp(default_run_rows: tuple) -> None:
    """A mistyped CURP that fails its check is left blank on a manifest row (it would make
    the row malformed); other records may carry it."""
    records, _ = default_run_rows
    on_manifests = [r for r in records if r["manifest_id"] and not r["office"].startswith("inm-")]
    assert on_manifests
    assert all(not r["curp"] or stdnum_curp.is_valid(r["curp"]) for r in on_manifests)


def test_nicknames_and_english_forms() -> None:
    """Francisco may be written Pancho or Paco (nickname) or Frank (English form)."""
    tables, rng = tables_load(), random.Random(1)
    nickname = NoiseRates(nickname=1.0)
    english = NoiseRates(english_form=1.0)
    names = ("Francisco", "López", "Mendoza")

    assert names_written(rng, tables, names, nickname)[0] in ("Pancho", "Paco", "Panchito")
    assert names_written(rng, tables, names, english)[0] in ("Frank", "Francis")


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        (NoiseRates(maternal_hyphen=1.0), ["José Luis", "Hernández-López", ""]),
        (NoiseRates(maternal_join=1.0), ["José Luis", "Hernández López", ""]),
        (NoiseRates(maternal_to_given=1.0), ["José Luis López", "Hernández", ""]),
        (NoiseRates(surname_swap=1.0), ["José Luis", "López", "Hernández"]),
        (NoiseRates(maternal_drop=1.0), ["José Luis", "Hernández", ""]),
        (NoiseRates(accents_lost=1.0, upper_case=1.0), ["JOSE LUIS", "HERNANDEZ", "LOPEZ"]),
    ],
)
def test_us_recording_habits(rates: NoiseRates, expected: list[str]) -> None:
    """The surname patterns of forms with first / middle / last name fields."""
    names = ("José Luis", "Hernández", "López")

    assert names_written(random.Random(0), tables_load(), names, rates) == expected


def test_misspellings_are_spanish_confusions() -> None:
    """One change of the kinds b/v, s/z/c, ll/y, silent h, g/j, x/j, qu/k, rr/r, ñ."""
    rng = random.Random(2)
    variants = {
        misspell(rng, name) for name in ("Hernández", "Villalobos", "Xóchitl") for _ in range(60)
    }

    assert {"Ernández", "Bernández"} & variants or "Hernándes" in variants
    assert "Billalobos" in variants or "Viyalobos" in variants
    assert "Jóchitl" in variants


def test_keyboard_slips_touch_one_letter() -> None:
    rng = random.Random(5)
    for _ in range(200):
        slipped = keyboard_slip(rng, "Gutiérrez")
        assert abs(len(slipped) - len("Gutiérrez")) <= 1
        assert slipped[0].isupper()
