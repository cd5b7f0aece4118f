"""Reads of handover receipts: visible to the sending office and to the receiving side
whose scope holds the repatriation; audited; missing and forbidden look the same (404)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.scopes import repatriations_visible

from .core import envelope_bytes
from .models import HandoverReceipt, OfficerKey


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
    receipt = _receipts_visible(user).select_related("repatriation").filter(receipt_id=key).first()
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
