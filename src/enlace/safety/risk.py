"""Risk and escalation: a BLM's threshold per sector, checked over a rolling window of the
deaths recorded there; crossing it opens an escalation and tells both sides through the
outbox (ids and counts only, no personal data).

The Border Liaison Mechanism of a sector is represented by the sector's Border Patrol office
on the US side and, on the Mexican side, the office of the Mexican consulate nearest to the
sector's headquarters (``blm_offices``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext

from enlace.access import Capability
from enlace.access.actors import SystemActor
from enlace.access.capabilities import capability_require
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.outbox.services import outbox_enqueue
from enlace.reference.models import Office, Sector

from .models import Escalation, Incident, IncidentKind, RiskThreshold

ESCALATION_OPENED = "safety.escalation"  # outbox event type
RISK_CHECKER = SystemActor(
    name="safety-risk-check", capabilities=frozenset({Capability.SAFETY_READ})
)
BORDER_PATROL = "CBP-USBP"  # the agency of a sector's own office
DEATH_KINDS = (IncidentKind.DEATH, IncidentKind.REMAINS)
DEATHS_MAX, WINDOW_MAX = 10_000, 366


class RiskInputError(ValueError):
    """A threshold or decision refused; the message names the field, in the user's language."""


def blm_offices(sector: Sector) -> tuple[Office | None, Office | None]:
    """The US Border Patrol office of ``sector`` and the nearest Mexican consulate's office."""
    offices = Office.objects.filter(closed_on=None)
    us = offices.filter(sector=sector, agency_id=BORDER_PATROL).order_by("code").first()
    lat, lon = float(sector.latitude), float(sector.longitude)
    nearest: tuple[float, Office] | None = None
    for office in offices.exclude(consulate=None).select_related("consulate").order_by("code"):
        consulate = office.consulate
        if consulate is None:
            continue
        distance = (float(consulate.latitude) - lat) ** 2 + (float(consulate.longitude) - lon) ** 2
        if nearest is None or distance < nearest[0]:
            nearest = (distance, office)
    mx = nearest[1] if nearest else None
    return us, mx


def risk_threshold_set(
    *, actor: Any, sector_code: str, deaths: int, window_days: int
) -> RiskThreshold:
    """Set (or replace) the BLM's threshold for a sector; audited."""
    capability_require(actor, Capability.RISK_MANAGE)
    sector = Sector.objects.filter(code=sector_code).first()
    if sector is None:
        raise RiskInputError(gettext("Sector: that sector does not exist."))
    if not 1 <= deaths <= DEATHS_MAX:
        raise RiskInputError(
            gettext("Deaths: write a whole number between 1 and %(max)d.") % {"max": DEATHS_MAX}
        )
    if not 1 <= window_days <= WINDOW_MAX:
        raise RiskInputError(
            gettext("Rolling window: write a number of days between 1 and %(max)d.")
            % {"max": WINDOW_MAX}
        )
    with transaction.atomic():
        threshold, _created = RiskThreshold.objects.update_or_create(
            sector=sector,
            defaults={
                "deaths": deaths,
                "window_days": window_days,
                "set_by": actor,
                "set_at": clock.now(),
            },
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            subject=threshold,
            detail={"deaths": deaths, "window_days": window_days},
        )
    return threshold


def deaths_in_window(sector: Sector, start: datetime.date, end: datetime.date) -> int:
    """The dead recorded in ``sector`` from ``start`` to ``end`` (both included)."""
    total = Incident.objects.filter(
        sector=sector, kind__in=DEATH_KINDS, occurred_on__gte=start, occurred_on__lte=end
    ).aggregate(n=Sum("dead"))["n"]
    return int(total or 0)


def escalations_check(*, today: datetime.date | None = None) -> list[Escalation]:
    """Open an escalation for each sector whose window ending ``today`` reaches its threshold
    and that has no open escalation; each is announced to both sides in one transaction."""
    today = today or clock.now().date()
    opened: list[Escalation] = []
    for threshold in RiskThreshold.objects.select_related("sector").order_by("sector__order"):
        start = today - datetime.timedelta(days=threshold.window_days - 1)
        deaths = deaths_in_window(threshold.sector, start, today)
        if deaths < threshold.deaths:
            continue
        if Escalation.objects.filter(sector=threshold.sector, decided_at=None).exists():
            continue
        us, mx = blm_offices(threshold.sector)
        with transaction.atomic():
            escalation = Escalation.objects.create(
                sector=threshold.sector,
                opened_at=clock.now(),
                window_start=start,
                window_end=today,
                deaths=deaths,
                threshold=threshold.deaths,
                us_office=us,
                mx_office=mx,
            )
            outbox_enqueue(
                event_type=ESCALATION_OPENED,
                payload={
                    "escalation_id": escalation.pk,
                    "sector": threshold.sector.code,
                    "window_start": start,
                    "window_end": today,
                    "deaths": deaths,
                    "threshold": threshold.deaths,
                },
                office_ids=[o.pk for o in (us, mx) if o is not None],
            )
            audit_record(
                actor=RISK_CHECKER,
                action=AuditAction.CREATE,
                subject=escalation,
                detail={"deaths": deaths, "threshold": threshold.deaths},
            )
        opened.append(escalation)
    return opened


def escalation_decide(*, actor: Any, escalation_id: int, decision: str) -> Escalation:
    """Record what the BLM decided, which closes the escalation; audited."""
    capability_require(actor, Capability.RISK_MANAGE)
    decision = decision.strip()
    if not decision:
        raise RiskInputError(gettext("What was decided: write the decision."))
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().filter(pk=escalation_id).first()
        if escalation is None:
            raise Http404
        if not escalation.is_open:
            raise RiskInputError(gettext("This escalation was already decided."))
        escalation.decision = decision[:4000]
        escalation.decided_by = actor
        escalation.decided_at = clock.now()
        escalation.save(update_fields=["decision", "decided_by", "decided_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, subject=escalation, detail={})
    return escalation
