"""Scoped, audited reads of consular notifications, with the art. 36 clock (``clock.py``).

A consular officer sees the notifications addressed to the consulate; a US officer those of
encounters in the office's scope. Missing and out of scope both raise ``Http404``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from enlace.accounts.models import Role
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import Encounter
from enlace.people.scopes import encounters_visible

from .clock import NOTIFY_EXPECTED, Clock, interview_expected, notification_clock
from .models import ConsularNotification, NotificationStatus
from .services import US_ROLES

__all__ = [
    "NOTIFY_EXPECTED",
    "Clock",
    "encounter_for_offer_get",
    "encounter_offerable_list",
    "notification_clock",
    "notification_get",
    "notification_list",
    "notifications_visible",
    "overdue_q",
]

_RELATED = ("person", "encounter__office", "encounter__custody_office", "consulate")
_SUBJECT = ("consular.consularnotification", "")


def notifications_visible(user: Any) -> QuerySet[ConsularNotification]:
    role = getattr(user, "role", "")
    office = getattr(user, "office", None)
    if not getattr(user, "is_active", False) or office is None:
        raise Http404
    if role == Role.MX_CONSULAR_OFFICER:
        return ConsularNotification.objects.filter(consulate_id=office.consulate_id)
    if role in US_ROLES:
        return ConsularNotification.objects.filter(
            encounter__in=encounters_visible(user).values("pk")
        )
    raise Http404


def overdue_q(now: datetime | None = None) -> Q:
    """The notifications whose open stage is past its deadline at ``now`` (``clock.py``)."""
    now = now or timezone.now()
    waiting_notice = Q(status=NotificationStatus.REQUESTED, answered_at__lt=now - NOTIFY_EXPECTED)
    waiting_interview = Q(
        status__in=[NotificationStatus.NOTIFIED, NotificationStatus.ACKNOWLEDGED],
        notified_at__lt=now - interview_expected(),
    )
    return waiting_notice | waiting_interview


def notification_list(
    *,
    user: Any,
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


def notification_get(*, user: Any, notification_id: int) -> ConsularNotification:
    """One notification in scope; 404 whether missing or out of scope."""
    related = (*_RELATED, "offered_by", "notified_by", "acknowledged_by", "interviewed_by")
    notification = (
        notifications_visible(user).select_related(*related).filter(pk=notification_id).first()
    )
    if notification is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=notification)
    return notification


def _offerable(user: Any) -> QuerySet[Encounter]:
    if getattr(user, "role", "") not in US_ROLES:
        raise Http404
    return encounters_visible(user).filter(consular_notification__isnull=True)


def encounter_offerable_list(*, user: Any, limit: int = 25) -> list[Encounter]:
    """A US officer's encounters in scope with no notification offered yet, newest first."""
    rows = list(
        _offerable(user)
        .select_related("person", "office", "custody_office")
        .order_by("-occurred_at", "-pk")[:limit]
    )
    audit_record(actor=user, action=AuditAction.LIST, subject=("people.encounter", ""),
                 detail={"count": len(rows)})  # fmt: skip
    return rows


def encounter_offerable_count(*, user: Any) -> int:
    """How many of a US officer's encounters in scope wait for the notification offer (a
    count, no personal data)."""
    return _offerable(user).count()


def encounter_for_offer_get(*, user: Any, encounter_id: int) -> Encounter:
    """One encounter a US officer may offer notification for; 404 otherwise."""
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
