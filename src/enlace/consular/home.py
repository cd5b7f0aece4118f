"""The consular officer's home: the notification queue by step with its clocks, the
nationals in custody in the district, and the vulnerable persons to follow.

Wired in ``enlace.web.selectors.HOMES`` for ``Role.MX_CONSULAR_OFFICER``; every read goes
through the scoped, audited selectors of this app."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from enlace.access import Actor
from enlace.core import clock

from .district import custody_list, vulnerable_list
from .models import NotificationStatus
from .presentation import QueueItem, custody_fill, item_build
from .selectors import notification_list

QUEUE_LIMIT = 200


@dataclass
class QueueGroup:
    """One step of the queue: the notifications waiting at it."""

    key: str
    title: Any
    description: Any
    items: list[QueueItem] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.clock.overdue)


def _groups() -> list[QueueGroup]:
    return [
        QueueGroup(
            NotificationStatus.REQUESTED, _("Awaiting notification by the US side"),
            _("The national asked for the consulate to be told; the US office has not "
              "notified it yet."),
        ),
        QueueGroup(
            NotificationStatus.NOTIFIED, _("To acknowledge"),
            _("The US side notified the consulate; acknowledge receipt. The interview clock "
              "runs from the notification."),
        ),
        QueueGroup(
            NotificationStatus.ACKNOWLEDGED, _("To interview"),
            _("Acknowledged; record the consular interview once it has taken place."),
        ),
    ]  # fmt: skip


def consular_home(user: Actor, params: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``web/home_consular.html``."""
    now = clock.now()
    groups = _groups()
    by_status = {group.key: group for group in groups}
    waiting = notification_list(user=user, statuses=list(by_status), limit=QUEUE_LIMIT)
    for notification in sorted(waiting, key=lambda n: n.notified_at or n.answered_at or now):
        by_status[notification.status].items.append(item_build(user, notification, now=now))
    custody_fill([item for group in groups for item in group.items])
    custody_count, custody = custody_list(user=user)
    return {
        "queue": groups,
        "queue_overdue": sum(group.overdue_count for group in groups),
        "queue_truncated": len(waiting) >= QUEUE_LIMIT,
        "custody_count": custody_count,
        "custody": custody,
        "vulnerable": vulnerable_list(user=user),
        "now": now,
    }
