"""Proposing and accepting plans: who may, what is stored, what is audited."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from enlace.core.models import AuditEvent
from enlace.planning.models import PlanRowStatus, PlanStatus
from enlace.planning.selectors import plan_get
from enlace.planning.services import PlanStateError, plan_accept, plan_propose
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import ManifestStatus, Repatriation

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


def _content() -> bytes:
    """The example with its handovers left to plan (and another manifest id)."""
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        row.update(manifest_id="usbp-tca-plan-test", handover_port="", handover_at="",
                   notice_sent_at="")  # fmt: skip
        writer.writerow(row)
    return buffer.getvalue().encode()


@pytest.fixture
def manifest(demo_user):
    return manifest_submit(actor=demo_user("border.tucson"), content=_content()).manifest


def test_propose_stores_every_row_and_audits(manifest, demo_user):
    officer = demo_user("border.tucson")
    plan = plan_propose(actor=officer, manifest=manifest)
    rows = list(plan.rows.select_related("record"))
    assert plan.status == PlanStatus.PROPOSED
    assert (plan.planned_count, plan.unplanned_count) == (4, 0)
    assert {(r.status, r.reception_point_id) for r in rows} == {(PlanRowStatus.PLANNED, "nogales")}
    assert rows[0].considered
    assert rows[0].reason
    manifest.refresh_from_db()
    assert manifest.status == ManifestStatus.PLANNED
    assert AuditEvent.objects.filter(subject_type="planning.plan", subject_id=str(plan.pk),
                                     action="create").exists()  # fmt: skip


def test_a_new_proposal_supersedes_the_previous(manifest, demo_user):
    officer = demo_user("border.tucson")
    first = plan_propose(actor=officer, manifest=manifest)
    plan_propose(actor=officer, manifest=manifest)
    first.refresh_from_db()
    assert first.status == PlanStatus.SUPERSEDED


@pytest.mark.parametrize("username", ["consul.nogales", "inm.nogales", "analyst",
                                      "removal.phoenix"])  # fmt: skip
def test_only_the_sending_office_may_propose(manifest, demo_user, username):
    with pytest.raises(PermissionDenied):
        plan_propose(actor=demo_user(username), manifest=manifest)


def test_accept_schedules_the_handovers_and_is_audited(manifest, demo_user):
    officer = demo_user("border.tucson")
    plan = plan_propose(actor=officer, manifest=manifest)
    with pytest.raises(PermissionDenied):
        plan_accept(actor=demo_user("inm.nogales"), plan=plan)
    accepted = plan_accept(actor=officer, plan=plan)
    assert accepted.status == PlanStatus.ACCEPTED
    assert accepted.accepted_by == officer
    assert accepted.accepted_at
    scheduled = Repatriation.objects.filter(manifest_record__manifest=manifest)
    planned = {r.record_id: r.handover_at for r in plan.rows.all()}
    assert {r.manifest_record_id: r.scheduled_at for r in scheduled} == planned
    assert AuditEvent.objects.filter(subject_type="planning.plan", subject_id=str(plan.pk),
                                     action="accept").exists()  # fmt: skip
    with pytest.raises(PlanStateError):
        plan_accept(actor=officer, plan=plan)


def test_a_plan_of_another_office_looks_missing(manifest, demo_user):
    plan = plan_propose(actor=demo_user("border.tucson"), manifest=manifest)
    assert plan_get(user=demo_user("border.tucson"), plan_id=plan.pk) == plan
    with pytest.raises(Http404):
        plan_get(user=demo_user("removal.phoenix"), plan_id=plan.pk)
    with pytest.raises(Http404):
        plan_get(user=demo_user("border.tucson"), plan_id=plan.pk + 1000)
