"""Who is encountered, and when: households, true identities and encounter timelines.

Persons are made in chunks of ``CHUNK`` (fixed, so the output does not depend on how many
processes run); chunk ``k`` draws from its own ``Random`` stream. CURPs are finished in chunk
order (``identity``), which gives the homonym character that keeps them unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from random import Random

from enlace.synth.config import PopulationRates, SynthConfig
from enlace.synth.identity import a_number_for, curp_body
from enlace.synth.model import Encounter, Household, Person
from enlace.synth.names import given_name, surname
from enlace.synth.seasons import Season
from enlace.synth.tables import Tables, Weighted

CHUNK = 5000

# Ages [assumption; see docs]: adults by band, unaccompanied minors by year of age.
ADULT_AGES = (
    (18, 19, 0.08), (20, 24, 0.25), (25, 29, 0.22), (30, 34, 0.16), (35, 39, 0.11),
    (40, 44, 0.08), (45, 49, 0.05), (50, 54, 0.03), (55, 59, 0.015), (60, 69, 0.01),
    (70, 79, 0.005),
)  # fmt: skip
UAC_AGES = Weighted.of(
    [(str(a), 0.01) for a in range(6, 12)]
    + [("12", 0.04), ("13", 0.07), ("14", 0.13), ("15", 0.20), ("16", 0.24), ("17", 0.26)]
)
ADULTS = Weighted.of((f"{low}-{high}", w) for low, high, w in ADULT_AGES)

# Family units [assumption]: one parent (the mother in 70% of cases) or two; 1-3 children.
TWO_PARENTS = 0.4
SINGLE_MOTHER = 0.7
CHILDREN = Weighted.of([("1", 0.5), ("2", 0.35), ("3", 0.15)])
FAMILY_SIZE = (1 + TWO_PARENTS) + 1.65
FAMILY_MINORS = 1.65
FAMILY_FEMALE = (1 - TWO_PARENTS) * SINGLE_MOTHER + TWO_PARENTS + FAMILY_MINORS * 0.5
GROUP_SIZE = 2.2  # couples and siblings: two persons, a third in 20% of groups
GROUP_FEMALE = 0.5

# Domain rules 12.1: origin of minors repatriated in Q1 2023. The other states share the rest
# in proportion to their 2020 census population.
ORIGIN_SHARES = {"GR": 0.23, "CS": 0.15, "OC": 0.10, "VZ": 0.077, "MC": 0.062}

# Indigenous-language speakers, percent of the state's population aged 3+ (INEGI Censo 2020
# [U: recalled, not in the shared data]) and the main languages there (INALI groupings).
INDIGENOUS = {
    "OC": (31.2, "zap zap mix mix mau cco mco ctp trs"),
    "CS": (28.2, "tzh tzh tzo tzo ctu toj"),
    "YN": (23.7, "yua"),
    "GR": (15.5, "nah nah mix tcf amu"),
    "HG": (12.3, "nah nah oto"),
    "QR": (11.7, "yua"),
    "CC": (10.0, "yua yua ctu"),
    "PL": (9.9, "nah nah nah top"),
    "SP": (9.3, "nah hus"),
    "VZ": (8.6, "nah nah nah top hus poi"),
    "NT": (5.8, "hch crn"),
    "MN": (3.6, "tsz"),
    "TC": (3.0, "chf ctu"),
    "CH": (2.9, "tar"),
    "DG": (2.6, "stp"),
    "MC": (2.5, "maz oto nah"),
    "SR": (2.3, "mfy yaq"),
    "JC": (0.8, "hch nah"),
}
INDIGENOUS_ELSEWHERE = (1.0, "nah")


@dataclass(frozen=True)
class Mix:
    """Household kinds drawn so that the person shares match the configured rates."""

    kinds: Weighted
    single_female: float


@cache
def household_mix(rates: PopulationRates) -> Mix:
    family = rates.accompanied_minor_share * FAMILY_SIZE / FAMILY_MINORS
    uac, group = rates.unaccompanied_minor_share, rates.adult_group_share
    single = max(0.0, 1.0 - uac - family - group)
    female = (
        rates.female_share
        - uac * rates.uac_female_share
        - family * FAMILY_FEMALE / FAMILY_SIZE
        - group * GROUP_FEMALE
    )
    kinds = Weighted.of(
        [
            ("single", single),
            ("uac", uac),
            ("family", family / FAMILY_SIZE),
            ("group", group / GROUP_SIZE),
        ]
    )
    return Mix(kinds, min(1.0, max(0.0, female / single)) if single else 0.0)


@cache
def origin_weights(tables: Tables) -> Weighted:
    named = sum(ORIGIN_SHARES.values())
    others = {c: p for c, p in tables.state_population.items() if c not in ORIGIN_SHARES}
    total = sum(others.values())
    pairs = list(ORIGIN_SHARES.items())
    pairs += [(c, (1.0 - named) * p / total) for c, p in sorted(others.items())]
    return Weighted.of(pairs)


# --- persons ------------------------------------------------------------------------------


class _Maker:
    """Makes the persons of one chunk; ``rng`` is the chunk's stream."""

    def __init__(self, config: SynthConfig, tables: Tables, season: Season, chunk: int) -> None:
        self.config, self.tables, self.season, self.chunk = config, tables, season, chunk
        self.rates = config.population
        self.rng = Random(f"{config.seed}:population:{chunk}")  # noqa: S311  (synthetic data)
        self.next_index = chunk * CHUNK
        self.families = 0
        self.mix = household_mix(config.population)

    def adult_age(self, low: int = 18, high: int = 79) -> int:
        while True:
            band_low, band_high = map(int, ADULTS.pick(self.rng).split("-"))
            age = band_low + int(self.rng.random() * (band_high - band_low + 1))
            if low <= age <= high:
                return age

    def born(self, age: int, on: date) -> date:
        before = on - timedelta(days=int(self.rng.random() * 365))
        day = min(before.day, 28) if before.month == 2 else before.day
        return date(before.year - age, before.month, day)

    def languages(self, state: str) -> str:
        percent, codes = INDIGENOUS.get(state, INDIGENOUS_ELSEWHERE)
        if self.rng.random() * 100 < percent:
            return "spa|" + self.rng.choice(codes.split())
        return "spa"

    def person(
        self, *, sex: str, age: int, on: date, state: str, role: str, surnames: tuple[str, str]
    ) -> Person:
        index = self.next_index
        self.next_index += 1
        rates, rng = self.rates, self.rng
        person = Person(
            person_id=f"P{index:09d}",
            index=index,
            given=given_name(rng, self.tables, sex),
            paternal=surnames[0],
            maternal=surnames[1],
            sex=sex,
            born=self.born(age, on),
            state=state,
            role=role,
            languages=self.languages(state),
        )
        draw = rng.random()
        if draw < rates.seriously_ill_share:
            person.illness = "serious"
        elif draw < rates.seriously_ill_share + rates.ill_share:
            person.illness = "stable"
        person.disabled = rng.random() < rates.disabled_share
        person.pregnant = sex == "F" and 15 <= age <= 44 and rng.random() < rates.pregnant_share
        return person

    def surnames(self) -> tuple[str, str]:
        return surname(self.rng, self.tables), surname(self.rng, self.tables)

    def family_id(self) -> str:
        self.families += 1
        return f"H{self.chunk:05d}{self.families:05d}"


def _single(maker: _Maker, on: date, state: str, room: int) -> list[Person]:
    sex = "F" if maker.rng.random() < maker.mix.single_female else "M"
    return [
        maker.person(
            sex=sex,
            age=maker.adult_age(),
            on=on,
            state=state,
            role="none",
            surnames=maker.surnames(),
        )
    ]


def _uac(maker: _Maker, on: date, state: str, room: int) -> list[Person]:
    sex = "F" if maker.rng.random() < maker.rates.uac_female_share else "M"
    age = int(UAC_AGES.pick(maker.rng))
    return [
        maker.person(sex=sex, age=age, on=on, state=state, role="none", surnames=maker.surnames())
    ]


def _family(maker: _Maker, on: date, state: str, room: int) -> list[Person]:
    rng = maker.rng
    father, mother = maker.surnames(), maker.surnames()
    two = rng.random() < TWO_PARENTS and room >= 3
    first_sex = "M" if two or rng.random() >= SINGLE_MOTHER else "F"
    age = maker.adult_age(20, 45)
    parents = [
        maker.person(
            sex=first_sex,
            age=age,
            on=on,
            state=state,
            role="head",
            surnames=father if first_sex == "M" else mother,
        )
    ]
    if two:
        parents.append(
            maker.person(
                sex="F",
                age=max(18, age + rng.randint(-6, 3)),
                on=on,
                state=state,
                role="spouse",
                surnames=mother,
            )
        )
    kids = min(int(CHILDREN.pick(rng)), room - len(parents))
    child_names = (father[0], mother[0])
    children = [
        maker.person(
            sex=rng.choice("FM"),
            age=rng.randint(0, min(17, age - 16)),
            on=on,
            state=state,
            role="child",
            surnames=child_names,
        )
        for _ in range(kids)
    ]
    return parents + children


def _group(maker: _Maker, on: date, state: str, room: int) -> list[Person]:
    rng = maker.rng
    size = 3 if rng.random() < GROUP_SIZE - 2 and room >= 3 else 2
    if rng.random() < 0.5:  # a couple (and an adult sibling of one of them)
        head = maker.person(
            sex="M",
            age=maker.adult_age(),
            on=on,
            state=state,
            role="head",
            surnames=maker.surnames(),
        )
        members = [
            head,
            maker.person(
                sex="F",
                age=maker.adult_age(),
                on=on,
                state=state,
                role="spouse",
                surnames=maker.surnames(),
            ),
        ]
    else:
        shared = maker.surnames()
        members = [
            maker.person(
                sex=rng.choice("FM"),
                age=maker.adult_age(),
                on=on,
                state=state,
                role="head",
                surnames=shared,
            )
        ]
        members.append(
            maker.person(
                sex=rng.choice("FM"),
                age=maker.adult_age(),
                on=on,
                state=state,
                role="sibling",
                surnames=shared,
            )
        )
    if size == 3:
        members.append(
            maker.person(
                sex=rng.choice("FM"),
                age=maker.adult_age(),
                on=on,
                state=state,
                role="sibling",
                surnames=(members[0].paternal, members[0].maternal),
            )
        )
    return members


_KINDS = {"single": _single, "uac": _uac, "family": _family, "group": _group}


# --- encounters ---------------------------------------------------------------------------

SAME_SECTOR = 0.8  # a repeat encounter in the sector of the previous one [assumption]
USBP_HANDOVER_DAYS = Weighted.of([("2", 0.6), ("3", 0.3), ("4", 0.1)])  # see the envelope
ICE_HANDOVER_DAYS = (3, 45)  # days in ICE detention before removal [assumption]


def _moment(maker: _Maker, year: int, month: int, agency: str, place: str) -> datetime:
    rng, tables = maker.rng, maker.tables
    zone = tables.sectors[place].zone if agency == "usbp" else tables.interior_offices[place].zone
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    minute, day = int(rng.random() * 1440), 1 + int(rng.random() * last)
    return datetime(year, month, day, minute // 60, minute % 60, tzinfo=zone)


def _encounter(maker: _Maker, year: int, month: int, sector: str | None) -> Encounter:
    rng, rates = maker.rng, maker.rates
    if rng.random() < rates.ice_share:
        office = rng.choice(sorted(maker.tables.interior_offices))
        days = rng.randint(*ICE_HANDOVER_DAYS)
        return Encounter(
            _moment(maker, year, month, "ice", office), "ice", office, days, a_file=True
        )
    key = maker.season.month_key(year, month)
    place = sector if sector and rng.random() < SAME_SECTOR else maker.season.sectors[key].pick(rng)
    custody = rng.random() < rates.ice_custody_share
    a_file = custody or rng.random() < rates.a_number_share
    days = int(USBP_HANDOVER_DAYS.pick(rng))
    return Encounter(
        _moment(maker, year, month, "usbp", place), "usbp", place, days, custody, a_file
    )


def _timeline(maker: _Maker) -> list[Encounter]:
    rng, rates = maker.rng, maker.rates
    year, month = map(int, maker.season.months.pick(rng).split("-"))
    encounters = [_encounter(maker, year, month, None)]
    end = date(maker.season.last_year, 12, 31)
    while len(encounters) < rates.max_encounters and rng.random() < rates.repeat_probability:
        last = encounters[-1]
        gap = last.handover_days + 1 + rng.expovariate(1.0 / rates.repeat_interval_days)
        nxt = (last.when + timedelta(days=gap)).date()
        if nxt > end:
            break
        sector = last.place if last.agency == "usbp" else None
        encounters.append(_encounter(maker, nxt.year, nxt.month, sector))
    return encounters


def _household(maker: _Maker, room: int) -> Household:
    kind = maker.mix.kinds.pick(maker.rng)
    if room == 1 and kind in ("family", "group"):  # the chunk's last place: one person
        kind = "single"
    encounters = _timeline(maker)
    state = origin_weights(maker.tables).pick(maker.rng)
    members = _KINDS[kind](maker, encounters[0].when.date(), state, room)
    family_id = maker.family_id() if len(members) > 1 else ""
    household = Household(family_id, kind, members, encounters)
    _finish(maker, household)
    return household


def _finish(maker: _Maker, household: Household) -> None:
    """CURP bodies (``curps_resolve`` adds the homonym character) and A-numbers."""
    has_file = any(e.a_file for e in household.encounters)
    for person in household.members:
        person.curp = curp_body(person)
        if has_file:
            person.a_number = a_number_for(person.index, maker.config.seed)


def population_chunk(
    config: SynthConfig, tables: Tables, season: Season, chunk: int
) -> list[Household]:
    """The households of chunk ``chunk``: persons ``chunk * CHUNK`` up to the total asked."""
    maker = _Maker(config, tables, season, chunk)
    wanted = min(CHUNK, config.persons - chunk * CHUNK)
    households: list[Household] = []
    made = 0
    while made < wanted:
        household = _household(maker, wanted - made)
        households.append(household)
        made += len(household.members)
    return households
