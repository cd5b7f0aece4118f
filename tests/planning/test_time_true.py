"""Time-true planning: with the clock frozen, nothing is planned before now plus the notice
lead time; a plan made on an earlier day, or whose first handover is past, cannot be
accepted until it is planned again."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from enlace.core.clock import clock_frozen
from enlace.planning.models import PlanRowStatus, PlanStatus
from enlace.planning.services import (
    Outdated,
    PlanOutdatedError,
    plan_accept,
    plan_outdated,
    plan_propose,
)
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation

from ..repatriation.test_pages import manifest_csv

pytestmark = pytest.mark.django_db
LEAD = timedelta(minutes=120)  # advance notice at Nogales (2016 local arrangement)


def _manifest(demo_user, manifest_id: str, *, unplanned: bool):
    content = manifest_csv(manifest_id, unplanned=unplanned)
    return manifest_submit(actor=demo_user("border.tucson"), content=content).manifest


def _handovers(plan) -> list[datetime]:
    rows = plan.rows.exclude(status=PlanRowStatus.UNPLANNED)
    return [r.handover_at for r in rows]


@pytest.mark.parametrize("at", ["2019-03-13T14:10-07:00", "2019-03-14T08:30-07:00"])
def test_a_plan_proposed_now_is_never_earlier_than_now_plus_the_lead(demo_user, at):
    now = datetime.fromisoformat(at)
    manifest = _manifest(demo_user, f"usbp-tca-time-{now:%d%H}", unplanned=True)
    with clock_frozen(now):
        plan = plan_propose(actor=demo_user("border.tucson"), manifest=manifest)
    handovers = _handovers(plan)
    assert len(handovers) == plan.planned_count == 4
    assert min(handovers) >= now + LEAD
    assert plan.proposed_at == now


def test_a_given_handover_too_soon_is_planned_again_not_kept(demo_user):
    manifest = _manifest(demo_user, "usbp-tca-time-kept", unplanned=False)  # given: 14th 10:00
    officer = demo_user("border.tucson")
    with clock_frozen(datetime.fromisoformat("2019-03-13T08:00-07:00")):
        early = plan_propose(actor=officer, manifest=manifest)
    assert {r.status for r in early.rows.all()} == {PlanRowStatus.KEPT}
    now = datetime.fromisoformat("2019-03-14T09:00-07:00")  # an hour before: too soon
    with clock_frozen(now):
        late = plan_propose(actor=officer, manifest=manifest)
    too_soon = now + LEAD
    statuses = {r.record.record_id: r.status for r in late.rows.select_related("record")}
    assert statuses["TCA-0001"] == PlanRowStatus.PLANNED  # given 10:00, an hour away
    assert PlanRowStatus.UNPLANNED not in statuses.values()
    assert min(_handovers(late)) >= too_soon


def test_a_plan_from_yesterday_cannot_be_accepted_until_planned_again(client, demo_user):
    officer = demo_user("border.tucson")
    manifest = _manifest(demo_user, "usbp-tca-time-yesterday", unplanned=True)
    yesterday = datetime.fromisoformat("2019-03-12T21:00-07:00")
    with clock_frozen(yesterday):
        plan = plan_propose(actor=officer, manifest=manifest)
        assert plan_outdated(plan) is None
    today = datetime.fromisoformat("2019-03-13T05:30-07:00")  # before any of its handovers
    assert min(_handovers(plan)) > today
    with clock_frozen(today):
        assert plan_outdated(plan) == Outdated.EARLIER_DAY
        with pytest.raises(PlanOutdatedError):
            plan_accept(actor=officer, plan=plan)
        client.force_login(officer)
        page = client.get(reverse("planning:plan-detail", args=[plan.pk])).content.decode()
        assert "proposed on an earlier day" in page
        assert reverse("planning:plan-propose", args=[manifest.manifest_id]) in page
        assert reverse("planning:plan-accept", args=[plan.pk]) not in page
        response = client.post(reverse("planning:plan-accept", args=[plan.pk]),
                               {"confirm": "yes"}, follow=True)  # fmt: skip
        assert "The plan was not accepted." in response.content.decode()
        client.cookies["enlace_language"] = "es-mx"
        page = client.get(reverse("planning:plan-detail", args=[plan.pk])).content.decode()
        assert 'lang="es' in page
        plan.refresh_from_db()
        assert plan.status == PlanStatus.PROPOSED
        assert not Repatriation.objects.filter(manifest_record__manifest=manifest).exists()
        again = plan_propose(actor=officer, manifest=manifest)  # planned again: accepted
        assert plan_accept(actor=officer, plan=again).status == PlanStatus.ACCEPTED


def test_a_plan_whose_first_handover_passed_cannot_be_accepted(demo_user):
    officer = demo_user("border.tucson")
    manifest = _manifest(demo_user, "usbp-tca-time-past", unplanned=True)
    with clock_frozen(datetime.fromisoformat("2019-03-13T06:00-07:00")):
        plan = plan_propose(actor=officer, manifest=manifest)
    after = min(_handovers(plan)) + timedelta(minutes=1)
    assert after.astimezone(datetime.fromisoformat("2019-03-13T00:00-07:00").tzinfo).day == 13
    with clock_frozen(after):
        assert plan_outdated(plan) == Outdated.HANDOVER_PAST
        with pytest.raises(PlanOutdatedError):
            plan_accept(actor=officer, plan=plan)
