"""Consular notification steps, each one transaction, audited, and only by who may take it.

A US officer (``Capability.CONSULAR_OFFER``) whose office holds the encounter (the
``people.scopes.CUSTODY`` scope) offers notification, records the national's answer and
notifies the consulate; an officer of the notified consulate (``Capability.CONSULAR_ATTEND``,
the notification in its scope) acknowledges and then records the consular interview
(access). Anyone else is refused with ``PermissionDenied``, whatever the entry point.

A request is announced to the consulate's offices through the
outbox in the same transaction; the later steps are between the two offices already in
touch and announce nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from enlace.access import Actor, Capability, SystemActor, capability_require, scoped
from enlace.accounts.models import User
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.outbox.services import outbox_enqueue
from enlace.people.models import Encounter
from enlace.people.scopes import CUSTODY
from enlace.reference.models import Consulate, Office

from .models import ConsularNotification, InterviewMode, NotificationStatus

FOLLOW_UP_NOTE_MAX = 200
# A step dated this far ahead of the server clock is refused (clocks drift a little).
CLOCK_SKEW = timedelta(minutes=5)


class NotificationStateError(Exception):
    """The step does not follow from the notification's state; ``message`` says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _held(actor: Actor, encounter_id: int) -> Encounter:
    """The encounter, if the actor may take the US side's steps on it: an officer of the
    office that holds the person (not merely one that sees the person)."""
    capability_require(actor, Capability.CONSULAR_OFFER)
    encounter = scoped(actor, Encounter, purpose=CUSTODY).filter(pk=encounter_id).first()
    if encounter is None:
        raise PermissionDenied(Capability.CONSULAR_OFFER.value)
    return encounter


def _signer(actor: Actor) -> User:
    """Who signs a step: a person, never a process (a step is an officer's act)."""
    if isinstance(actor, SystemActor):
        raise PermissionDenied
    return actor


def _when(at: datetime | None, after: datetime | None) -> datetime:
    now = clock.now()
    at = at or now
    if at > now + CLOCK_SKEW:
        raise NotificationStateError(_("A step cannot be dated in the future."))
    if after is not None and at < after:
        raise NotificationStateError(_("A step cannot be dated before the step it follows."))
    return at


def _locked(actor: Actor, capability: Capability, notification_id: int) -> ConsularNotification:
    """The notification, locked, if the actor holds ``capability`` and the notification is
    in the actor's scope (``consular.scopes``: of an encounter the US office holds, or
    addressed to the consulate); refused alike if missing."""
    capability_require(actor, capability)
    rows = scoped(actor, ConsularNotification).select_for_update(of=("self",))
    found = rows.filter(pk=notification_id).first()
    if found is None:
        raise PermissionDenied(capability.value)
    return found


def _step(notification: ConsularNotification, expected: NotificationStatus) -> None:
    if notification.status != expected:
        raise NotificationStateError(
            _("This step needs a notification that is “%(expected)s”; this one is “%(status)s”.")
            % {"status": notification.get_status_display(), "expected": expected.label}
        )


def _advance(
    notification: ConsularNotification,
    *,
    actor: Actor,
    frm: NotificationStatus,
    to: NotificationStatus,
    stamp: str,
    after: datetime | None,
    at: datetime | None,
    signer: str = "",
    record: dict[str, Any] | None = None,
) -> None:
    """Move from ``frm`` to ``to``: date the step (``stamp``), sign it (``signer``), set
    the step's own fields (``record``), save, audit; refused when the notification is not at
    ``frm``."""
    _step(notification, frm)
    setattr(notification, stamp, _when(at, after))
    fields = ["status", stamp]
    if signer:
        setattr(notification, signer, _signer(actor))
        fields.append(signer)
    for name, value in (record or {}).items():
        setattr(notification, name, value)
        fields.append(name)
    notification.status = to
    notification.save(update_fields=fields)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, subject=notification, detail={"step": to.value}
    )


def notification_offer(
    *, actor: Actor, encounter_id: int, consulate: str, at: datetime | None = None
) -> ConsularNotification:
    """Record that the national was offered consular notification (art. 36(1)(b)), on an
    encounter the actor's office holds."""
    encounter = _held(actor, encounter_id)
    officer = _signer(actor)
    if not Consulate.objects.filter(pk=consulate).exists():
        raise NotificationStateError(_("No such consulate."))
    with transaction.atomic():
        if ConsularNotification.objects.filter(encounter_id=encounter_id).exists():
            raise NotificationStateError(_("Notification was already offered for this encounter."))
        notification = ConsularNotification.objects.create(
            encounter=encounter, person_id=encounter.person_id, consulate_id=consulate,
            status=NotificationStatus.OFFERED, offered_at=_when(at, encounter.occurred_at),
            offered_by=officer,
        )  # fmt: skip
        audit_record(actor=actor, action=AuditAction.CREATE, subject=notification)
    return notification


def notification_answer(
    *, actor: Actor, notification_id: int, requested: bool, at: datetime | None = None
) -> ConsularNotification:
    """Record the national's answer; a request is announced to the consulate's offices."""
    with transaction.atomic():
        notification = _locked(actor, Capability.CONSULAR_OFFER, notification_id)
        status = NotificationStatus.REQUESTED if requested else NotificationStatus.DECLINED
        _advance(notification, actor=actor, frm=NotificationStatus.OFFERED, to=status,
                 stamp="answered_at", after=notification.offered_at, at=at)  # fmt: skip
        if requested:
            offices = Office.objects.filter(consulate_id=notification.consulate_id)
            outbox_enqueue(
                event_type="notification.requested",
                payload={
                    "notification_id": notification.pk,
                    "encounter_id": notification.encounter_id,
                    "consulate": notification.consulate_id,
                    "requested_at": notification.answered_at,
                },
                office_ids=offices.values_list("pk", flat=True),
            )
    return notification


def notification_notify(
    *, actor: Actor, notification_id: int, at: datetime | None = None
) -> ConsularNotification:
    """Record that the consulate was notified (after the national asked)."""
    with transaction.atomic():
        notification = _locked(actor, Capability.CONSULAR_OFFER, notification_id)
        _advance(notification, actor=actor, frm=NotificationStatus.REQUESTED,
                 to=NotificationStatus.NOTIFIED, stamp="notified_at",
                 after=notification.answered_at, at=at, signer="notified_by")  # fmt: skip
    return notification


def notification_acknowledge(
    *, actor: Actor, notification_id: int, at: datetime | None = None
) -> ConsularNotification:
    """The consulate's officer acknowledges the notification."""
    with transaction.atomic():
        notification = _locked(actor, Capability.CONSULAR_ATTEND, notification_id)
        _advance(notification, actor=actor, frm=NotificationStatus.NOTIFIED,
                 to=NotificationStatus.ACKNOWLEDGED,
                 stamp="acknowledged_at", after=notification.notified_at, at=at,
                 signer="acknowledged_by")  # fmt: skip
    return notification


def notification_interview(
    *,
    actor: Actor,
    notification_id: int,
    mode: str,
    follow_up: bool = False,
    note: str = "",
    at: datetime | None = None,
) -> ConsularNotification:
    """The consulate's officer records the consular interview (access) with the national:
    when, how, and whether the consulate's protection staff should follow the case.

    It follows the acknowledgment in the queue, but it may be dated before it (a visit
    recorded after the fact): only never before the consulate was notified."""
    if mode not in InterviewMode.values:
        raise NotificationStateError(_("Choose how the interview took place."))
    note = " ".join(note.split())
    if len(note) > FOLLOW_UP_NOTE_MAX:
        raise NotificationStateError(
            _("Keep the follow-up note to %(max)s characters.") % {"max": FOLLOW_UP_NOTE_MAX}
        )
    with transaction.atomic():
        notification = _locked(actor, Capability.CONSULAR_ATTEND, notification_id)
        _advance(notification, actor=actor, frm=NotificationStatus.ACKNOWLEDGED,
                 to=NotificationStatus.INTERVIEWED, stamp="interviewed_at",
                 after=notification.notified_at, at=at, signer="interviewed_by",
                 record={"interview_mode": mode, "follow_up": follow_up,
                         "follow_up_note": note if follow_up else ""})  # fmt: skip
    return notification
