"""The consular interview: only after the consulate acknowledged, only by its officer,
one audited transaction; the queue's overdue filter follows the clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from enlace.consular.models import ConsularNotification, InterviewMode, NotificationStatus
from enlace.consular.selectors import notification_list
from enlace.consular.services import NotificationStateError, notification_interview
from enlace.core.models import AuditEvent

from .. import actors
from .factories import consul_elsewhere, held_national, notification_upto

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(actor):
    return actor(actors.BORDER_TUCSON)


@pytest.fixture
def consul(actor):
    return actor(actors.CONSUL_NOGALES)


def _updates(n: ConsularNotification):
    return AuditEvent.objects.filter(
        subject_type="consular.consularnotification", subject_id=str(n.pk), action="update"
    )


def test_the_consul_records_the_interview_after_acknowledging(officer, consul):
    n = notification_upto(officer, consul, held_national(officer), "acknowledged")
    done = notification_interview(actor=consul, notification_id=n.pk, mode=InterviewMode.PHONE,
                                  follow_up=True, note="  needs   medical review ")  # fmt: skip
    done.refresh_from_db()
    assert done.status == NotificationStatus.INTERVIEWED
    assert done.interviewed_by == consul
    assert done.interview_mode == "phone"
    assert done.follow_up_note == "needs medical review"
    assert _updates(n).filter(detail__step="interviewed").count() == 1


@pytest.mark.parametrize("step", ["offered", "requested", "notified"])
def test_no_interview_before_the_consulate_acknowledged(officer, consul, step):
    n = notification_upto(officer, consul, held_national(officer), step)
    with pytest.raises(NotificationStateError):
        notification_interview(actor=consul, notification_id=n.pk, mode=InterviewMode.IN_PERSON)
    n.refresh_from_db()
    assert n.status == step
    assert n.interviewed_at is None


def test_only_the_notified_consulates_officer_records_it(officer, consul, actor):
    n = notification_upto(officer, consul, held_national(officer), "acknowledged")
    for someone in (officer, actor(actors.INM_NOGALES), consul_elsewhere()):
        with pytest.raises(PermissionDenied):
            notification_interview(actor=someone, notification_id=n.pk, mode="video")
    assert not _updates(n).filter(detail__step="interviewed").exists()


def test_bad_input_is_refused_and_nothing_is_written(officer, consul):
    n = notification_upto(officer, consul, held_national(officer), "acknowledged")
    attempts = [
        {"mode": "telepathy"},
        {"mode": "video", "follow_up": True, "note": "x" * 201},
        {"mode": "video", "at": n.notified_at - timedelta(minutes=1)},
        {"mode": "video", "at": timezone.now() + timedelta(hours=1)},
    ]
    for attempt in attempts:
        with pytest.raises(NotificationStateError):
            notification_interview(actor=consul, notification_id=n.pk, **attempt)
    n.refresh_from_db()
    assert n.status == NotificationStatus.ACKNOWLEDGED
    assert not _updates(n).filter(detail__step="interviewed").exists()


def test_a_visit_may_be_recorded_after_the_fact_and_a_note_needs_the_flag(officer, consul):
    n = notification_upto(officer, consul, held_national(officer), "acknowledged")
    between = n.notified_at + timedelta(minutes=5)  # before the acknowledgment was entered
    done = notification_interview(actor=consul, notification_id=n.pk, mode="in_person",
                                  note="ignored without the flag", at=between)  # fmt: skip
    assert done.interviewed_at == between
    assert done.follow_up_note == ""


def test_the_overdue_filter_follows_the_clock(officer, consul):
    now = timezone.now()
    since = now - timedelta(days=3)
    late = notification_upto(officer, consul, held_national(officer, since=since),
                             "acknowledged", started=now - timedelta(hours=30))  # fmt: skip
    fresh = notification_upto(officer, consul, held_national(officer), "acknowledged")
    waiting = notification_upto(officer, consul, held_national(officer, since=since),
                                "requested", started=now - timedelta(hours=26))  # fmt: skip
    overdue = {n.pk for n in notification_list(user=consul, overdue=True, limit=500)}
    assert {late.pk, waiting.pk} <= overdue
    assert fresh.pk not in overdue
