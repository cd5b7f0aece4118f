"""Reads of handover receipts: visible to the sending office and to the receiving side
whose scope holds the repatriation; audited; missing and forbidden look the same (404)."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db.models import Q
from django.http import Http404

from enlace.access import (
    MX_RECEIVING_ROLES,
    Actor,
    Capability,
    capability_has,
    get_in_scope,
    scoped,
)
from enlace.accounts.models import User
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.repatriation.models import Repatriation

from .core import envelope_bytes
from .models import HandoverReceipt, OfficerKey
from .services import handover_deliver_permitted, handover_receive_permitted


def receipt_get(*, user: Actor, receipt_id: str | uuid.UUID) -> HandoverReceipt:
    """One receipt in the user's scope (``scopes``: the sending and the receiving side),
    its read audited; 404 alike for a missing one and one out of scope."""
    try:
        key = uuid.UUID(str(receipt_id))
    except ValueError as error:
        raise Http404 from error
    receipts = HandoverReceipt.objects.select_related(
        "repatriation__reception_point", "repatriation__port"
    )
    return get_in_scope(user, receipts, receipt_id=key)


def receipt_file(receipt: HandoverReceipt) -> bytes:
    """The receipt as a file: the canonical, signed envelope (verifiable offline)."""
    return envelope_bytes(receipt.document, receipt.signatures())


def public_keys_export() -> dict[str, str]:
    """Every officer's public key, by username (what a verifier may trust)."""
    return dict(OfficerKey.objects.values_list("user__username", "public_key").order_by("user"))


# --- pages: the handover form, the receiving side's arrivals ---------------------------------

ARRIVALS_LIMIT = 500


def repatriation_for_delivery_get(*, user: Actor, repatriation_id: int) -> Repatriation:
    """A person the user's office sends, for the handover form, its read audited; 404 for
    anyone who may not deliver it, as for a missing one."""
    if not 0 < repatriation_id < 2**62:
        raise Http404
    repatriation = (
        Repatriation.objects.select_related(
            "manifest_record__manifest", "person", "port", "reception_point"
        )
        .filter(pk=repatriation_id)
        .first()
    )
    if repatriation is None or not handover_deliver_permitted(
        actor=user, repatriation=repatriation
    ):
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=repatriation)
    return repatriation


def receiving_officer_list(*, repatriation: Repatriation) -> list[User]:
    """The officers who may receive this person (``handover_receive_permitted``), by name:
    the reception point's INM officers and, for an unaccompanied minor, the state's DIF or
    a national one (an office of no state and no point)."""
    point = repatriation.reception_point
    near = (
        Q(office__reception_point_id=point.pk)
        | Q(office__mx_state_id=point.state_id)
        | Q(office__mx_state__isnull=True, office__reception_point__isnull=True)
    )
    candidates = (
        User.objects.filter(near, is_active=True, role__in=MX_RECEIVING_ROLES, office__isnull=False)
        .select_related("office")
        .order_by("last_name", "first_name", "username")
    )
    return [u for u in candidates if handover_receive_permitted(actor=u, repatriation=repatriation)]


ARRIVAL_RELATED = (
    "person",
    "port",
    "reception_point",
    "manifest_record",
    "receipt__receiving_officer__office",
)


def arrival_get(*, user: Actor, repatriation_id: int) -> Repatriation:
    """One repatriation in the user's scope, as the arrival pages show it, its read
    audited; or 404."""
    arrivals = Repatriation.objects.select_related(*ARRIVAL_RELATED)
    return get_in_scope(user, arrivals, pk=repatriation_id)


def arrival_list(*, user: Actor, start: datetime, end: datetime) -> list[Repatriation]:
    """Repatriations in the user's scope scheduled in [start, end), soonest first, with
    what the receiving side's pages show (audited as a list)."""
    if not capability_has(user, Capability.PERSON_READ):
        return []
    rows = list(
        scoped(user, Repatriation)
        .filter(scheduled_at__gte=start, scheduled_at__lt=end)
        .select_related(*ARRIVAL_RELATED)
        .order_by("scheduled_at", "pk")[:ARRIVALS_LIMIT]
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("repatriation.repatriation", ""),
        detail={"count": len(rows)},
    )
    return rows
