"""The handovers are reachable where the officer works: the accepted plan and manifest link
to their handovers on ``/handovers/?manifest=…``; the person page offers "Record handover"
while the person's handover is scheduled and nothing is recorded."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse

from enlace.core.clock import clock_frozen
from enlace.planning.services import plan_accept, plan_propose
from enlace.receipts.services import handover_offer
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation

from .. import actors
from ..repatriation.test_pages import manifest_csv
from .test_pages import signed_in

pytestmark = pytest.mark.django_db
PLANNED_ON = datetime.fromisoformat("2019-03-13T08:00-07:00")


def test_the_accepted_plan_and_its_manifest_link_to_their_handovers(client, actor):
    officer = actor(actors.BORDER_TUCSON)
    manifest = manifest_submit(actor=officer, content=manifest_csv("usbp-tca-links")).manifest
    with clock_frozen(PLANNED_ON):
        plan = plan_propose(actor=officer, manifest=manifest)
    signed_in(client, officer)
    target = f"/handovers/?manifest={manifest.manifest_id}&amp;show=all"
    plan_url = reverse("planning:plan-detail", args=[plan.pk])
    manifest_url = reverse("repatriation:manifest-detail", args=[manifest.manifest_id])
    assert target not in client.get(plan_url).content.decode()  # proposed, not accepted
    assert target not in client.get(manifest_url).content.decode()

    with clock_frozen(PLANNED_ON):
        plan_accept(actor=officer, plan=plan)

    assert target in client.get(plan_url).content.decode()
    assert target in client.get(manifest_url).content.decode()
    listed = client.get("/handovers/", {"manifest": manifest.manifest_id, "show": "all"})
    scheduled = Repatriation.objects.filter(manifest_record__manifest=manifest)
    assert {row.repatriation.pk for row in listed.context["worklist"].rows} == set(
        scheduled.values_list("pk", flat=True)
    )
    assert scheduled.count() > 1


def test_the_person_page_offers_record_handover_until_it_is_recorded(client, actor):
    officer = actor(actors.BORDER_TUCSON)
    manifest = manifest_submit(actor=officer, content=manifest_csv("usbp-tca-person")).manifest
    with clock_frozen(PLANNED_ON):
        plan_accept(actor=officer, plan=plan_propose(actor=officer, manifest=manifest))
    repatriation = Repatriation.objects.filter(manifest_record__manifest=manifest).first()
    person_url = reverse("people:person-detail", args=[repatriation.person_id])
    record = reverse("receipts:handover-offer", args=[repatriation.pk])

    assert record in signed_in(client, officer).get(person_url).content.decode()
    inm = actor(actors.INM_NOGALES)
    assert record not in signed_in(client, inm).get(person_url).content.decode()

    handover_offer(actor=officer, repatriation=repatriation, receiving_officer=inm)
    assert record not in signed_in(client, officer).get(person_url).content.decode()
