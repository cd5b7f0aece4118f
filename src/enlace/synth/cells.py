"""Manifest cells other than identity: consular, notice, criminal, medical, minors...

Each helper fills the cells of one group of rules, inside the safe envelope unless the row
was chosen to break one of its rules.
"""

from __future__ import annotations

from datetime import date

from enlace.synth.chunk import FALSE, HOUR, TRUE, Chunk, flag
from enlace.synth.model import Person
from enlace.synth.names import official_name
from enlace.synth.plan import OPI_FROM, TVPRA_FROM, Plan, between, reception_point_of
from enlace.synth.violations import Status, handover_for


def _consular(ch: Chunk, plan: Plan, rule: str, cells: dict[str, str]) -> int:
    """Offer, request and notification; returns the notification instant (0: none)."""
    rng, seized = ch.rng, plan.seized
    offered = between(rng, seized + 5, seized + 350)
    requested = rng.random() < ch.rates.consular_request_share
    cells["consular_notification_offered_at"] = ch.stamp(offered, plan)
    cells["consular_notification_requested"] = flag(requested)
    if rule == "CONSULAR_NOTIFICATION":
        if rng.random() < 0.5:
            cells["consular_notification_offered_at"] = ""
            cells["consular_notification_requested"] = FALSE
        else:
            cells["consular_notification_requested"] = TRUE
            cells["consulate"] = plan.consulate
        return 0
    if not requested:
        return 0
    notified = between(rng, offered + 10, offered + 23 * HOUR)
    cells["consulate"] = plan.consulate
    cells["consulate_notified_at"] = ch.stamp(notified, plan)
    return notified


def _notice(ch: Chunk, plan: Plan, rule: str, handover: int, cells: dict[str, str]) -> None:
    if rule == "ADVANCE_NOTICE":
        late = ch.rng.random() < 0.5
        when = between(ch.rng, handover - 55, handover - 5) if late else 0
    else:
        when = between(ch.rng, plan.seized + HOUR, handover - 24 * HOUR - 30)
    cells["notice_sent_at"] = ch.stamp(when, plan) if when else ""


def _criminal(
    ch: Chunk, plan: Plan, rule: str, status: Status, handover: int, cells: dict[str, str]
) -> None:
    criminal = rule == "CRIMINAL_NOTICE" or (
        status.adult and ch.rng.random() < ch.rates.criminal_share
    )
    cells["criminal_record"] = flag(criminal)
    if criminal and rule != "CRIMINAL_NOTICE":
        sent = between(ch.rng, plan.seized + 2 * HOUR, handover - HOUR)
        cells["pgr_notice_sent_at"] = ch.stamp(sent, plan)


def _medical(ch: Chunk, person: Person, rule: str, cells: dict[str, str]) -> None:
    condition = "serious" if rule == "MEDICAL" else person.illness
    cells["medical_condition"] = condition
    cleared = rule != "MEDICAL" and (
        condition == "serious" or (condition == "stable" and ch.rng.random() < 0.5)
    )
    cells["medical_clearance"] = flag(cleared)
    cells["disability"] = flag(person.disabled)


def _interior(
    ch: Chunk, plan: Plan, rule: str, status: Status, handover: int, cells: dict[str, str]
) -> None:
    chosen = rule == "INTERIOR_CONSENT" or (
        status.interior_eligible and ch.rng.random() < ch.rates.interior_share
    )
    cells["interior_repatriation"] = flag(chosen)
    if chosen and rule != "INTERIOR_CONSENT":
        consent = between(ch.rng, plan.seized + 2 * HOUR, handover - 2 * HOUR)
        cells["interior_consent_at"] = ch.stamp(consent, plan)


def _receiver(ch: Chunk, port: str, day: date) -> str:
    point = ch.tables.reception_points[reception_point_of(ch.tables, port)]
    name = official_name(ch.rng, ch.tables)
    if day >= OPI_FROM:
        return f"OPI {point.city} — {name}"
    return f"DIF {ch.state_names[point.state]} — {name}"


def _minor(
    ch: Chunk, plan: Plan, rule: str, status: Status, port: str, cells: dict[str, str]
) -> None:
    cells["unaccompanied_minor"] = flag(status.unaccompanied)
    if not status.unaccompanied:
        return
    if rule != "MINOR_RECEIVER":
        cells["receiving_official"] = _receiver(ch, port, plan.handover_day)
    seized = plan.seized
    if rule == "TVPRA_SCREENING":
        late = ch.rng.random() < 0.5
        screened = between(ch.rng, seized + 49 * HOUR, seized + 60 * HOUR) if late else 0
    elif plan.day >= TVPRA_FROM:
        screened = between(ch.rng, seized + 30, seized + 23 * HOUR)
    else:
        screened = 0
    if screened:
        cells["tvpra_screened_at"] = ch.stamp(screened, plan)


def _belongings(ch: Chunk, rule: str) -> str:
    if rule == "BELONGINGS":
        return "pending"
    return "none_held" if ch.rng.random() < ch.rates.none_held_share else "returned"


def row_cells(
    ch: Chunk, plan: Plan, person: Person, status: Status, rule: str
) -> tuple[dict[str, str], int, int]:
    """Every manifest cell but the identity ones; also the handover and notification."""
    port, handover = handover_for(ch.rng, ch.tables, ch.clock, plan, rule)
    cells = {
        "sending_office": plan.office,
        "nationality": "MEX",
        "family_group_id": plan.group_id,
        "relationship": person.role,
        "pregnant": flag(status.pregnant),
        "apprehended_at": ch.stamp(plan.seized, plan),
        "apprehension_sector": plan.sector,
        "apprehension_lat": f"{plan.latitude:.4f}",
        "apprehension_lon": f"{plan.longitude:.4f}",
        "belongings_status": _belongings(ch, rule),
        "handover_port": port,
        "handover_at": ch.clock.stamp(handover, ch.tables.ports[port].zone),
    }
    notified = _consular(ch, plan, rule, cells)
    _criminal(ch, plan, rule, status, handover, cells)
    _medical(ch, person, rule, cells)
    _interior(ch, plan, rule, status, handover, cells)
    _minor(ch, plan, rule, status, port, cells)
    _notice(ch, plan, rule, handover, cells)
    return cells, handover, notified
