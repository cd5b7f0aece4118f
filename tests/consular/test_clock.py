"""The art. 36 clock, without a database: stages, deadlines, overdue and late, DST-safe."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from enlace.consular.clock import Stage, notification_clock
from enlace.consular.models import NotificationStatus as S

DENVER = ZoneInfo("America/Denver")  # El Paso: DST ended at 02:00 on 3 November 2019


def _notification(status: str, **times: datetime | None) -> SimpleNamespace:
    fields = dict.fromkeys(("answered_at", "notified_at", "interviewed_at"))
    return SimpleNamespace(status=status, **{**fields, **times})


T0 = datetime(2019, 12, 10, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "stage", "hours_later", "overdue"),
    [
        (S.OFFERED, "", 100, False),
        (S.DECLINED, "", 100, False),
        (S.REQUESTED, Stage.NOTIFY, 23, False),
        (S.REQUESTED, Stage.NOTIFY, 25, True),
        (S.NOTIFIED, Stage.INTERVIEW, 23, False),
        (S.NOTIFIED, Stage.INTERVIEW, 25, True),
        (S.ACKNOWLEDGED, Stage.INTERVIEW, 25, True),
    ],
)
def test_each_open_stage_runs_from_the_step_that_starts_it(status, stage, hours_later, overdue):
    n = _notification(status, answered_at=T0, notified_at=T0)
    clock = notification_clock(n, now=T0 + timedelta(hours=hours_later))
    assert clock.stage == stage
    assert clock.overdue is overdue
    if stage:
        assert clock.due_at == T0 + timedelta(hours=24)
        assert clock.elapsed == timedelta(hours=hours_later)


def test_an_interview_closes_the_clock_and_says_whether_it_was_late():
    on_time = _notification(S.INTERVIEWED, notified_at=T0, interviewed_at=T0 + timedelta(hours=5))
    late = _notification(S.INTERVIEWED, notified_at=T0, interviewed_at=T0 + timedelta(hours=30))
    much_later = T0 + timedelta(days=10)
    assert notification_clock(on_time, now=much_later).overdue is False
    assert notification_clock(on_time, now=much_later).elapsed == timedelta(hours=5)
    assert notification_clock(on_time, now=much_later).late is False
    assert notification_clock(late, now=much_later).late is True
    assert notification_clock(late, now=much_later).overdue is False


def test_the_deadline_is_24_real_hours_across_a_dst_change():
    """Notified at 20:00 local the evening before DST ends: due at 19:00 local (MST), not
    20:00 — a wall-clock addition in the local zone would give one hour too many."""
    notified = datetime(2019, 11, 2, 20, 0, tzinfo=DENVER)
    now = notified.astimezone(UTC) + timedelta(hours=24, minutes=30)  # real time, not wall
    clock = notification_clock(_notification(S.NOTIFIED, notified_at=notified), now=now)
    assert clock.due_at - notified == timedelta(hours=24)
    assert clock.due_at.astimezone(DENVER).hour == 19
    assert clock.overdue
    assert clock.elapsed == timedelta(hours=24, minutes=30)


@override_settings(ENLACE_CONSULAR_INTERVIEW_HOURS=72)
def test_the_interview_deadline_is_a_setting():
    n = _notification(S.ACKNOWLEDGED, notified_at=T0)
    assert notification_clock(n, now=T0 + timedelta(hours=48)).overdue is False
    assert notification_clock(n, now=T0 + timedelta(hours=73)).overdue is True
    requested = _notification(S.REQUESTED, answered_at=T0)
    assert notification_clock(requested, now=T0 + timedelta(hours=25)).overdue is True
