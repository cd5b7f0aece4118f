"""Writes to repatriations: one transaction, audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import Encounter, Person

from .models import Repatriation


def repatriation_schedule(
    *,
    actor: Any,
    person: Person,
    encounter: Encounter | None,
    port_id: str,
    reception_point_id: str,
    scheduled_at: datetime,
    unaccompanied_minor: bool = False,
) -> Repatriation:
    """Address a person's handover to a reception point at a port and time."""
    with transaction.atomic():
        repatriation = Repatriation.objects.create(
            person=person,
            encounter=encounter,
            port_id=port_id,
            reception_point_id=reception_point_id,
            scheduled_at=scheduled_at,
            unaccompanied_minor=unaccompanied_minor,
        )
        audit_record(actor=actor, action=AuditAction.CREATE, subject=repatriation)
    return repatriation
