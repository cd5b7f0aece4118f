"""Consular notification: the art. 36 steps in order, by who may take them, audited, and
the request announced to the consulate in the same transaction."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from enlace.consular.models import NotificationStatus
from enlace.consular.selectors import notification_clock, notification_get, notification_list
from enlace.consular.services import (
    NotificationStateError,
    notification_acknowledge,
    notification_answer,
    notification_notify,
    notification_offer,
)
from enlace.core.models import AuditEvent
from enlace.outbox.models import Delivery, OutboxEvent, Subscription

from .. import actors
from .factories import held_national

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(actor):
    return actor(actors.BORDER_TUCSON)


@pytest.fixture
def encounter(officer):
    return held_national(officer)


def test_the_steps_in_order_by_who_may_take_them(officer, encounter, actor):
    consul = actor(actors.CONSUL_NOGALES)
    Subscription.objects.create(office_id="sre-nogales", url="http://127.0.0.1:9/hook",
                                secret="s")  # fmt: skip
    offered = notification_offer(actor=officer, encounter_id=encounter.pk, consulate="nogales")
    assert offered.status == NotificationStatus.OFFERED
    assert offered.person_id == encounter.person_id
    requested = notification_answer(actor=officer, notification_id=offered.pk, requested=True)
    assert requested.status == NotificationStatus.REQUESTED
    event = OutboxEvent.objects.get(event_type="notification.requested")
    assert event.payload["notification_id"] == offered.pk
    assert "given_names" not in str(event.payload), "no personal data leaves in the event"
    assert Delivery.objects.filter(event=event, subscription__office_id="sre-nogales").exists()
    with pytest.raises(PermissionDenied):
        notification_notify(actor=consul, notification_id=offered.pk)  # not the consul's step
    notified = notification_notify(actor=officer, notification_id=offered.pk)
    assert notified.notified_by == officer
    assert offered.pk in {n.pk for n in notification_list(user=consul)}
    acknowledged = notification_acknowledge(actor=consul, notification_id=offered.pk)
    assert acknowledged.status == NotificationStatus.ACKNOWLEDGED
    steps = AuditEvent.objects.filter(
        subject_type="consular.consularnotification", subject_id=str(offered.pk)
    )
    assert steps.filter(action="create").count() == 1
    assert steps.filter(action="update").count() == 3


def test_steps_out_of_order_or_misdated_are_refused(officer, encounter):
    offered = notification_offer(actor=officer, encounter_id=encounter.pk, consulate="nogales")
    with pytest.raises(NotificationStateError):
        notification_offer(actor=officer, encounter_id=encounter.pk, consulate="nogales")
    with pytest.raises(NotificationStateError):
        notification_notify(actor=officer, notification_id=offered.pk)  # not requested yet
    with pytest.raises(NotificationStateError):
        notification_answer(actor=officer, notification_id=offered.pk, requested=True,
                            at=offered.offered_at - timedelta(minutes=1))  # fmt: skip
    with pytest.raises(NotificationStateError):
        notification_answer(actor=officer, notification_id=offered.pk, requested=True,
                            at=timezone.now() + timedelta(hours=1))  # fmt: skip
    declined = notification_answer(actor=officer, notification_id=offered.pk, requested=False)
    assert declined.status == NotificationStatus.DECLINED
    assert not OutboxEvent.objects.filter(event_type="notification.requested").exists()


def test_only_officers_with_the_encounter_in_scope_and_the_right_consulate(
    officer, encounter, actor
):
    with pytest.raises(PermissionDenied):
        notification_offer(actor=actor(actors.INM_NOGALES), encounter_id=encounter.pk,
                           consulate="nogales")  # fmt: skip
    with pytest.raises(PermissionDenied):
        notification_offer(actor=actor(actors.REMOVAL_PHOENIX), encounter_id=encounter.pk,
                           consulate="nogales")  # fmt: skip
    offered = notification_offer(actor=officer, encounter_id=encounter.pk, consulate="tucson")
    notification_answer(actor=officer, notification_id=offered.pk, requested=True)
    notification_notify(actor=officer, notification_id=offered.pk)
    with pytest.raises(PermissionDenied):  # the Nogales consul, a Tucson notification
        notification_acknowledge(actor=actor(actors.CONSUL_NOGALES), notification_id=offered.pk)
    with pytest.raises(Http404):
        notification_get(user=actor(actors.CONSUL_NOGALES), notification_id=offered.pk)
    with pytest.raises(Http404):
        notification_list(user=actor(actors.ANALYST))


def test_the_clock_marks_a_request_not_passed_on_within_a_day(officer):
    encounter = held_national(officer, since=timezone.now() - timedelta(days=2))
    offered = notification_offer(
        actor=officer, encounter_id=encounter.pk, consulate="nogales",
        at=max(encounter.occurred_at, timezone.now() - timedelta(hours=30)),
    )  # fmt: skip
    requested = notification_answer(
        actor=officer, notification_id=offered.pk, requested=True,
        at=max(offered.offered_at, timezone.now() - timedelta(hours=25)),
    )  # fmt: skip
    clock = notification_clock(requested)
    assert clock.overdue
    assert clock.due_at == requested.answered_at + timedelta(hours=24)
    assert not notification_clock(requested, now=requested.answered_at + timedelta(hours=1)).overdue
