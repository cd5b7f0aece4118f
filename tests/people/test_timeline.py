"""A person's timeline across agencies, and the person page around it, per role.

The scenario: the example manifest (Tucson sector, handover at Nogales) stores María de Jesús,
apprehended by the Border Patrol and naming the Nogales consulate; the Border Patrol offers
consular notification, she asks for it, the consulate is notified and acknowledges; the
Border Patrol hands her over to INM Nogales, who confirms.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.consular.models import ConsularNotification
from enlace.consular.services import (
    notification_acknowledge,
    notification_answer,
    notification_notify,
    notification_offer,
)
from enlace.core.models import AuditAction, AuditEvent
from enlace.people.models import FamilyMembership, Relationship
from enlace.people.services import EncounterData, PersonData, encounter_record, person_create
from enlace.receipts.services import handover_confirm, handover_offer
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation
from enlace.web.timeline import person_timeline

from .. import actors
from ..web.support import assert_csp_clean

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


def _notify(encounter_id: int, border, consul, at: datetime) -> None:
    """Take the encounter's notification to "acknowledged": the steps its manifest records
    (made at intake) and the rest."""
    made = ConsularNotification.objects.filter(encounter_id=encounter_id).first()
    if made is not None:
        notification_acknowledge(actor=consul, notification_id=made.pk, at=at + timedelta(hours=3))
        return
    notification = notification_offer(
        actor=border, encounter_id=encounter_id, consulate="nogales", at=at
    )
    notification_answer(
        actor=border, notification_id=notification.pk, requested=True, at=at + timedelta(hours=1)
    )
    notification_notify(actor=border, notification_id=notification.pk, at=at + timedelta(hours=2))
    notification_acknowledge(
        actor=consul, notification_id=notification.pk, at=at + timedelta(hours=3)
    )


@pytest.fixture
def story(actor) -> SimpleNamespace:
    border, consul, inm = (
        actor(actors.named(u)) for u in ("border.tucson", "consul.nogales", "inm.nogales")
    )
    manifest = manifest_submit(actor=border, content=EXAMPLE.read_bytes()).manifest
    repatriation = Repatriation.objects.select_related("manifest_record__manifest").get(
        manifest_record__manifest=manifest, manifest_record__record_id="TCA-0001"
    )
    encounter = repatriation.encounter
    assert encounter is not None
    _notify(encounter.pk, border, consul, encounter.occurred_at + timedelta(minutes=30))
    receipt = handover_offer(actor=border, repatriation=repatriation, receiving_officer=inm)
    handover_confirm(actor=inm, receipt=receipt)
    return SimpleNamespace(
        person=repatriation.person, repatriation=repatriation, receipt=receipt,
        border=border, consul=consul, inm=inm,
    )  # fmt: skip


def _kinds(entries) -> list[str]:
    return [e.kind for e in entries]


def test_consul_sees_the_encounter_notification_and_handover_of_its_national(story):
    entries = person_timeline(user=story.consul, person=story.person)

    kinds = _kinds(entries)
    assert kinds.count("encounter") == 1
    assert kinds.count("notification") == 4  # offered, requested, notified, acknowledged
    assert kinds.count("handover") == 2  # signed by the delivering officer, confirmed
    assert "repatriation" in kinds
    assert "manifest" in kinds
    assert [e.when for e in entries] == sorted(e.when for e in entries)
    # The consulate may not open the receipt (the sending office and INM may): no link.
    assert all(not e.link for e in entries)


def test_reception_officer_sees_only_the_repatriation_side(story):
    entries = person_timeline(user=story.inm, person=story.person)

    kinds = set(_kinds(entries))
    assert kinds == {"manifest", "repatriation", "handover"}


def test_the_sending_office_sees_everything_it_recorded(story):
    entries = person_timeline(user=story.border, person=story.person)

    assert set(_kinds(entries)) == {
        "encounter", "notification", "manifest", "repatriation", "handover",
    }  # fmt: skip
    acknowledged = next(e for e in entries if e.title.startswith("Notification acknowledged"))
    assert acknowledged.time_zone == "America/Phoenix"  # the consulate's zone


def test_an_officer_of_another_scope_sees_nothing(story, actor):
    assert person_timeline(user=actor(actors.REMOVAL_PHOENIX), person=story.person) == []
    assert person_timeline(user=actor(actors.ANALYST), person=story.person) == []


def test_the_timeline_read_is_audited_with_counts_only(story):
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()

    entries = person_timeline(user=story.consul, person=story.person)

    event = AuditEvent.objects.get(seq__gt=before)
    assert event.action == AuditAction.LIST
    assert (event.subject_type, event.subject_id) == ("people.person", str(story.person.pk))
    assert event.detail == {"timeline": len(entries)}


def test_the_timeline_costs_the_same_queries_for_more_events(story):
    """No N+1: a second encounter, notification and repatriation add no query."""
    with CaptureQueriesContext(connection) as one:
        first = person_timeline(user=story.consul, person=story.person)
    occurred = story.repatriation.encounter.occurred_at + timedelta(days=30)
    encounter = encounter_record(
        actor=story.border, person=story.person,
        data=EncounterData(kind="apprehension", occurred_at=occurred, agency_id="CBP-USBP",
                           office_id="usbp-tca", sector_id="TCA", county_id="04023"),
    )  # fmt: skip
    _notify(encounter.pk, story.border, story.consul, occurred + timedelta(minutes=5))
    Repatriation.objects.create(
        person=story.person, encounter=encounter, port_id="2604", reception_point_id="nogales",
        scheduled_at=occurred + timedelta(days=1),
    )  # fmt: skip

    with CaptureQueriesContext(connection) as two:
        second = person_timeline(user=story.consul, person=story.person)

    assert len(second) == len(first) + 6  # encounter, 4 steps, repatriation
    assert len(two) == len(one)


# --- the person page --------------------------------------------------------------------


def _page(client, user, person, language: str = "en"):
    client.force_login(user)
    client.cookies["enlace_language"] = language
    return client.get(reverse("people:person-detail", args=[person.pk]))


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("en", ["Consulate notified", "Handover confirmed by the receiving officer",
                "Encounter: Apprehension"]),
        ("es-mx", ["Consulado notificado", "Entrega confirmada por el funcionario que recibe",
                   "Evento: Aprehensión"]),
    ],
)  # fmt: skip
def test_the_consul_page_shows_the_timeline_in_local_time(client, story, language, texts):
    response = _page(client, story.consul, story.person, language)

    html = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text in html
    # The handover is shown in the reception point's zone (Hermosillo, UTC-7, no DST).
    confirmed = story.receipt.__class__.objects.get(pk=story.receipt.pk).confirmed_at
    local = confirmed.astimezone(UTC) - timedelta(hours=7)
    assert f'datetime="{local:%Y-%m-%dT%H:%M}' in html
    assert_csp_clean(html)


def test_family_members_out_of_scope_are_shown_without_names(client, story, actor):
    group = story.person.family_memberships.get().group
    stranger = person_create(
        actor=story.border, data=PersonData(given_names="Anselmo", paternal_surname="Lejano")
    )
    encounter_record(
        actor=story.border, person=stranger,
        data=EncounterData(kind="apprehension", occurred_at=datetime(2019, 3, 1, tzinfo=UTC),
                           agency_id="CBP-USBP", office_id="usbp-tca", sector_id="TCA"),
    )  # fmt: skip
    FamilyMembership.objects.create(group=group, person=stranger, relationship=Relationship.SIBLING)

    html = _page(client, story.consul, story.person).content.decode()

    sibling = story.person.__class__.objects.get(
        family_memberships__group=group, family_memberships__relationship="child"
    )
    assert reverse("people:person-detail", args=[sibling.pk]) in html  # in scope: a link
    assert "Lejano" not in html
    assert "Not in your scope" in html
    border_html = _page(client, story.border, story.person).content.decode()
    assert "Lejano" in border_html  # the Border Patrol sees him


@pytest.mark.parametrize(
    ("username", "status"), [("analyst", 403), ("removal.phoenix", 404), ("secretariat", 403)]
)
def test_a_role_that_may_not_see_the_person_is_refused(client, story, actor, username, status):
    """A role that reads no person is refused the page (403); an officer of another scope
    finds the person missing (404)."""
    assert _page(client, actor(actors.named(username)), story.person).status_code == status


def test_the_person_page_costs_the_same_queries_for_more_events(client, story):
    _page(client, story.consul, story.person)  # warm the caches a first request fills
    with CaptureQueriesContext(connection) as one:
        _page(client, story.consul, story.person)
    occurred = story.repatriation.encounter.occurred_at + timedelta(days=40)
    encounter = encounter_record(
        actor=story.border, person=story.person,
        data=EncounterData(kind="apprehension", occurred_at=occurred, agency_id="CBP-USBP",
                           office_id="usbp-tca", sector_id="TCA", county_id="04023"),
    )  # fmt: skip
    _notify(encounter.pk, story.border, story.consul, occurred + timedelta(minutes=5))

    with CaptureQueriesContext(connection) as two:
        response = _page(client, story.consul, story.person)

    assert response.content.decode().count("Encounter: Apprehension") == 2
    assert len(two) == len(one)
