"""The data the generator draws from, read once from the package's CSV files.

``synth/data`` holds copies (with PROVENANCE.md) of the statistics and name lists; the places
(sectors, ports, reception points, consulates, states) come from ``reference/data``. Nothing
here reads outside the installed package.
"""

from __future__ import annotations

import csv
import math
from bisect import bisect
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random
from zoneinfo import ZoneInfo

from enlace.agreements.core.authored import snapshots_from_file
from enlace.agreements.core.rules import designation_for, in_force

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
REFERENCE_DIR = PACKAGE_DIR.parent / "reference" / "data"


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


@dataclass(frozen=True)
class Weighted:
    """Values with cumulative weights: ``pick`` draws one in proportion to its weight."""

    values: tuple[str, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, float]]) -> Weighted:
        items = [(v, w) for v, w in pairs if w > 0]
        return cls(tuple(v for v, _ in items), tuple(accumulate(w for _, w in items)))

    def pick(self, rng: Random) -> str:
        return self.values[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def share(self, value: str) -> float:
        index = self.values.index(value)
        low = self.cumulative[index - 1] if index else 0.0
        return (self.cumulative[index] - low) / self.cumulative[-1]


@dataclass(frozen=True)
class Port:
    code: str
    name: str
    sector: str
    latitude: float
    longitude: float
    zone: ZoneInfo
    mx_city: str
    reception_point: str  # "" when no INM point receives people there


@dataclass(frozen=True)
class ReceptionPoint:
    code: str
    city: str
    state: str  # INEGI code
    latitude: float
    longitude: float
    zone: ZoneInfo


@dataclass(frozen=True)
class Sector:
    code: str
    name: str
    former_code: str
    renamed_on: date | None
    zone: ZoneInfo
    ports: tuple[str, ...]  # every port of the sector (anchors for apprehension places)
    paired_ports: tuple[str, ...]  # those paired with an INM reception point

    def code_on(self, day: date) -> str:
        """The sector's code in use on ``day`` (MAR before Big Bend, MCA before RGV)."""
        if not self.former_code:
            return self.code
        renamed = self.renamed_on or date(2011, 10, 1)  # RGV: unknown; FY2012 assumed
        return self.former_code if day < renamed else self.code


@dataclass(frozen=True)
class Consulate:
    code: str
    city: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class InteriorOffice:
    """An ICE ERO field office (INS district before 2003-03-01) and where it returns people."""

    city: str
    consulate: str
    port: str
    zone: ZoneInfo


@dataclass(frozen=True)
class State:
    curp_code: str
    inegi_code: str
    name: str


@dataclass(frozen=True, eq=False)  # hashed by identity: one instance per process
class Tables:
    given: dict[str, Weighted]  # by sex
    surnames: Weighted
    nicknames: dict[str, tuple[str, ...]]
    english_forms: dict[str, tuple[str, ...]]
    sectors: dict[str, Sector]
    ports: dict[str, Port]
    reception_points: dict[str, ReceptionPoint]
    consulates: tuple[Consulate, ...]
    interior_offices: dict[str, InteriorOffice]
    states: dict[str, State]  # by CURP code
    state_population: dict[str, int]  # by CURP code (2020 census)


def _given_names() -> dict[str, Weighted]:
    by_sex: dict[str, list[tuple[str, float]]] = {"F": [], "M": []}
    for row in read_csv(DATA_DIR / "given_names.csv"):
        by_sex[row["sex"]].append((row["name"], float(row["weight"])))
    return {sex: Weighted.of(pairs) for sex, pairs in by_sex.items()}


def _surnames() -> Weighted:
    return Weighted.of((r["name"], float(r["weight"])) for r in read_csv(DATA_DIR / "surnames.csv"))


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part for part in cell.split("|") if part)


def _hypocorisms() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    nicknames: dict[str, tuple[str, ...]] = {}
    english: dict[str, tuple[str, ...]] = {}
    for row in read_csv(DATA_DIR / "hypocorisms.csv"):
        if row["nicknames"]:
            nicknames[row["name"]] = _split(row["nicknames"])
        if row["english_forms"]:
            english[row["name"]] = _split(row["english_forms"])
    return nicknames, english


def _ports() -> dict[str, Port]:
    paired = {
        r["port"]: r["reception_point"]
        for r in read_csv(REFERENCE_DIR / "reception_point_ports.csv")
    }
    return {
        r["code"]: Port(
            code=r["code"],
            name=r["name"],
            sector=r["sector"],
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            zone=ZoneInfo(r["time_zone"]),
            mx_city=r["mx_city"],
            reception_point=paired.get(r["code"], ""),
        )
        for r in read_csv(REFERENCE_DIR / "ports.csv")
    }


def _always_designated() -> frozenset[str]:
    """Ports that every arrangement in force, in every period, lists as designated points
    (or that no list excludes): a conforming handover may use them in any year. The 1998
    El Paso arrangement, for one, designates El Paso alone."""
    snapshots = snapshots_from_file()
    zones = {p.code: p.time_zone for s in snapshots for p in s.ports}
    starts = sorted({s.effective_from for s in snapshots} | {date(2000, 1, 1)})
    allowed = set()
    for code, zone in zones.items():
        moments = [datetime.combine(day, time(12), ZoneInfo(zone)) for day in starts]
        checks = [
            designation_for(in_force(snapshots, port_code=code, at=at), port_code=code).listed
            for at in moments
        ]
        if all(listed is not False for listed in checks):
            allowed.add(code)
    return frozenset(allowed)


def _sectors(ports: dict[str, Port]) -> dict[str, Sector]:
    designated = _always_designated()
    sectors = {}
    for r in read_csv(REFERENCE_DIR / "sectors.csv"):
        own = tuple(sorted(p.code for p in ports.values() if p.sector == r["code"]))
        sectors[r["code"]] = Sector(
            code=r["code"],
            name=r["name"],
            former_code=r["former_code"],
            renamed_on=date.fromisoformat(r["renamed_on"]) if r["renamed_on"] else None,
            zone=ZoneInfo(r["time_zone"]),
            ports=own,
            paired_ports=tuple(c for c in own if ports[c].reception_point and c in designated),
        )
    return sectors


def _reception_points() -> dict[str, ReceptionPoint]:
    return {
        r["code"]: ReceptionPoint(
            code=r["code"],
            city=r["city"],
            state=r["state"],
            latitude=float(r["latitude"]),
            longitude=float(r["longitude"]),
            zone=ZoneInfo(r["time_zone"]),
        )
        for r in read_csv(REFERENCE_DIR / "reception_points.csv")
    }


def _consulates() -> tuple[Consulate, ...]:
    return tuple(
        Consulate(r["code"], r["city"], float(r["latitude"]), float(r["longitude"]))
        for r in read_csv(REFERENCE_DIR / "consulates.csv")
    )


# Interior arrests: the ICE ERO field offices of offices.csv (INS districts before
# 2003-03-01), the consulate of the same city, and the designated port the office returns
# people through [assumption: the nearest port with an INM module on the main road south].
_INTERIOR = (
    ("san-diego", "san-diego", "2504", "America/Los_Angeles"),
    ("los-angeles", "los-angeles", "2504", "America/Los_Angeles"),
    ("phoenix", "phoenix", "2604", "America/Phoenix"),
    ("el-paso", "el-paso", "2402", "America/Denver"),
    ("san-antonio", "san-antonio", "2304", "America/Chicago"),
    ("houston", "houston", "2305", "America/Chicago"),
    ("dallas", "dallas", "2304", "America/Chicago"),
)


def _states() -> tuple[dict[str, State], dict[str, int]]:
    states = {
        r["curp_code"]: State(r["curp_code"], r["inegi_code"], r["name"])
        for r in read_csv(REFERENCE_DIR / "states.csv")
        if r["curp_code"] != "NE"
    }
    by_inegi = {s.inegi_code: s.curp_code for s in states.values()}
    population = dict.fromkeys(states, 0)
    for r in read_csv(REFERENCE_DIR / "municipalities.csv"):
        if r["population_2020"]:
            population[by_inegi[r["state"]]] += int(r["population_2020"])
    return states, population


@cache
def tables_load() -> Tables:
    """Read every data file once per process."""
    ports = _ports()
    nicknames, english = _hypocorisms()
    states, population = _states()
    return Tables(
        given=_given_names(),
        surnames=_surnames(),
        nicknames=nicknames,
        english_forms=english,
        sectors=_sectors(ports),
        ports=ports,
        reception_points=_reception_points(),
        consulates=_consulates(),
        interior_offices={
            city: InteriorOffice(city, consulate, port, ZoneInfo(zone))
            for city, consulate, port, zone in _INTERIOR
        },
        states=states,
        state_population=population,
    )


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular approximation, good to a few percent at border distances."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def nearest(lat: float, lon: float, candidates: Sequence[tuple[str, float, float]]) -> str:
    """The code of the candidate (code, lat, lon) nearest to the point."""
    return min(candidates, key=lambda c: distance_km(lat, lon, c[1], c[2]))[0]
