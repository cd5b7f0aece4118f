"""The US side's consular steps belong to the office that holds the national, not to every
office that sees the person.

The case found in a browser: a national apprehended by the Tucson sector (so in
``border.tucson``'s scope) and transferred to ICE ERO Phoenix's custody. ICE holds the person:
ICE offers consular notification and takes the US steps. Tucson could open the offer form and
record an offer on ICE's custody, and read ICE's notification. Now both are refused: the pages
answer 404, as for a missing record, and the services raise ``PermissionDenied``, leaving no
row and no outbox event.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from enlace.consular.models import ConsularNotification, NotificationStatus
from enlace.consular.selectors import encounter_offerable_list, notification_list
from enlace.consular.services import (
    notification_answer,
    notification_notify,
    notification_offer,
)
from enlace.core.models import AuditEvent
from enlace.outbox.models import OutboxEvent
from enlace.people.models import Encounter, EncounterKind
from enlace.people.services import EncounterData, PersonData, encounter_record, person_create

from .. import actors
from .factories import NOGALES_COUNTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def tucson(actor):
    return actor(actors.BORDER_TUCSON)


@pytest.fixture
def ice(actor):
    return actor(actors.REMOVAL_PHOENIX)


@pytest.fixture
def held_by_ice(tucson) -> Encounter:
    """Apprehended by the Tucson sector, now in ICE ERO Phoenix's custody."""
    person = person_create(
        actor=tucson, data=PersonData(given_names="Rosa", paternal_surname="Custodia", sex="F")
    )
    office = tucson.office
    data = EncounterData(
        kind=EncounterKind.APPREHENSION,
        occurred_at=timezone.now() - timedelta(hours=3),
        agency_id=office.agency_id,
        office_id=office.pk,
        custody_office_id="ero-phoenix",
        sector_id=office.sector_id,
        county_id=NOGALES_COUNTY,
    )
    return encounter_record(actor=tucson, person=person, data=data)


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_person_is_in_tucsons_scope_but_ice_holds_the_encounter(client, tucson, held_by_ice):
    """The premise: Tucson reads the person (the sector's apprehension), yet may not offer."""
    page = reverse("people:person-detail", args=[held_by_ice.person_id])
    assert _signed_in(client, tucson).get(page).status_code == 200
    assert held_by_ice not in encounter_offerable_list(user=tucson, limit=10_000)


def test_tucson_cannot_open_or_post_the_offer_for_ices_custody(client, tucson, held_by_ice):
    url = reverse("consular:notification-offer", args=[held_by_ice.pk])
    browser = _signed_in(client, tucson)
    missing = reverse("consular:notification-offer", args=[10**9])

    assert browser.get(url).status_code == 404
    assert browser.get(missing).status_code == 404
    assert browser.post(url, {"consulate": "nogales"}).status_code == 404
    assert not ConsularNotification.objects.filter(encounter=held_by_ice).exists()


def test_the_offer_service_refuses_tucson_and_writes_nothing(tucson, held_by_ice):
    before = AuditEvent.objects.count()

    with pytest.raises(PermissionDenied):
        notification_offer(actor=tucson, encounter_id=held_by_ice.pk, consulate="nogales")

    assert not ConsularNotification.objects.filter(encounter=held_by_ice).exists()
    assert AuditEvent.objects.count() == before


def test_ice_offers_and_tucson_can_neither_read_nor_step_on_it(client, tucson, ice, held_by_ice):
    notification = notification_offer(actor=ice, encounter_id=held_by_ice.pk, consulate="nogales")
    assert notification.offered_by == ice
    detail = reverse("consular:notification-detail", args=[notification.pk])
    assert _signed_in(client, ice).get(detail).status_code == 200
    events = OutboxEvent.objects.count()

    browser = _signed_in(client, tucson)
    assert browser.get(detail).status_code == 404
    answer = reverse("consular:notification-answer", args=[notification.pk])
    assert browser.post(answer, {"answer": "requested"}).status_code == 404
    with pytest.raises(PermissionDenied):
        notification_answer(actor=tucson, notification_id=notification.pk, requested=True)
    assert notification.pk not in {n.pk for n in notification_list(user=tucson, limit=10_000)}

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.OFFERED
    assert OutboxEvent.objects.count() == events  # the request was never announced

    notification_answer(actor=ice, notification_id=notification.pk, requested=True)
    with pytest.raises(PermissionDenied):
        notification_notify(actor=tucson, notification_id=notification.pk)
    assert notification_notify(actor=ice, notification_id=notification.pk).notified_by == ice
