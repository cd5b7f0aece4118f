"""The true population: persons, their encounters, and the households they travel in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(slots=True)
class Person:
    person_id: str
    index: int
    given: str
    paternal: str
    maternal: str
    sex: str
    born: date
    state: str
    role: str
    languages: str = "spa"
    illness: str = "none"
    disabled: bool = False
    pregnant: bool = False
    curp: str = ""
    a_number: str = ""


@dataclass(slots=True)
class Encounter:
    when: datetime  # apprehension, local time of the sector or office
    agency: str  # "usbp" or "ice"
    place: str  # sector code, or interior office city
    handover_days: int
    custody: bool = False  # a USBP apprehension passed to ICE custody
    a_file: bool = False  # an A-number is on record from this encounter on


@dataclass(slots=True)
class Household:
    family_id: str
    kind: str  # single, uac, family, group
    members: list[Person]
    encounters: list[Encounter] = field(default_factory=list)
