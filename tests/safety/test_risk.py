"""Escalation: a sector's threshold crossed in its rolling window opens one escalation and
tells both sides through the outbox; one death fewer opens nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from enlace.outbox.models import Delivery, OutboxEvent, Subscription
from enlace.reference.models import Sector
from enlace.safety.models import Escalation, Incident
from enlace.safety.risk import (
    ESCALATION_OPENED,
    RiskInputError,
    blm_offices,
    escalation_decide,
    escalations_check,
    risk_threshold_set,
)

from ..actors import ANALYST, BORDER_TUCSON, CONSUL_NOGALES, actor

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2031, 7, 20)  # after every loaded record: only these tests' deaths count


def _deaths(count: int, *, days_ago: int = 0, sector: str = "TCA") -> None:
    for n in range(count):
        Incident.objects.create(
            kind="death",
            source="enlace",
            source_record_id=f"t-{sector}-{days_ago}-{n}",
            occurred_on=TODAY - datetime.timedelta(days=days_ago),
            sector_id=sector,
            dead=1,
        )


@pytest.fixture
def threshold() -> None:
    risk_threshold_set(actor=actor(BORDER_TUCSON), sector_code="TCA", deaths=5, window_days=14)


def test_the_escalation_fires_at_the_threshold_and_tells_both_sides(threshold):
    """Five deaths within 14 days reach a threshold of 5: one escalation, one outbox event
    for the Tucson sector office and the nearest consulate's office, with a delivery to
    each subscribed side."""
    us, mx = blm_offices(Sector.objects.get(code="TCA"))
    assert us is not None
    assert mx is not None
    assert us.pk == "usbp-tca"
    for office in (us, mx):
        Subscription.objects.create(office=office, url="https://example.org/hook", secret="s")
    _deaths(3, days_ago=0)
    _deaths(2, days_ago=13)  # the first day of the window
    opened = escalations_check(today=TODAY)
    assert [(e.sector_id, e.deaths, e.threshold) for e in opened] == [("TCA", 5, 5)]
    event = OutboxEvent.objects.get(event_type=ESCALATION_OPENED)
    assert event.payload["sector"] == "TCA"
    assert event.payload["deaths"] == 5
    assert set(
        Delivery.objects.filter(event=event).values_list("subscription__office_id", flat=True)
    ) == {us.pk, mx.pk}
    # an open escalation is not opened again
    assert escalations_check(today=TODAY) == []


def test_one_death_below_the_threshold_opens_nothing(threshold):
    """Four deaths in the window, and one more the day before it starts: nothing opens."""
    _deaths(4, days_ago=0)
    _deaths(1, days_ago=14)  # outside a 14-day window ending today
    events = OutboxEvent.objects.count()
    assert escalations_check(today=TODAY) == []
    assert not Escalation.objects.exists()
    assert OutboxEvent.objects.count() == events


def test_other_sectors_deaths_do_not_count(threshold):
    _deaths(10, sector="YUM")
    assert escalations_check(today=TODAY) == []


def test_the_blm_records_what_was_decided_and_the_sector_can_escalate_again(threshold):
    _deaths(5)
    [escalation] = escalations_check(today=TODAY)
    with pytest.raises(RiskInputError, match="What was decided"):
        escalation_decide(actor=actor(CONSUL_NOGALES), escalation_id=escalation.pk, decision=" ")
    decided = escalation_decide(
        actor=actor(CONSUL_NOGALES),
        escalation_id=escalation.pk,
        decision="Joint search-and-rescue deployment west of Nogales for 10 days.",
    )
    assert decided.decided_by == actor(CONSUL_NOGALES)
    assert not decided.is_open
    assert len(escalations_check(today=TODAY)) == 1


def test_only_blm_members_set_thresholds():
    with pytest.raises(PermissionDenied):
        risk_threshold_set(actor=actor(ANALYST), sector_code="TCA", deaths=5, window_days=14)
    with pytest.raises(RiskInputError, match="Rolling window"):
        risk_threshold_set(actor=actor(BORDER_TUCSON), sector_code="TCA", deaths=5, window_days=0)


def test_the_risk_page_shows_the_calendar_and_lets_a_blm_member_set_a_threshold():
    """The calendar's Tucson row adds up the dead recorded there by month; a consul sets a
    threshold by the form; an analyst sees the page without the form and cannot post."""
    from django.test import Client
    from django.urls import reverse

    from enlace.safety.models import RiskThreshold

    _deaths(3, days_ago=0)  # July
    consul = Client()
    consul.force_login(actor(CONSUL_NOGALES))
    page = consul.get(reverse("safety:risk"), {"year_from": "2031"})
    assert page.status_code == 200
    tucson = next(r for r in page.context["calendar"] if r.code == "TCA")
    assert tucson.months[6] == 3
    assert tucson.total == 3
    refused = consul.post(
        reverse("safety:risk-manage"), {"action": "threshold", "sector": "TCA", "deaths": "x"}
    )
    assert refused.status_code == 400
    assert "Deaths" in refused.content.decode()
    assert not RiskThreshold.objects.exists()
    done = consul.post(
        reverse("safety:risk-manage"),
        {"action": "threshold", "sector": "TCA", "deaths": "4", "window_days": "30"},
    )
    assert done.status_code == 302
    assert RiskThreshold.objects.get(sector_id="TCA").deaths == 4
    analyst = Client()
    analyst.force_login(actor(ANALYST))
    assert b"threshold-form" not in analyst.get(reverse("safety:risk")).content
    assert analyst.post(reverse("safety:risk-manage"), {"sector": "TCA"}).status_code == 403
