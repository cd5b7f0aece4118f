"""Plan pages: propose a plan for a stored manifest, review it by family unit, accept it;
only the sending office's officers may, others get 404."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.accounts.models import Role, User
from enlace.core.models import AuditEvent
from enlace.planning.models import Plan, PlanStatus
from enlace.planning.services import plan_accept, plan_propose
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation

from ..repatriation.test_pages import manifest_csv, queries_of, rows_csv
from ..web.support import assert_csp_clean

pytestmark = pytest.mark.django_db
NO_RECEIVER = {"TCA-0004": {"receiving_official": ""}}  # the minor cannot be handed over


@pytest.fixture
def manifest(demo_user):
    content = manifest_csv("usbp-tca-plan-pages", NO_RECEIVER, unplanned=True)
    return manifest_submit(actor=demo_user("border.tucson"), content=content).manifest


@pytest.fixture
def plan(client, demo_user, manifest):
    client.force_login(demo_user("border.tucson"))
    response = client.post(reverse("planning:plan-propose", args=[manifest.manifest_id]))
    plan = Plan.objects.get(manifest=manifest)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan-detail", args=[plan.pk])
    return plan


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Family unit of 2 persons", "Not planned", "no named receiving official",
                "Unaccompanied minor", "Accept this plan"]),
        ("es-mx", ["Unidad familiar de 2 personas", "Aceptar este plan"]),
    ],
)  # fmt: skip
def test_plan_review_groups_families_and_explains_unplanned_rows(client, plan, language, expected):
    client.cookies["enlace_language"] = language
    html = client.get(reverse("planning:plan-detail", args=[plan.pk])).content.decode()
    for text in expected:
        assert text in html
    assert "María de Jesús" in html
    # 20:00 UTC is 13:00 in Nogales, Sonora (America/Hermosillo, no daylight time).
    assert re.search(r"12 [Mm]ar 2019, 13:00 MST", html)
    assert reverse("agreements:agreement-detail", args=["mou-2004-repatriation"]) in html
    assert "usa-accordion__button" in html
    assert_csp_clean(html)
    assert AuditEvent.objects.filter(
        subject_type="planning.plan", subject_id=str(plan.pk), action="view"
    ).exists()


def test_the_manifest_page_lists_its_plans(client, plan, manifest):
    html = client.get(reverse("repatriation:manifest-detail", args=[manifest.manifest_id]))
    assert reverse("planning:plan-detail", args=[plan.pk]) in html.content.decode()


@pytest.mark.parametrize(
    ("username", "status"),
    [("removal.phoenix", 404), ("consul.nogales", 403), ("inm.nogales", 403)],
)
def test_other_offices_get_404_for_plans(client, plan, manifest, demo_user, username, status):
    """Another sending office finds no such plan or manifest (404, as for a missing one);
    roles that plan nothing are refused (403) alike for any id."""
    client.force_login(demo_user(username))
    assert client.get(reverse("planning:plan-detail", args=[plan.pk])).status_code == status
    missing = reverse("planning:plan-detail", args=[plan.pk + 999])
    assert client.get(missing).status_code == status
    accept = client.post(reverse("planning:plan-accept", args=[plan.pk]), {"confirm": "yes"})
    assert accept.status_code == status
    propose = reverse("planning:plan-propose", args=[manifest.manifest_id])
    assert client.post(propose).status_code == status
    assert Plan.objects.filter(manifest=manifest).count() == 1
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def test_a_colleague_without_a_planning_role_is_refused(client, plan, manifest, demo_user):
    """Same office, a role without the capabilities: every plan page is refused."""
    office = demo_user("border.tucson").office
    colleague = User.objects.create_user("t-analyst-tca", role=Role.ANALYST, office=office)
    client.force_login(colleague)
    assert client.get(reverse("planning:plan-detail", args=[plan.pk])).status_code == 403
    propose = reverse("planning:plan-propose", args=[manifest.manifest_id])
    assert client.post(propose).status_code == 403
    accept = client.post(reverse("planning:plan-accept", args=[plan.pk]), {"confirm": "yes"})
    assert accept.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def test_accepting_needs_the_confirmation_then_schedules_the_handovers(client, plan):
    accept = reverse("planning:plan-accept", args=[plan.pk])
    client.cookies["enlace_language"] = "es-mx"
    refused = client.post(accept, follow=True).content.decode()
    assert "He revisado este plan" in refused
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    client.cookies["enlace_language"] = "en"
    done = client.post(accept, {"confirm": "yes"}, follow=True).content.decode()
    assert "Plan accepted: 3 handovers are scheduled" in done
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED
    assert Repatriation.objects.filter(manifest_record__manifest=plan.manifest).count() == 3
    again = client.post(accept, {"confirm": "yes"}, follow=True).content.decode()
    assert "Only a proposed plan can be accepted" in again


def test_officer_home_lists_plans_and_handovers_to_record(client, plan):
    home = client.get(reverse("web:home")).content.decode()
    assert reverse("planning:plan-detail", args=[plan.pk]) in home
    assert reverse("repatriation:manifest-upload") in home
    client.post(reverse("planning:plan-accept", args=[plan.pk]), {"confirm": "yes"})
    home = client.get(reverse("web:home")).content.decode()
    assert "María de Jesús" in home
    assert "2019-03-12 13:00" in home
    assert "No plan is waiting for your acceptance." in home
    assert AuditEvent.objects.filter(
        subject_type="repatriation.repatriation", action="list"
    ).exists()
    assert_csp_clean(home)


def test_the_plan_page_query_count_does_not_grow_with_rows(client, demo_user):
    officer = demo_user("border.tucson")
    client.force_login(officer)
    counts = []
    for rows in (2, 10):
        content = rows_csv(f"usbp-tca-plan-q-{rows}", rows, unplanned=True)
        manifest = manifest_submit(actor=officer, content=content).manifest
        plan = plan_propose(actor=officer, manifest=manifest)
        assert plan.planned_count + plan.unplanned_count == rows
        counts.append(queries_of(client, reverse("planning:plan-detail", args=[plan.pk])))
    assert counts[0] == counts[1]


def test_accepting_a_plan_takes_as_many_queries_for_10_rows_as_for_2(demo_user):
    """The manifest's handovers are scheduled in bulk (``repatriations_schedule``)."""
    officer = demo_user("border.tucson")
    counts = []
    for rows in (2, 10):
        content = rows_csv(f"usbp-tca-accept-q-{rows}", rows, unplanned=True)
        manifest = manifest_submit(actor=officer, content=content).manifest
        plan = plan_propose(actor=officer, manifest=manifest)
        with CaptureQueriesContext(connection) as captured:
            plan_accept(actor=officer, plan=plan)
        scheduled = Repatriation.objects.filter(manifest_record__manifest=manifest)
        assert scheduled.count() == plan.planned_count > 0
        counts.append(len(captured))
    assert counts[0] == counts[1]
