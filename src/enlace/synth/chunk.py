"""The state of one chunk being rendered, and small helpers shared by its modules."""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from random import Random

from enlace.synth.clock import Clock
from enlace.synth.config import SynthConfig
from enlace.synth.model import Household, Person
from enlace.synth.plan import Plan
from enlace.synth.tables import Tables
from enlace.synth.violations import Status

PREGNANCY_DAYS = 180
HOUR = 60
TRUE, FALSE = "true", "false"


def flag(value: bool) -> str:
    return TRUE if value else FALSE


def csv_row(cells: list[str] | tuple[str, ...]) -> str:
    """One CSV line; quoting only when a cell needs it (the csv module's rules)."""
    line = ",".join(cells)
    if '"' in line or "\n" in line or "\r" in line or line.count(",") != len(cells) - 1:
        sink = Lines()
        csv.writer(sink, lineterminator="\n").writerow(cells)
        return sink.lines[0]
    return line + "\n"


class Lines:
    """A file-like sink for csv.writer that keeps the lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        self.lines.append(text)
        return len(text)


@dataclass
class ChunkOutput:
    persons: str
    records: str
    truth: str
    manifest: dict[str, str]  # spool lines by month of handover (YYYY-MM)
    counts: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class Record:
    person: Person
    family_id: str
    cells: list[str]  # RECORD_COLUMNS without the id
    record_id: str = ""


@dataclass(slots=True)
class Row:
    record: Record
    cells: dict[str, str]
    rule: str
    day: str  # local date of the handover at the port
    sort_key: str


class Chunk:
    def __init__(self, config: SynthConfig, tables: Tables, chunk: int, clock: Clock) -> None:
        self.config, self.tables, self.chunk, self.clock = config, tables, chunk, clock
        self.rates = config.population
        self.rng = Random(f"{config.seed}:render:{chunk}")  # noqa: S311  (synthetic data)
        self.records: list[Record] = []
        self.rows: list[Row] = []
        self.groups = 0
        self.counts: Counter[str] = Counter()
        self.mix = dict(config.violations.mix)
        self.state_names = {s.inegi_code: s.name for s in tables.states.values()}

    def group_id(self, household: Household) -> str:
        if len(household.members) == 1:
            return ""
        self.groups += 1
        return f"G{self.chunk:05d}{self.groups:06d}"

    def stamp(self, minute: int, plan: Plan) -> str:
        """An instant in the sending office's time zone."""
        return self.clock.stamp(minute, plan.zone)


def age_on_date(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def status_at(person: Person, household: Household, plan: Plan, index: int, first: date) -> Status:
    day = plan.day
    age = age_on_date(person.born, day)
    adult = age >= 18
    unaccompanied = household.kind == "uac" and not adult
    pregnant = person.pregnant and (day - first).days < PREGNANCY_DAYS
    vulnerable = (
        unaccompanied or pregnant or person.illness != "none" or person.disabled or age >= 60
    )
    eligible = plan.interior_window and plan.alone and adult and not vulnerable
    return Status(index, age, adult, unaccompanied, pregnant, vulnerable, eligible)
