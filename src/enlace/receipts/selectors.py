"""Reads of handover receipts: visible to the sending office and to the receiving side
whose scope holds the repatriation; audited; missing and forbidden look the same (404)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from enlace.accounts.models import Role, User
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.scopes import sees_persons
from enlace.repatriation.models import Repatriation
from enlace.repatriation.scopes import repatriations_visible

from .core import envelope_bytes
from .models import HandoverReceipt, OfficerKey
from .services import RECEIVING_ROLES, delivery_permitted, reception_permitted


def _receipts_visible(user: Any) -> QuerySet[HandoverReceipt]:
    if user is None or not user.is_active or not getattr(user, "office_id", None):
        return HandoverReceipt.objects.none()
    sent = Q(repatriation__manifest_record__manifest__sending_office_id=user.office_id)
    received = Q(repatriation__in=repatriations_visible(user).values("pk"))
    return HandoverReceipt.objects.filter(sent | received)


def receipt_get(*, user: Any, receipt_id: str) -> HandoverReceipt:
    """One receipt in the user's scope, or 404."""
    try:
        key = uuid.UUID(str(receipt_id))
    except ValueError as error:
        raise Http404 from error
    receipt = (
        _receipts_visible(user)
        .select_related("repatriation__reception_point", "repatriation__port")
        .filter(receipt_id=key)
        .first()
    )
    if receipt is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=receipt)
    return receipt


def receipt_file(receipt: HandoverReceipt) -> bytes:
    """The receipt as a file: the canonical, signed envelope (verifiable offline)."""
    return envelope_bytes(receipt.document, receipt.signatures())


def public_keys_export() -> dict[str, str]:
    """Every officer's public key, by username (what a verifier may trust)."""
    return dict(OfficerKey.objects.values_list("user__username", "public_key").order_by("user"))


# --- pages: the handover form, the receiving side's arrivals ---------------------------------

ARRIVALS_LIMIT = 500


def repatriation_for_delivery_get(*, user: Any, repatriation_id: int) -> Repatriation:
    """A person the user's office sends, for the handover form; 404 for anyone who may not
    deliver it, as for a missing one."""
    if not 0 < repatriation_id < 2**62:
        raise Http404
    repatriation = (
        Repatriation.objects.select_related(
            "manifest_record__manifest", "person", "port", "reception_point"
        )
        .filter(pk=repatriation_id)
        .first()
    )
    if repatriation is None or not delivery_permitted(user=user, repatriation=repatriation):
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=repatriation)
    return repatriation


def receiving_officer_list(*, repatriation: Repatriation) -> list[Any]:
    """The officers who may receive this person (``reception_permitted``), by name: the
    reception point's INM officers and, for an unaccompanied minor, the state's DIF."""
    point = repatriation.reception_point
    near = (
        Q(office__reception_point_id=point.pk)
        | Q(office__mx_state_id=point.state_id)
        | Q(role=Role.MX_CHILD_PROTECTION_OFFICER, office__mx_state__isnull=True)
    )
    candidates = (
        User.objects.filter(near, is_active=True, role__in=RECEIVING_ROLES, office__isnull=False)
        .select_related("office")
        .order_by("last_name", "first_name", "username")
    )
    return [u for u in candidates if reception_permitted(user=u, repatriation=repatriation)]


_ARRIVAL_RELATED = (
    "person",
    "port",
    "reception_point",
    "manifest_record",
    "receipt__receiving_officer__office",
)


def arrival_get(*, user: Any, repatriation_id: int) -> Repatriation:
    """One repatriation in the user's scope, as the arrival pages show it; or 404."""
    repatriation = (
        repatriations_visible(user).select_related(*_ARRIVAL_RELATED).filter(pk=repatriation_id)
    ).first()
    if repatriation is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=repatriation)
    return repatriation


def arrival_list(*, user: Any, start: datetime, end: datetime) -> list[Repatriation]:
    """Repatriations in the user's scope scheduled in [start, end), soonest first, with
    what the receiving side's pages show (audited as a list)."""
    if not sees_persons(user):
        return []
    rows = list(
        repatriations_visible(user)
        .filter(scheduled_at__gte=start, scheduled_at__lt=end)
        .select_related(*_ARRIVAL_RELATED)
        .order_by("scheduled_at", "pk")[:ARRIVALS_LIMIT]
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("repatriation.repatriation", ""),
        detail={"count": len(rows)},
    )
    return rows
