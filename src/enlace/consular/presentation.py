"""What the consular pages show of a notification: its clock, the local zone of the place
where the national is held, the steps as a timeline and the actions the user may take."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from enlace.access import Actor, Capability, capabilities_of
from enlace.core import clock
from enlace.repatriation.state import CurrentState, person_states

from .clock import Clock, notification_clock
from .forms import InterviewForm
from .models import ConsularNotification, NotificationStatus

S = NotificationStatus
# status -> actions, for the notified consulate's officer and for the US office holding the
# national: seeing a notification means it is in the user's scope (``consular.scopes``)
_CONSUL_ACTIONS = {S.NOTIFIED: "acknowledge", S.ACKNOWLEDGED: "interview"}
_US_ACTIONS = {S.OFFERED: "answer", S.REQUESTED: "notify"}


def action_for(user: Actor, notification: ConsularNotification) -> str:
    """The one step the user may take now on a notification they can see ('' if none)."""
    held = capabilities_of(user)
    status = NotificationStatus(notification.status)
    if Capability.CONSULAR_ATTEND in held:
        office = user.office
        if office is not None and office.consulate_id == notification.consulate_id:
            return _CONSUL_ACTIONS.get(status, "")
        return ""
    if Capability.CONSULAR_OFFER in held:
        return _US_ACTIONS.get(status, "")
    return ""


def held_zone(notification: ConsularNotification) -> str:
    """The IANA zone of the office holding the national (where the steps happen)."""
    encounter = notification.encounter
    return (encounter.custody_office or encounter.office).time_zone or "UTC"


@dataclass
class Step:
    label: Any
    when: datetime | None
    by: Any = None


@dataclass
class QueueItem:
    """One notification as the queue, list and detail pages show it."""

    notification: ConsularNotification
    clock: Clock
    zone: str
    action: str
    now: datetime
    interview_form: InterviewForm | None = None
    error: str = ""
    steps: list[Step] = field(default_factory=list)
    # The national's state now (``repatriation.state``): who holds them, or handed over
    # (``custody.held_by`` is None then). Filled for a page's items at once: ``custody_fill``.
    custody: CurrentState | None = None

    @property
    def prefix(self) -> str:
        return f"n{self.notification.pk}"


def item_build(
    user: Actor,
    notification: ConsularNotification,
    *,
    now: datetime | None = None,
    interview_form: InterviewForm | None = None,
    error: str = "",
) -> QueueItem:
    now = now or clock.now()
    action = action_for(user, notification)
    if action == "interview" and interview_form is None:
        interview_form = InterviewForm(prefix=f"n{notification.pk}")
    return QueueItem(
        notification=notification, clock=notification_clock(notification, now),
        zone=held_zone(notification), action=action, now=now,
        interview_form=interview_form, error=error,
    )  # fmt: skip


def custody_fill(items: list[QueueItem]) -> list[QueueItem]:
    """Set each item's ``custody`` (two queries for the page, whatever its length)."""
    states = person_states({item.notification.person_id for item in items})
    for item in items:
        item.custody = states[item.notification.person_id]
    return items


def steps_of(notification: ConsularNotification) -> list[Step]:
    """The steps taken so far, oldest first, each with who took it where it is recorded."""
    n = notification
    answered = (
        _("Declined by the national") if n.status == S.DECLINED else _("Requested by the national")
    )
    steps = [
        Step(_("Notification offered"), n.offered_at, n.offered_by),
        Step(answered, n.answered_at),
        Step(_("Consulate notified"), n.notified_at, n.notified_by),
        Step(_("Acknowledged by the consulate"), n.acknowledged_at, n.acknowledged_by),
        Step(_("Consular interview held"), n.interviewed_at, n.interviewed_by),
    ]
    return [step for step in steps if step.when is not None]
