"""Where and when an encounter's people are apprehended and handed over (the safe envelope).

A conforming row passes every compliance rule under any plausible arrangement: the handover
port is paired with an INM reception point and is the paired port of the apprehension
sector nearest to the apprehension; the handover is between 09:00 and 16:59 local time at
least two days after the apprehension, the same port and minute for a whole family.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from random import Random
from zoneinfo import ZoneInfo

from enlace.synth.clock import Clock, epoch_minutes
from enlace.synth.model import Encounter, Household
from enlace.synth.tables import Tables, nearest

DHS_CREATED = date(2003, 3, 1)  # INS dissolved; CBP and ICE take over (agencies.csv)
TVPRA_FROM = date(2008, 12, 23)  # domain rules 3.2
OPI_FROM = date(2008, 1, 1)  # INM child-protection officers at the modules [P]
DAY_OPENS, DAY_CLOSES = 9 * 60, 17 * 60  # handover window, minutes after local midnight
# USBP apprehensions passed to ICE custody go to this ERO office [assumption].
CUSTODY_OFFICE = {
    "SDC": "san-diego", "ELC": "san-diego", "YUM": "phoenix", "TCA": "phoenix",
    "EPT": "el-paso", "BBT": "el-paso", "DRT": "san-antonio", "LRT": "san-antonio",
    "RGV": "houston",
}  # fmt: skip
WEST = frozenset({"SDC", "ELC", "YUM", "TCA", "san-diego", "los-angeles", "phoenix"})
UNPAIRED_WEST, UNPAIRED_EAST = "2582", "2410"  # Cross Border Xpress, Boquillas


@dataclass(slots=True)
class Plan:
    """What one encounter of a household shares: place, offices, handover."""

    encounter: Encounter
    office: str  # sending office
    agency: str  # agency code of the sending office on that date
    rates_key: str  # noise rates: border_patrol or ice
    sector: str  # the sector's code on that date ("" for interior arrests)
    place: str  # sector code or interior office city (west/east choice)
    latitude: float
    longitude: float
    port: str
    seized: int  # apprehension, epoch minutes
    day: date  # local date of the apprehension
    zone: ZoneInfo  # the sending office's time zone
    handover_day: date  # local date at the port
    handover_minute: int  # minutes after local midnight at the port
    handover: int  # epoch minutes
    consulate: str
    group_id: str
    alone: bool
    interior_window: bool


def between(rng: Random, start: int, end: int) -> int:
    """A whole minute from ``start`` to ``end`` (epoch minutes); ``start`` if none."""
    return start + int(rng.random() * (end - start + 1)) if end > start else start


def interior_window(encounter: Encounter) -> bool:
    """Interior Repatriation seasons: the 2004 pilot (12 Jul-30 Sep) and later summers [P]."""
    if encounter.agency != "usbp" or encounter.place not in ("TCA", "YUM"):
        return False
    day = encounter.when.date()
    if day.year == 2004:
        return date(2004, 7, 12) <= day <= date(2004, 9, 30)
    return 2005 <= day.year <= 2012 and 7 <= day.month <= 9


def _usbp_place(rng: Random, tables: Tables, encounter: Encounter) -> tuple[float, float, str, str]:
    sector = tables.sectors[encounter.place]
    anchor = tables.ports[sector.ports[int(rng.random() * len(sector.ports))]]
    north = abs(rng.gauss(0.0, 25.0))
    lat = anchor.latitude + north / 111.0
    lon = anchor.longitude + rng.gauss(0.0, 20.0) / (111.0 * math.cos(math.radians(lat)))
    port = _nearest_paired(tables, sector.code, lat, lon)
    return round(lat, 4), round(lon, 4), port, consulate_near(tables, anchor.code)


@cache
def paired_places(tables: Tables, sector: str) -> tuple[tuple[str, float, float], ...]:
    """(code, latitude, longitude x cos(latitude)) of the sector's paired ports."""
    ports = [tables.ports[code] for code in tables.sectors[sector].paired_ports]
    return tuple(
        (p.code, p.latitude, p.longitude * math.cos(math.radians(p.latitude))) for p in ports
    )


def _nearest_paired(tables: Tables, sector: str, lat: float, lon: float) -> str:
    """The paired port nearest the point (equirectangular; the ports are close together)."""
    ports = paired_places(tables, sector)
    if len(ports) == 1:
        return ports[0][0]
    x = lon * math.cos(math.radians(lat))
    best, found = math.inf, ports[0][0]
    for code, port_lat, port_x in ports:
        distance = (port_lat - lat) ** 2 + (port_x - x) ** 2
        if distance < best:
            best, found = distance, code
    return found


@cache
def consulate_near(tables: Tables, port_code: str) -> str:
    """The consulate nearest to a port (standing in for the consular district) [P]."""
    port = tables.ports[port_code]
    consulates = [(c.code, c.latitude, c.longitude) for c in tables.consulates]
    return nearest(port.latitude, port.longitude, consulates)


def _interior_place(
    rng: Random, tables: Tables, encounter: Encounter
) -> tuple[float, float, str, str]:
    office = tables.interior_offices[encounter.place]
    home = next(c for c in tables.consulates if c.code == office.consulate)
    lat = home.latitude + rng.uniform(-0.15, 0.15)
    lon = home.longitude + rng.uniform(-0.15, 0.15)
    return round(lat, 4), round(lon, 4), office.port, office.consulate


def _offices(encounter: Encounter, tables: Tables) -> tuple[str, str, str, str]:
    """(sending office, agency code, noise rates key, sector code of the day)."""
    day = encounter.when.date()
    before_dhs = day < DHS_CREATED
    if encounter.agency == "ice":
        prefix = "ins" if before_dhs else "ero"
        return f"{prefix}-{encounter.place}", "INS" if before_dhs else "ICE-ERO", "ice", ""
    sector = tables.sectors[encounter.place]
    agency = "INS" if before_dhs else "CBP-USBP"
    return f"usbp-{sector.code.lower()}", agency, "border_patrol", sector.code_on(day)


def plan_encounter(
    rng: Random,
    tables: Tables,
    clock: Clock,
    household: Household,
    encounter: Encounter,
    group_id: str,
) -> Plan:
    if encounter.agency == "usbp":
        lat, lon, port, consulate = _usbp_place(rng, tables, encounter)
    else:
        lat, lon, port, consulate = _interior_place(rng, tables, encounter)
    office, agency, rates_key, sector = _offices(encounter, tables)
    day = encounter.when.date() + timedelta(days=encounter.handover_days)
    minute = DAY_OPENS + int(rng.random() * (DAY_CLOSES - DAY_OPENS))
    zone = encounter.when.tzinfo
    assert isinstance(zone, ZoneInfo)  # noqa: S101  (encounters are made with ZoneInfo)
    return Plan(
        encounter=encounter,
        office=office,
        agency=agency,
        rates_key=rates_key,
        sector=sector,
        place=encounter.place,
        latitude=lat,
        longitude=lon,
        port=port,
        seized=epoch_minutes(encounter.when),
        day=encounter.when.date(),
        zone=zone,
        handover_day=day,
        handover_minute=minute,
        handover=clock.wall(day, minute, tables.ports[port].zone),
        consulate=consulate,
        group_id=group_id,
        alone=len(household.members) == 1,
        interior_window=interior_window(encounter),
    )


def reception_point_of(tables: Tables, port_code: str) -> str:
    """The INM point that receives at a port (the nearest one for an unpaired port)."""
    port = tables.ports[port_code]
    if port.reception_point:
        return port.reception_point
    points = [
        (p.code, p.latitude, p.longitude)
        for p in tables.reception_points.values()
        if p.code != "cdmx"
    ]
    return nearest(port.latitude, port.longitude, points)
