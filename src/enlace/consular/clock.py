"""The art. 36 clock: where a notification stands against its next deadline. Pure logic.

Two stages are timed, each from the step that starts it:

- **notify** — from the national's request to the consulate being notified: "without
  delay" (VCCR art. 36(1)(b)), read as 24 hours (State Department guidance as commonly cited
  is within 24 hours, 72 at the latest; domain rules §2.3, tagged U: not yet seen in the
  manual's text).
- **interview** — from the consulate being notified to the consular interview (access,
  art. 36(1)(a) and (c)). No treaty or arrangement text we hold sets a figure: this is a
  *configurable assumption*, ``ENLACE_CONSULAR_INTERVIEW_HOURS`` (default 24). The default
  holds the consulate to the same "without delay" reading as the US side, because Border
  Patrol custody before a repatriation is often a day or two, and an interview after the
  handover is no longer consular access.

Durations are exact elapsed time: deadlines are computed in UTC, so a daylight-saving change
in the place where the person is held neither adds nor removes an hour.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings

from enlace.core import clock

from .models import NotificationStatus

NOTIFY_EXPECTED = timedelta(hours=24)
INTERVIEW_EXPECTED_DEFAULT_HOURS = 24


class Stage:
    NOTIFY = "notify"
    INTERVIEW = "interview"


def interview_expected() -> timedelta:
    """How long after notification the consular interview is due (a setting, see above)."""
    hours = getattr(settings, "ENLACE_CONSULAR_INTERVIEW_HOURS", INTERVIEW_EXPECTED_DEFAULT_HOURS)
    return timedelta(hours=float(hours))


@dataclass(frozen=True)
class Clock:
    """Where a notification stands against its current deadline.

    ``due_at`` and ``overdue`` describe the open stage; once the stage's step is taken
    (``done_at``), ``overdue`` is false and ``late`` says whether it was taken after the
    deadline. ``elapsed`` runs from ``started_at`` to ``done_at`` or now."""

    due_at: datetime | None
    overdue: bool
    stage: str = ""
    started_at: datetime | None = None
    done_at: datetime | None = None
    elapsed: timedelta | None = None
    late: bool = False


NO_CLOCK = Clock(None, False)

# status -> (stage, field that starts it, field that ends it: '' while the stage is open)
_TIMED: dict[str, tuple[str, str, str]] = {
    NotificationStatus.REQUESTED: (Stage.NOTIFY, "answered_at", ""),
    NotificationStatus.NOTIFIED: (Stage.INTERVIEW, "notified_at", ""),
    NotificationStatus.ACKNOWLEDGED: (Stage.INTERVIEW, "notified_at", ""),
    NotificationStatus.INTERVIEWED: (Stage.INTERVIEW, "notified_at", "interviewed_at"),
}


def notification_clock(notification: Any, now: datetime | None = None) -> Clock:
    """The clock of a notification's open (or last timed) stage at ``now``."""
    timed = _TIMED.get(notification.status)
    if timed is None:
        return NO_CLOCK
    stage, start_field, end_field = timed
    started = getattr(notification, start_field)
    if started is None:
        return NO_CLOCK
    started = started.astimezone(UTC)
    expected = NOTIFY_EXPECTED if stage == Stage.NOTIFY else interview_expected()
    due = started + expected
    done = getattr(notification, end_field) if end_field else None
    done = done.astimezone(UTC) if done is not None else None
    at = done or (now or clock.now()).astimezone(UTC)
    return Clock(
        due_at=due, overdue=done is None and at > due, stage=stage, started_at=started,
        done_at=done, elapsed=max(at - started, timedelta(0)), late=done is not None and done > due,
    )  # fmt: skip
