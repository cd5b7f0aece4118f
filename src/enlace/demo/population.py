"""A small, deterministic, synthetic demo population: no real person is in it.

Names are combined at random from common Mexican given names and surnames; CURPs are built
by RENAPO's rules from the invented data. Encounters fall in four Border Patrol sectors and
one ICE field office; repatriations are addressed to four INM reception points today and
tomorrow, so every demo role has something to see.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

GIVEN_F = [
    "María Guadalupe",
    "Juana",
    "María de Jesús",
    "Guadalupe",
    "Rosa María",
    "Ana Laura",
    "María de los Ángeles",
    "Verónica",
    "Leticia",
    "Adriana",
    "Margarita",
    "Elizabeth",
    "Alejandra",
    "Yesenia",
    "Araceli",
    "Patricia",
    "Xóchitl",
    "Itzel",
]
GIVEN_M = [
    "José Luis",
    "Juan",
    "Francisco",
    "Jesús",
    "Miguel Ángel",
    "José",
    "Pedro",
    "Alejandro",
    "Jorge",
    "Roberto",
    "Ricardo",
    "Fernando",
    "Alberto",
    "Arturo",
    "Salvador",
    "Eduardo",
    "Juan Carlos",
    "Rigoberto",
]
SURNAMES = [
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Gómez",
    "Morales",
    "Vázquez",
    "Reyes",
    "Jiménez",
    "Torres",
    "Díaz",
    "Gutiérrez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Ortiz",
    "Moreno",
    "Castillo",
    "Romero",
    "Álvarez",
    "Méndez",
    "Chávez",
    "Rivera",
    "Juárez",
    "Ramos",
    "De la Cruz",
    "Del Ángel",
    "Núñez",
    "Peña",
    "Ibarra",
    "Valenzuela",
]
# States of origin weighted after the 2023 minors' figures (domain-rules 12.1) and the
# traditional sending states; the weights are the demo's, not a statistic.
STATES = [
    ("GR", 8),
    ("CS", 6),
    ("OC", 6),
    ("VZ", 4),
    ("MC", 5),
    ("MN", 5),
    ("PL", 4),
    ("GT", 5),
    ("JC", 4),
    ("ZS", 3),
    ("SR", 2),
    ("CH", 2),
    ("DF", 2),
]


@dataclass(frozen=True)
class Place:
    """Where a group of demo encounters happens and where those persons are returned."""

    sector: str
    office: str
    agency: str
    county: str
    latitude: float
    longitude: float
    port: str
    reception_point: str
    time_zone: str


PLACES = [
    Place(
        "TCA", "usbp-tca", "CBP-USBP", "04023", 31.35, -110.95, "2604", "nogales", "America/Phoenix"
    ),
    Place(
        "TCA", "usbp-tca", "CBP-USBP", "04019", 31.85, -111.40, "2604", "nogales", "America/Phoenix"
    ),
    Place(
        "TCA", "usbp-tca", "CBP-USBP", "04003", 31.40, -109.60, "2604", "nogales", "America/Phoenix"
    ),
    Place(
        "SDC",
        "usbp-sdc",
        "CBP-USBP",
        "06073",
        32.58,
        -116.95,
        "2504",
        "tijuana",
        "America/Los_Angeles",
    ),
    Place(
        "EPT",
        "usbp-ept",
        "CBP-USBP",
        "48141",
        31.78,
        -106.40,
        "2402",
        "cd-juarez",
        "America/Denver",
    ),
    Place(
        "RGV", "usbp-rgv", "CBP-USBP", "48215", 26.10, -98.25, "2305", "reynosa", "America/Chicago"
    ),
]
ICE_PLACE = Place(
    "", "ero-phoenix", "ICE-ERO", "04013", 33.45, -112.07, "2604", "nogales", "America/Phoenix"
)


@dataclass(frozen=True)
class DemoPerson:
    given_names: str
    paternal_surname: str
    maternal_surname: str
    sex: str
    birth_date: date
    state_code: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class DemoEvent:
    """One person's encounter and scheduled handover in the demo."""

    person: DemoPerson
    family: str | None
    relationship: str
    unaccompanied_minor: bool
    place: Place
    encountered_at: datetime
    handover_at: datetime
    a_number: str


def _person(rng: random.Random, *, age: int, sex: str, today: date) -> DemoPerson:
    given = rng.choice(GIVEN_F if sex == "F" else GIVEN_M)
    paternal, maternal = rng.sample(SURNAMES, 2)
    born = today - timedelta(days=age * 365 + rng.randrange(365))
    codes, weights = zip(*STATES, strict=True)
    state = rng.choices(codes, weights)[0]
    languages = (
        ("spa",) if rng.random() > 0.08 else (rng.choice(["nah", "mix", "zap", "tzo"]), "spa")
    )
    return DemoPerson(
        given, paternal, maternal if rng.random() > 0.05 else "", sex, born, state, languages
    )


def _handover(rng: random.Random, place: Place, today: date, minor: bool) -> datetime:
    day = today + timedelta(days=rng.randrange(2))
    hour = rng.randrange(8, 17) if minor else rng.randrange(7, 20)
    return datetime.combine(day, time(hour, rng.choice([0, 30])), ZoneInfo(place.time_zone))


def demo_population(*, seed: int, today: date, size: int = 120) -> list[DemoEvent]:
    """Return the demo events: single adults, family units and unaccompanied minors."""
    rng = random.Random(seed)  # noqa: S311  (synthetic demo data, not security)
    events: list[DemoEvent] = []
    family_no = 0
    while len(events) < size:
        place = ICE_PLACE if rng.random() < 0.1 else rng.choice(PLACES)
        encountered = datetime.combine(
            today - timedelta(days=rng.randrange(1, 4)),
            time(rng.randrange(24), rng.randrange(60)),
            ZoneInfo(place.time_zone),
        )
        kind = rng.random()
        if kind < 0.15:
            family_no += 1
            events.extend(_family(rng, place, encountered, today, f"DEMO-FAM-{family_no:03d}"))
            continue
        minor = kind < 0.25
        age = rng.randrange(12, 18) if minor else rng.randrange(18, 60)
        person = _person(rng, age=age, sex="F" if rng.random() < 0.2 else "M", today=today)
        events.append(
            DemoEvent(
                person,
                None,
                "none",
                minor,
                place,
                encountered,
                _handover(rng, place, today, minor),
                _a_number(rng),
            )
        )
    return events[:size]


def _family(
    rng: random.Random, place: Place, encountered: datetime, today: date, reference: str
) -> list[DemoEvent]:
    handover = _handover(rng, place, today, True)
    mother = _person(rng, age=rng.randrange(22, 45), sex="F", today=today)
    members = [(mother, "head")]
    for _ in range(rng.randrange(1, 4)):
        child = _person(rng, age=rng.randrange(1, 16), sex=rng.choice("FM"), today=today)
        # A child carries the father's paternal surname, then the mother's paternal surname.
        child = DemoPerson(
            child.given_names,
            child.paternal_surname,
            mother.paternal_surname,
            child.sex,
            child.birth_date,
            child.state_code,
            mother.languages,
        )
        members.append((child, "child"))
    return [
        DemoEvent(p, reference, rel, False, place, encountered, handover, _a_number(rng))
        for p, rel in members
    ]


def _a_number(rng: random.Random) -> str:
    return f"A{rng.randrange(200_000_000, 240_000_000):09d}"


def demo_coordinates(place: Place, rng: random.Random) -> tuple[Decimal, Decimal]:
    lat = Decimal(str(round(place.latitude + rng.uniform(-0.2, 0.2), 5)))
    lon = Decimal(str(round(place.longitude + rng.uniform(-0.2, 0.2), 5)))
    return lat, lon
