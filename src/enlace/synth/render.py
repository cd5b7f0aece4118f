"""From households to text: manifest rows, agency records, ground truth (one chunk).

Each encounter gives one manifest row per person (the sending agency's record), and the
other records agencies kept: ICE custody, the consulate when notification was requested,
and INM at reception. Records are shuffled within the chunk before they get their ids, so
that neither order nor id gives the person away.

Times are epoch minutes (``clock``); manifest cells are kept as text, as
``manifest.row_to_csv`` would render them (``true``/``false``, ISO 8601 with offset).
"""

from __future__ import annotations

from datetime import date

from enlace.people.core.dates import age_on, partial_date_parse
from enlace.repatriation.core.manifest import COLUMNS
from enlace.synth.cells import row_cells
from enlace.synth.chunk import (
    HOUR,
    Chunk,
    ChunkOutput,
    Record,
    Row,
    age_on_date,
    csv_row,
    status_at,
)
from enlace.synth.clock import Clock
from enlace.synth.config import AGENCY_CODES, SynthConfig
from enlace.synth.manifests import spool_line
from enlace.synth.model import Household, Person
from enlace.synth.noise import birth_date, curp_written, names_written
from enlace.synth.plan import (
    CUSTODY_OFFICE,
    DHS_CREATED,
    Plan,
    between,
    plan_encounter,
    reception_point_of,
)
from enlace.synth.tables import Tables
from enlace.synth.violations import Status, rule_choose

RECORD_COLUMNS = (
    "record_id", "agency", "office", "recorded_at", "manifest_id", "given_names",
    "paternal_surname", "maternal_surname", "sex", "date_of_birth", "nationality", "curp",
    "a_number", "state_of_origin", "family_group_id", "relationship",
)  # fmt: skip
PERSON_COLUMNS = (
    "person_id", "family_id", "relationship", "given_names", "paternal_surname",
    "maternal_surname", "sex", "date_of_birth", "curp", "state_of_origin", "languages",
    "vulnerability", "a_number", "encounters",
)  # fmt: skip
TRUTH_COLUMNS = ("record_id", "person_id", "family_id")


# --- identities and records ---------------------------------------------------------------


def _written_birth(ch: Chunk, person: Person, rates_key: str, status: Status, day: date) -> str:
    """The date of birth as written on a manifest row, never making the row malformed."""
    written = birth_date(ch.rng, person.born, ch.config.noise[rates_key])
    if len(written) == 10 and written == person.born.isoformat():
        return written
    age = age_on(partial_date_parse(written), day)
    if age < 0 or age > 120 or (status.unaccompanied and age >= 18):
        return person.born.isoformat()
    return written


def _record(ch: Chunk, household: Household, person: Person, cells: list[str]) -> Record:
    record = Record(person, household.family_id, cells)
    ch.records.append(record)
    return record


def _has_file(household: Household, plan: Plan) -> bool:
    """Whether an A-number was on record by this encounter."""
    for encounter in household.encounters:
        if encounter.a_file:
            return True
        if encounter is plan.encounter:
            return False
    return False


def _manifest_row(
    ch: Chunk, household: Household, plan: Plan, person: Person, status: Status
) -> tuple[Row, int, int]:
    rule = rule_choose(ch.rng, ch.config.violations.rate, ch.mix, plan, status)
    cells, handover, notified = row_cells(ch, plan, person, status, rule)
    rates = ch.config.noise[plan.rates_key]
    given, paternal, maternal = names_written(
        ch.rng, ch.tables, (person.given, person.paternal, person.maternal), rates
    )
    day = ch.clock.local_day(handover, ch.tables.ports[cells["handover_port"]].zone)
    manifest_id = f"{plan.office}-{day.replace('-', '')}"
    missing = rule == "STATS_COMPLETENESS" and (ch.rng.random() < 0.5)
    cells.update(
        manifest_id=manifest_id,
        given_names=given,
        paternal_surname=paternal,
        maternal_surname=maternal,
        sex="" if missing else person.sex,
        date_of_birth=_written_birth(ch, person, plan.rates_key, status, plan.day),
        curp=curp_written(ch.rng, person.curp, rates, manifest=True),
        a_number=person.a_number if _has_file(household, plan) else "",
        state_of_origin="" if rule == "STATS_COMPLETENESS" and not missing else person.state,
    )
    recorded = between(ch.rng, plan.seized + 10, plan.seized + 2 * HOUR)
    record = _record(ch, household, person, [
        plan.agency, plan.office, ch.stamp(recorded, plan), manifest_id, given, paternal,
        maternal, cells["sex"], cells["date_of_birth"], "MEX", cells["curp"],
        cells["a_number"], cells["state_of_origin"], plan.group_id, person.role,
    ])  # fmt: skip
    if rule:
        ch.counts[f"violation:{rule}"] += 1
    return Row(record, cells, rule, day, f"{handover:012d}{plan.group_id}"), handover, notified


def _other_record(
    ch: Chunk,
    household: Household,
    person: Person,
    rates_key: str,
    head: list[str],
    links: tuple[str, str, str],
) -> None:
    """A record that is not a manifest row; ``links`` = (manifest id, group id, A-number)."""
    rates = ch.config.noise[rates_key]
    rng = ch.rng
    given, paternal, maternal = names_written(
        rng, ch.tables, (person.given, person.paternal, person.maternal), rates
    )
    manifest_id, group_id, a_number = links
    _record(ch, household, person, [
        *head, manifest_id, given, paternal, maternal,
        "" if rng.random() < rates.sex_missing else person.sex,
        birth_date(rng, person.born, rates), "MEX",
        curp_written(rng, person.curp, rates, manifest=False), a_number, person.state,
        group_id, person.role if group_id else "",
    ])  # fmt: skip


def _side_records(
    ch: Chunk, household: Household, plan: Plan, person: Person, row: Row, times: tuple[int, int]
) -> None:
    handover, notified = times
    seized, tables = plan.seized, ch.tables
    if plan.encounter.custody:
        city = CUSTODY_OFFICE[plan.place]
        before_dhs = plan.day < DHS_CREATED
        when = between(ch.rng, seized + 12 * HOUR, handover - 3 * HOUR)
        head = [
            "INS" if before_dhs else AGENCY_CODES["ice"],
            f"{'ins' if before_dhs else 'ero'}-{city}",
            ch.clock.stamp(when, tables.interior_offices[city].zone),
        ]
        links = ("", plan.group_id, row.cells["a_number"])
        _other_record(ch, household, person, "ice", head, links)
    if notified:
        when = between(ch.rng, notified + HOUR, handover - HOUR)
        head = [AGENCY_CODES["consulate"], f"sre-{plan.consulate}", ch.stamp(when, plan)]
        _other_record(ch, household, person, "consulate", head, ("", "", ""))
    point = tables.reception_points[reception_point_of(tables, row.cells["handover_port"])]
    when = between(ch.rng, handover + 5, handover + 2 * HOUR)
    head = [AGENCY_CODES["inm"], f"inm-{point.code}", ch.clock.stamp(when, point.zone)]
    links = (row.cells["manifest_id"], plan.group_id, "")
    _other_record(ch, household, person, "inm", head, links)


def _encounter(ch: Chunk, household: Household, index: int) -> None:
    encounter = household.encounters[index]
    plan = plan_encounter(ch.rng, ch.tables, ch.clock, household, encounter, ch.group_id(household))
    first = household.encounters[0].when.date()
    ch.counts["encounters"] += 1
    for position, person in enumerate(household.members):
        status = status_at(person, household, plan, position, first)
        row, handover, notified = _manifest_row(ch, household, plan, person, status)
        ch.rows.append(row)
        _side_records(ch, household, plan, person, row, (handover, notified))


# --- text ---------------------------------------------------------------------------------


def _vulnerability(person: Person, household: Household) -> str:
    age = age_on_date(person.born, household.encounters[0].when.date())
    flags = (
        ("unaccompanied_minor", household.kind == "uac" and age < 18),
        ("accompanied_minor", household.kind != "uac" and age < 18),
        ("pregnant", person.pregnant),
        ("ill", person.illness == "stable"),
        ("seriously_ill", person.illness == "serious"),
        ("disabled", person.disabled),
        ("elderly", age >= 60),
    )
    return "|".join(name for name, present in flags if present)


def _persons_text(households: list[Household]) -> str:
    lines = []
    for household in households:
        for p in household.members:
            lines.append(csv_row((
                p.person_id, household.family_id, p.role, p.given, p.paternal, p.maternal,
                p.sex, p.born.isoformat(), p.curp, p.state, p.languages,
                _vulnerability(p, household), p.a_number, str(len(household.encounters)),
            )))  # fmt: skip
    return "".join(lines)


def _records_text(ch: Chunk) -> tuple[str, str]:
    ch.rng.shuffle(ch.records)
    records, truth = [], []  # truth: ids only, no cell needs quoting
    prefix = f"R{ch.chunk:05d}"
    for serial, record in enumerate(ch.records):
        record_id = record.record_id = f"{prefix}{serial:06d}"
        records.append(csv_row((record_id, *record.cells)))
        truth.append(f"{record_id},{record.person.person_id},{record.family_id}\n")
    return "".join(records), "".join(truth)


_BLANKS = ("",) * len(COLUMNS)


def _manifest_lines(ch: Chunk) -> dict[str, str]:
    months: dict[str, list[str]] = {}
    for row in ch.rows:
        cells = row.cells
        record_id = cells["record_id"] = row.record.record_id
        text = csv_row(list(map(cells.get, COLUMNS, _BLANKS)))
        line = spool_line(
            row.day, cells["sending_office"], row.sort_key + record_id, record_id, row.rule,
            text,
        )  # fmt: skip
        months.setdefault(row.day[:7], []).append(line)
    return {month: "".join(lines) for month, lines in months.items()}


def render_chunk(
    config: SynthConfig, tables: Tables, households: list[Household], chunk: int, clock: Clock
) -> ChunkOutput:
    """Every output line of one chunk's households."""
    ch = Chunk(config, tables, chunk, clock)
    for household in households:
        for index in range(len(household.encounters)):
            _encounter(ch, household, index)
    records, truth = _records_text(ch)
    manifest = _manifest_lines(ch)
    ch.counts["persons"] = sum(len(h.members) for h in households)
    ch.counts["records"] = len(ch.records)
    ch.counts["manifest_rows"] = len(ch.rows)
    return ChunkOutput(_persons_text(households), records, truth, manifest, ch.counts)
