"""The population follows the statistics it was drawn from, within sampling error."""

from __future__ import annotations

from collections import Counter

import pytest

from enlace.synth import PopulationRates, SynthConfig, SynthRows, synth_rows
from enlace.synth.population import ORIGIN_SHARES
from enlace.synth.seasons import SECTOR_CODES, monthly_counts
from enlace.synth.tables import DATA_DIR, read_csv

ERA_CODES = {"MAR": "BBT", "MCA": "RGV"}


@pytest.fixture(scope="module")
def rows() -> SynthRows:
    return synth_rows(SynthConfig(persons=8000, seed=99))


def test_sectors_follow_mexican_apprehensions(rows: SynthRows) -> None:
    """Border Patrol rows by sector match the sectors' Mexican apprehensions in 2003-2005."""
    counts = monthly_counts()
    source = Counter()
    for ((year, _month), sector), weight in counts.items():
        if 2003 <= year <= 2005:
            source[sector] += weight
    total = sum(source.values())
    patrol = [r for r in rows.manifest_rows if r["apprehension_sector"]]
    made = Counter(
        ERA_CODES.get(r["apprehension_sector"], r["apprehension_sector"]) for r in patrol
    )

    for sector in SECTOR_CODES.values():
        assert made[sector] / len(patrol) == pytest.approx(source[sector] / total, abs=0.02), sector


def test_demography_follows_the_stated_rates(rows: SynthRows) -> None:
    """Female share, unaccompanied and accompanied minors as in the FY2011 sector profile."""
    rates = PopulationRates()
    persons = rows.persons
    female = sum(p["sex"] == "F" for p in persons) / len(persons)
    alone = sum("unaccompanied_minor" in p["vulnerability"] for p in persons) / len(persons)
    with_family = sum("accompanied_minor" in p["vulnerability"].split("|") for p in persons)

    assert female == pytest.approx(rates.female_share, abs=0.02)
    assert alone == pytest.approx(rates.unaccompanied_minor_share, abs=0.012)
    assert with_family / len(persons) == pytest.approx(rates.accompanied_minor_share, abs=0.01)


def test_states_of_origin_follow_the_stated_source(rows: SynthRows) -> None:
    """Guerrero, Chiapas, Oaxaca, Veracruz, México at their 2023 shares; all 32 states occur."""
    states = Counter(p["state_of_origin"] for p in rows.persons)
    total = sum(states.values())

    for state, share in ORIGIN_SHARES.items():
        assert states[state] / total == pytest.approx(share, abs=0.025), state
    assert len(states) == 32


def test_default_rates_are_the_published_figures() -> None:
    """The FY2011 southwest-border profile gives the default demographic shares."""
    row = next(
        r
        for r in read_csv(DATA_DIR / "usbp_sector_profile_2011_2019.csv")
        if r["sector"] == "southwest border" and r["fiscal_year"] == "2011"
    )
    total = float(row["total_apprehensions"])
    rates = PopulationRates()

    assert rates.unaccompanied_minor_share == pytest.approx(
        float(row["unaccompanied_juveniles"]) / total, abs=1e-4
    )
    assert rates.accompanied_minor_share == pytest.approx(
        float(row["accompanied_juveniles"]) / total, abs=1e-4
    )
    assert rates.female_share == pytest.approx(float(row["female_apprehensions"]) / total, abs=1e-3)
