"""Border Patrol records a rescue: in its sector, audited; bad input named field by field in
the user's language, nothing written; other roles refused."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from enlace.core.clock import clock_frozen
from enlace.core.models import AuditEvent
from enlace.safety.models import Incident

from ..actors import ANALYST, BORDER_TUCSON, MEDICAL_EXAMINER_PIMA, ActorSpec, actor

pytestmark = pytest.mark.django_db

GOOD = {
    "rescued_on": "2026-06-14",
    "latitude": "31.95",
    "longitude": "-111.90",
    "persons": "3",
    "circumstance": "heat",
    "location": "near Sasabe",
}


def _client(spec: ActorSpec, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(actor(spec))
    return client


def test_a_border_patrol_officer_records_a_rescue_in_the_sector():
    with clock_frozen(datetime.datetime(2026, 6, 15, 9, tzinfo=datetime.UTC)):
        response = _client(BORDER_TUCSON).post(reverse("safety:rescue-record"), GOOD)
    assert response.status_code == 302
    rescue = Incident.objects.get(kind="rescue", source="enlace")
    assert (rescue.sector_id, rescue.survivors, rescue.occurred_on) == (
        "TCA",
        3,
        datetime.date(2026, 6, 14),
    )
    assert rescue.recorded_by == actor(BORDER_TUCSON)
    assert AuditEvent.objects.filter(
        subject_type="safety.incident", subject_id=str(rescue.pk)
    ).exists()


def test_bad_input_is_named_in_spanish_and_nothing_is_written():
    bad = {**GOOD, "rescued_on": "2026-06-31", "latitude": "45", "persons": "0"}
    with clock_frozen(datetime.datetime(2026, 6, 15, 9, tzinfo=datetime.UTC)):
        response = _client(BORDER_TUCSON, "es").post(reverse("safety:rescue-record"), bad)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Fecha: escriba la fecha como AAAA-MM-DD." in text
    assert "Latitud: escriba un número entre 25 y 34" in text
    assert "Personas rescatadas" in text
    assert not Incident.objects.filter(source="enlace").exists()


def test_a_future_rescue_is_refused():
    with clock_frozen(datetime.datetime(2026, 6, 15, 9, tzinfo=datetime.UTC)):
        response = _client(BORDER_TUCSON).post(
            reverse("safety:rescue-record"), {**GOOD, "rescued_on": "2026-06-16"}
        )
    assert response.status_code == 400
    assert not Incident.objects.filter(source="enlace").exists()


@pytest.mark.parametrize("spec", [ANALYST, MEDICAL_EXAMINER_PIMA])
def test_other_roles_cannot_record_rescues(spec):
    assert _client(spec).post(reverse("safety:rescue-record"), GOOD).status_code == 403
    assert not Incident.objects.filter(source="enlace").exists()


def test_the_demo_adds_its_safety_records_once():
    """The Tucson threshold, an escalation replayed on July 2010's real records (announced in
    the outbox) and one rescue; a second run adds nothing."""
    from enlace.demo.safety import demo_safety
    from enlace.demo.services import demo_users_ensure
    from enlace.outbox.models import OutboxEvent
    from enlace.safety.models import Escalation, RiskThreshold
    from enlace.safety.services import safety_data_load

    safety_data_load()
    demo_users_ensure()
    demo_safety()
    demo_safety()
    assert RiskThreshold.objects.get(sector_id="TCA").deaths == 20
    [escalation] = Escalation.objects.all()
    assert escalation.deaths >= 20
    assert escalation.window_end == datetime.date(2010, 7, 31)
    assert OutboxEvent.objects.filter(event_type="safety.escalation").count() == 1
    assert Incident.objects.filter(kind="rescue", source="enlace").count() == 1
