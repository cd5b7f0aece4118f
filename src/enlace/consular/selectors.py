"""Scoped, audited reads of consular notifications, with the art. 36 clock (``clock.py``).

A consular officer sees the notifications addressed to the consulate; a US officer those of
the encounters its office holds (``consular.scopes``). Missing and out of scope both raise
``Http404``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from enlace.access import Actor, Capability, capability_has, scoped, sees_any
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import Encounter
from enlace.people.scopes import CUSTODY
from enlace.repatriation.state import in_custody

from .clock import NOTIFY_EXPECTED, Clock, interview_expected, notification_clock
from .models import ConsularNotification, NotificationStatus

__all__ = [
    "NOTIFY_EXPECTED",
    "Clock",
    "encounter_for_offer_get",
    "encounter_offerable_list",
    "notification_clock",
    "may_offer",
    "notification_get",
    "notification_list",
    "notifications_of_person",
    "notifications_visible",
    "overdue_q",
]

_RELATED = ("person", "encounter__office", "encounter__custody_office", "consulate")
_SUBJECT = ("consular.consularnotification", "")


def notifications_visible(user: Actor) -> QuerySet[ConsularNotification]:
    """The notifications in the user's scope; ``Http404`` for a user who may see none."""
    if not sees_any(user, ConsularNotification):
        raise Http404
    return scoped(user, ConsularNotification)


def may_offer(user: Actor) -> bool:
    """Whether the user takes the US side's steps (offer, answer, notify the consulate)."""
    return capability_has(user, Capability.CONSULAR_OFFER)


def overdue_q(now: datetime | None = None) -> Q:
    """The notifications whose open stage is past its deadline at ``now`` (``clock.py``)."""
    now = now or clock.now()
    waiting_notice = Q(status=NotificationStatus.REQUESTED, answered_at__lt=now - NOTIFY_EXPECTED)
    waiting_interview = Q(
        status__in=[NotificationStatus.NOTIFIED, NotificationStatus.ACKNOWLEDGED],
        notified_at__lt=now - interview_expected(),
    )
    return waiting_notice | waiting_interview


def notification_list(
    *,
    user: Actor,
    status: str = "",
    statuses: Iterable[str] = (),
    overdue: bool = False,
    after_id: int = 0,
    limit: int = 50,
) -> list[ConsularNotification]:
    """The notifications in the user's scope, oldest first from ``after_id`` (a cursor),
    of one ``status`` or any of ``statuses``, only the ``overdue`` ones if asked."""
    notifications = notifications_visible(user).filter(pk__gt=after_id).order_by("pk")
    wanted = [status] if status else list(statuses)
    if wanted:
        notifications = notifications.filter(status__in=wanted)
    if overdue:
        notifications = notifications.filter(overdue_q())
    result = list(notifications.select_related(*_RELATED)[:limit])
    audit_record(actor=user, action=AuditAction.LIST, subject=_SUBJECT,
                 detail={"count": len(result)})  # fmt: skip
    return result


def notification_get(*, user: Actor, notification_id: int) -> ConsularNotification:
    """One notification in scope; 404 whether missing or out of scope."""
    related = (*_RELATED, "offered_by", "notified_by", "acknowledged_by", "interviewed_by")
    notification = (
        notifications_visible(user).select_related(*related).filter(pk=notification_id).first()
    )
    if notification is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=notification)
    return notification


def _offerable(user: Actor) -> QuerySet[Encounter]:
    """The encounters the user's office holds with no notification offered yet, of persons
    still held (``repatriation.state.in_custody``: not handed over since): 404 for a user
    who may not offer, and for an encounter in scope that another office holds."""
    if not may_offer(user):
        raise Http404
    held = in_custody(scoped(user, Encounter, purpose=CUSTODY))
    return held.filter(consular_notification__isnull=True)


def encounter_offerable_list(*, user: Actor, limit: int = 25) -> list[Encounter]:
    """A US officer's held encounters with no notification offered yet, newest first."""
    rows = list(
        _offerable(user)
        .select_related("person", "office", "custody_office")
        .order_by("-occurred_at", "-pk")[:limit]
    )
    audit_record(actor=user, action=AuditAction.LIST, subject=("people.encounter", ""),
                 detail={"count": len(rows)})  # fmt: skip
    return rows


def encounter_offerable_count(*, user: Actor) -> int:
    """How many of a US officer's held encounters wait for the notification offer (a count,
    no personal data)."""
    return _offerable(user).count()


def encounter_for_offer_get(*, user: Actor, encounter_id: int) -> Encounter:
    """One encounter a US officer's office holds and may offer notification for; 404
    otherwise (missing, out of scope, or held by another office)."""
    encounter = (
        _offerable(user)
        .select_related("person", "office", "custody_office", "county")
        .filter(pk=encounter_id)
        .first()
    )
    if encounter is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=encounter)
    return encounter


def notifications_of_person(*, user: Actor, person_id: int) -> QuerySet[ConsularNotification]:
    """The person's notifications in the user's scope, with what a history shows of each
    (for a page that composes the person's history: the caller audits what it shows)."""
    if not sees_any(user, ConsularNotification):
        return ConsularNotification.objects.none()
    return (
        scoped(user, ConsularNotification)
        .filter(person_id=person_id)
        .select_related(
            "consulate",
            "encounter__office",
            "encounter__sector",
            "encounter__port",
            "offered_by__office",
            "notified_by__office",
            "acknowledged_by__office",
            "manifest_record__manifest",
        )  # fmt: skip
    )
