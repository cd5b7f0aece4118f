"""Scoped, audited reads of consular notifications, with the art. 36 clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from enlace.accounts.models import Role
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.scopes import encounters_visible

from .models import ConsularNotification, NotificationStatus
from .services import US_ROLES

# "Without delay": State Department guidance as commonly cited is within 24 hours, 72 at
# the latest (domain rules §2.3, tagged U: not yet seen in the manual's text).
NOTIFY_EXPECTED = timedelta(hours=24)


def _visible(user: Any) -> QuerySet[ConsularNotification]:
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


@dataclass(frozen=True)
class Clock:
    """Where a notification stands against "without delay"."""

    due_at: datetime | None
    overdue: bool


def notification_clock(notification: ConsularNotification, now: datetime | None = None) -> Clock:
    if notification.status != NotificationStatus.REQUESTED or notification.answered_at is None:
        return Clock(None, False)
    due = notification.answered_at + NOTIFY_EXPECTED
    return Clock(due, (now or timezone.now()) > due)


def notification_list(
    *, user: Any, status: str = "", after_id: int = 0, limit: int = 50
) -> list[ConsularNotification]:
    """The notifications in the user's scope, oldest first from ``after_id`` (a cursor)."""
    notifications = _visible(user).filter(pk__gt=after_id).order_by("pk")
    if status:
        notifications = notifications.filter(status=status)
    result = list(notifications[:limit])
    audit_record(
        actor=user, action=AuditAction.LIST, subject=("consular.consularnotification", ""),
        detail={"count": len(result)},
    )  # fmt: skip
    return result


def notification_get(*, user: Any, notification_id: int) -> ConsularNotification:
    """One notification in scope; 404 whether missing or out of scope."""
    notification = _visible(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=notification)
    return notification
