"""Bilingual explanations of a plan's rows (reason codes come from the planner core)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from enlace.repatriation.messages import FINDING_MESSAGES, bilingual

from .core import Reason, RowPlan

REASON_MESSAGES: dict[Reason, Any] = {
    Reason.LEAST_COST: _(
        "The nearest lawful point and earliest lawful hour: %(km)s km from where the person "
        "was caught, %(wait_hours)s hours after being ready (%(candidates)s slots weighed)."
    ),
    Reason.CHEAPER_FULL: _(
        "%(km)s km, %(wait_hours)s hours of waiting: every nearer or earlier lawful slot "
        "was full (%(full)s)."
    ),
    Reason.LOAD_BALANCE: _(
        "%(km)s km, %(wait_hours)s hours of waiting: %(cheaper)s nearer or earlier slots "
        "were left to spread the load between points and hours."
    ),
    Reason.KEPT: _("The handover given in the manifest is lawful and was kept."),
    Reason.BLOCKED: _("Not planned: a rule no handover time can satisfy blocks it (%(rule)s)."),
    Reason.FAMILY_BLOCKED: _(
        "Not planned: the family travels together and member %(record)s is blocked (%(rule)s)."
    ),
    Reason.NO_POINT: _("Not planned: no designated repatriation point is in force."),
    Reason.NO_SLOT: _(
        "Not planned: no lawful hour at the nearest designated points within "
        "%(horizon_hours)s hours."
    ),
    Reason.NO_RECEIVER: _(
        "Not planned: no receiving official for unaccompanied minors on duty inside the "
        "hours for vulnerable persons within %(horizon_hours)s hours."
    ),
    Reason.NO_CAPACITY: _("Not planned: every lawful slot within %(horizon_hours)s hours is full."),
    Reason.RECHECK: _(
        "Not planned: the compliance check still found a blocking finding (%(rule)s)."
    ),
}


OUTDATED_MESSAGES: dict[str, Any] = {
    "earlier_day": _(
        "This plan was proposed on an earlier day: its hours may be past or too close to "
        "notify the receiving side in time. Propose a new plan from now before accepting."
    ),
    "handover_past": _(
        "A handover in this plan is already past. Propose a new plan from now before accepting."
    ),
}


def reason_messages(row: RowPlan) -> tuple[str, str]:
    """The row's explanation in English and Spanish (the blocking rule's own message
    follows when a rule stops the row)."""
    english, spanish = bilingual(REASON_MESSAGES[row.reason], row.params)
    rule = row.params.get("rule")
    if rule in FINDING_MESSAGES:
        rule_en, rule_es = bilingual(
            FINDING_MESSAGES[rule], {"lead_minutes": "", "handover_port": ""}
        )
        english, spanish = f"{english} {rule_en}", f"{spanish} {rule_es}"
    return english, spanish


def row_dict(row: RowPlan) -> dict[str, Any]:
    """A row's plan as the JSON shape of ``enlace manifest plan --format json``."""
    english, spanish = reason_messages(row)
    return {
        "record_id": row.record_id,
        "status": row.status.value,
        "handover_port": row.port,
        "reception_point": row.reception_point,
        "handover_at": row.handover_at.isoformat(timespec="minutes") if row.handover_at else None,
        "notice_sent_at": (
            row.notice_sent_at.isoformat(timespec="minutes") if row.notice_sent_at else None
        ),
        "reason": row.reason.value,
        "message_en": english,
        "message_es": spanish,
        "rule": row.params.get("rule"),
        "agreement": row.params.get("agreement"),
        "version": row.params.get("version"),
        "clause": row.params.get("clause"),
        "receiver": row.params.get("receiver") or None,
        "considered": row.considered,
    }
