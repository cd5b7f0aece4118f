"""Writes to handover receipts: the delivering officer offers (signs first), the receiving
officer confirms (signs second); confirming marks the repatriation handed over (through
``repatriation.services.repatriation_hand_over``) and tells both sides through the
outbox. One transaction each, audited.

Offering needs HANDOVER_DELIVER and the person's manifest in the officer's scope (its
sending office); confirming needs HANDOVER_RECEIVE and the repatriation in scope, and only
the officer the receipt names may confirm it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from enlace.access import Actor, Capability, capability_has
from enlace.accounts.models import User
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.outbox.models import EventType
from enlace.outbox.services import outbox_enqueue
from enlace.reference.models import Office
from enlace.repatriation.models import Repatriation, RepatriationStatus
from enlace.repatriation.services import (
    manifest_in_scope,
    repatriation_hand_over,
    repatriation_in_scope,
)

from .core import delivering_message, receiving_message, signature_make
from .document import receipt_document
from .keys import officer_key_get_or_create, officer_private_key
from .models import HandoverReceipt, ReceiptStatus


class HandoverStateError(Exception):
    """The handover is not in a state that allows this (already offered, confirmed...)."""


def timing_reason_needed(*, planned: datetime, handed_over_at: datetime) -> bool:
    """Whether a handover at ``handed_over_at`` is far enough from its planned time to need
    a reason: more than ``ENLACE_HANDOVER_REASON_AFTER`` minutes either way. The web form,
    the API and any other caller meet the same rule here."""
    limit = timedelta(minutes=settings.ENLACE_HANDOVER_REASON_AFTER)
    return abs(handed_over_at - planned) > limit


def handover_deliver_permitted(*, actor: Actor | None, repatriation: Repatriation) -> bool:
    """May ``actor`` hand this person over? A holder of HANDOVER_DELIVER whose scope holds
    the person's manifest (its sending office). Read ``manifest_record__manifest`` with
    the repatriation."""
    record = repatriation.manifest_record
    return (
        capability_has(actor, Capability.HANDOVER_DELIVER)
        and record is not None
        and manifest_in_scope(actor=actor, manifest=record.manifest)
    )


def handover_receive_permitted(*, actor: Actor | None, repatriation: Repatriation) -> bool:
    """May ``actor`` receive this person? A holder of HANDOVER_RECEIVE whose scope holds
    the repatriation."""
    return capability_has(actor, Capability.HANDOVER_RECEIVE) and repatriation_in_scope(
        actor=actor, repatriation=repatriation
    )


def handover_offer(
    *,
    actor: User,
    repatriation: Repatriation,
    receiving_officer: User,
    handed_over_at: datetime | None = None,
    belongings: list[dict[str, Any]] | None = None,
    remarks: str = "",
    timing_reason: str = "",
) -> HandoverReceipt:
    """The delivering officer signs the handover of a scheduled person to a named officer;
    ``timing_reason`` says why it happened far from the planned time: the web form and the
    API require it then (``timing_reason_needed``); the service records what it is given,
    so that the demo's history and the tests can record handovers at any moment."""
    if not handover_deliver_permitted(actor=actor, repatriation=repatriation):
        raise PermissionDenied(Capability.HANDOVER_DELIVER.value)
    if not handover_receive_permitted(actor=receiving_officer, repatriation=repatriation):
        raise PermissionDenied(Capability.HANDOVER_RECEIVE.value)
    handed_over_at = handed_over_at or clock.now()
    with transaction.atomic():
        locked = Repatriation.objects.select_for_update().get(pk=repatriation.pk)
        if locked.status != RepatriationStatus.SCHEDULED or hasattr(locked, "receipt"):
            raise HandoverStateError(locked.status)
        receipt_id = str(uuid.uuid4())
        document = receipt_document(
            receipt_id=receipt_id, repatriation=repatriation, delivering=actor,
            receiving=receiving_officer, handed_over_at=handed_over_at,
            belongings=belongings or [], remarks=remarks, timing_reason=timing_reason,
        )  # fmt: skip
        key = officer_key_get_or_create(user=actor)
        receipt = HandoverReceipt.objects.create(
            receipt_id=receipt_id, repatriation=locked, document=document,
            delivering_officer=actor, delivering_key=key.public_key,
            delivering_signature=signature_make(officer_private_key(key),
                                                 delivering_message(document)),
            receiving_officer=receiving_officer,
        )  # fmt: skip
        audit_record(actor=actor, action=AuditAction.CREATE, subject=receipt,
                     detail={"status": ReceiptStatus.OFFERED.value})  # fmt: skip
    return receipt


def handover_offer_family(
    *,
    actor: User,
    repatriation: Repatriation,
    members: Sequence[Repatriation],
    receiving_officer: User,
    handed_over_at: datetime | None = None,
    belongings: list[dict[str, Any]] | None = None,
    remarks: str = "",
    timing_reason: str = "",
) -> list[HandoverReceipt]:
    """A family unit handed over together: one signed receipt for ``repatriation`` (with
    its belongings) and one for each of ``members``, in one transaction: a member the actor
    may not deliver, or the officer not receive, or one already recorded, and none is
    written."""
    moment = handed_over_at or clock.now()
    shared: dict[str, Any] = {
        "actor": actor, "receiving_officer": receiving_officer, "handed_over_at": moment,
        "remarks": remarks, "timing_reason": timing_reason,
    }  # fmt: skip
    with transaction.atomic():
        receipts = [handover_offer(repatriation=repatriation, belongings=belongings, **shared)]
        receipts += [handover_offer(repatriation=member, **shared) for member in members]
    return receipts


def handover_confirm(*, actor: User, receipt: HandoverReceipt) -> HandoverReceipt:
    """The named receiving officer signs second: the handover is done and both sides told."""
    if not handover_receive_permitted(actor=actor, repatriation=receipt.repatriation):
        raise PermissionDenied(Capability.HANDOVER_RECEIVE.value)
    if receipt.receiving_officer_id != actor.pk:
        raise PermissionDenied(Capability.HANDOVER_RECEIVE.value)
    with transaction.atomic():
        receipt = HandoverReceipt.objects.select_for_update().get(pk=receipt.pk)
        if receipt.status != ReceiptStatus.OFFERED:
            raise HandoverStateError(receipt.status)
        key = officer_key_get_or_create(user=actor)
        message = receiving_message(receipt.document, receipt.delivering_signature)
        receipt.receiving_key = key.public_key
        receipt.receiving_signature = signature_make(officer_private_key(key), message)
        receipt.status = ReceiptStatus.CONFIRMED
        receipt.confirmed_at = clock.now()
        receipt.save(update_fields=["receiving_key", "receiving_signature", "status",
                                    "confirmed_at"])  # fmt: skip
        repatriation_hand_over(
            actor=actor, repatriation=receipt.repatriation,
            handed_over_at=datetime.fromisoformat(receipt.document["handed_over_at"]),
        )  # fmt: skip
        _announce(receipt)
        audit_record(actor=actor, action=AuditAction.UPDATE, subject=receipt,
                     detail={"status": ReceiptStatus.CONFIRMED.value})  # fmt: skip
    return receipt


def _announce(receipt: HandoverReceipt) -> None:
    """Tell the sending office and the reception point's offices (ids, no personal data)."""
    document = receipt.document
    point = document["reception_point"]["code"]
    offices = set(Office.objects.filter(reception_point_id=point).values_list("pk", flat=True))
    offices |= {document["delivering"]["office"], document["receiving"]["office"]}
    outbox_enqueue(
        event_type=EventType.HANDOVER_CONFIRMED,
        payload={
            "receipt_id": document["receipt_id"], "repatriation_id": document["repatriation_id"],
            "manifest_id": document["manifest_id"], "record_id": document["record_id"],
            "reception_point": point, "port": document["port"]["code"],
            "handed_over_at": document["handed_over_at"],
        },
        office_ids=offices - {""},
    )  # fmt: skip
