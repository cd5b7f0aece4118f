"""Rows planted to break one compliance rule each, listed in ``violations.csv``.

A violating row breaks its chosen rule and otherwise stays in the safe envelope. A rule is
only planted where it can apply (a TVPRA breach needs an unaccompanied minor apprehended from
2008-12-23, a family split needs a family...); rows where no rule of the mix applies stay
conforming.
"""

from __future__ import annotations

from random import Random
from typing import NamedTuple

from enlace.synth.clock import Clock
from enlace.synth.plan import TVPRA_FROM, UNPAIRED_EAST, UNPAIRED_WEST, WEST, Plan
from enlace.synth.tables import Tables


class Status(NamedTuple):
    """A person at one encounter."""

    position: int  # in the household (0: head or alone)
    age: int
    adult: bool
    unaccompanied: bool
    pregnant: bool
    vulnerable: bool
    interior_eligible: bool


def _applies(rule: str, plan: Plan, status: Status) -> bool:  # noqa: C901  (a rule table)
    if rule == "PORT":
        return plan.alone
    if rule == "HOURS":
        return plan.alone and status.adult and not status.vulnerable
    if rule == "VULNERABLE_HOURS":
        return plan.alone and (status.unaccompanied or status.pregnant)
    if rule == "MINOR_RECEIVER":
        return status.unaccompanied
    if rule == "TVPRA_SCREENING":
        return status.unaccompanied and plan.encounter.when.date() >= TVPRA_FROM
    if rule == "FAMILY_UNITY":
        return not plan.alone and status.position > 0
    if rule == "CRIMINAL_NOTICE":
        return status.adult
    if rule == "INTERIOR_CONSENT":
        return status.interior_eligible
    return True


def rule_choose(rng: Random, rate: float, mix: dict[str, float], plan: Plan, status: Status) -> str:
    """The rule this row breaks, or "" for a conforming row."""
    if rng.random() >= rate:
        return ""
    options = [
        (rule, weight)
        for rule, weight in mix.items()
        if weight > 0 and _applies(rule, plan, status)
    ]
    if not options:
        return ""
    draw = rng.random() * sum(weight for _, weight in options)
    for rule, weight in options:
        draw -= weight
        if draw < 0:
            return rule
    return options[-1][0]


def handover_for(
    rng: Random, tables: Tables, clock: Clock, plan: Plan, rule: str
) -> tuple[str, int]:
    """The port and handover instant of one row, moved if its rule is about them."""
    if rule == "PORT":
        port = UNPAIRED_WEST if plan.place in WEST else UNPAIRED_EAST
        return port, clock.wall(plan.handover_day, plan.handover_minute, tables.ports[port].zone)
    zone = tables.ports[plan.port].zone
    if rule == "HOURS":  # 23:00-04:59
        return plan.port, clock.wall(plan.handover_day, 23 * 60 + int(rng.random() * 360), zone)
    if rule == "VULNERABLE_HOURS":  # 18:30-19:29
        return plan.port, clock.wall(plan.handover_day, 18 * 60 + 30 + int(rng.random() * 60), zone)
    if rule == "FAMILY_UNITY":
        return _split(rng, tables, clock, plan)
    return plan.port, plan.handover


def _split(rng: Random, tables: Tables, clock: Clock, plan: Plan) -> tuple[str, int]:
    """Another paired port of the sector, or a handover 3 h to 3 h 50 apart."""
    if plan.sector:
        others = [p for p in tables.sectors[plan.place].paired_ports if p != plan.port]
        if others:
            port = others[int(rng.random() * len(others))]
            return port, clock.wall(
                plan.handover_day, plan.handover_minute, tables.ports[port].zone
            )
    shift = 180 + int(rng.random() * 51)
    later = plan.handover_minute + 230 < 17 * 60
    minute = plan.handover_minute + shift if later else plan.handover_minute - shift
    return plan.port, clock.wall(plan.handover_day, minute, tables.ports[plan.port].zone)
