"""The audit trail: append-only, hash-chained, and every tampering is found by verify."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from enlace.core.audit import audit_record, audit_verify
from enlace.core.models import AppendOnlyError, AuditAction, AuditEvent
from enlace.people.models import Person

from .. import actors, factories

pytestmark = pytest.mark.django_db


def _raw(sql: str, params: list) -> None:
    """Tamper as an attacker with database access would: raw SQL, triggers off on PostgreSQL."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only"
            )
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")


def _some_events(n: int = 5) -> list[AuditEvent]:
    return [
        audit_record(actor=None, action=AuditAction.VIEW, subject=("people.person", str(i)))
        for i in range(n)
    ]


def test_intact_chain_verifies():
    """A chain nobody touched has no problem, and the command says so."""
    _some_events()
    assert audit_verify() == []
    call_command("audit", "verify")


def test_edited_row_is_detected():
    """Changing one field of one row is reported as an edit at that row."""
    events = _some_events()
    _raw("UPDATE core_auditevent SET subject_id = %s WHERE seq = %s", ["999", events[2].seq])
    problems = audit_verify()
    assert [(p.seq, p.kind) for p in problems] == [(events[2].seq, "edited")]
    with pytest.raises(CommandError):
        call_command("audit", "verify")


def test_deleted_row_is_detected():
    """Removing a row from the middle breaks the sequence and the link of the next row."""
    events = _some_events()
    _raw("DELETE FROM core_auditevent WHERE seq = %s", [events[1].seq])
    kinds = {(p.seq, p.kind) for p in audit_verify()}
    assert (events[2].seq, "broken_link") in kinds
    assert (events[2].seq, "gap") in kinds


def test_deleted_last_row_is_detected():
    """Removing the newest row no longer matches the chain's head."""
    events = _some_events()
    _raw("DELETE FROM core_auditevent WHERE seq = %s", [events[-1].seq])
    assert [p.kind for p in audit_verify()] == ["head_mismatch"]


def test_inserted_row_is_detected():
    """A forged row slipped in with a plausible hash breaks the chain after it."""
    events = _some_events()
    last = events[-1]
    _raw("UPDATE core_auditevent SET seq = seq + 1000 WHERE seq = %s", [last.seq])
    _raw(
        "INSERT INTO core_auditevent (seq, occurred_at, office_code, action, subject_type,"
        " subject_id, request_id, detail, prev_hash, hash)"
        " VALUES (%s, %s, '', 'view', 'people.person', '1', 'x', '{}', %s, %s)",
        [last.seq, last.occurred_at, events[-2].hash, "f" * 64],
    )
    kinds = {p.kind for p in audit_verify()}
    assert "edited" in kinds


def test_model_refuses_update_and_delete():
    """The ORM cannot change or delete an event."""
    event = _some_events(1)[0]
    event.subject_id = "2"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


@pytest.mark.postgres
def test_database_refuses_update_on_postgres():
    """On PostgreSQL a trigger refuses UPDATE even through raw SQL."""
    event = _some_events(1)[0]
    sql = "UPDATE core_auditevent SET subject_id = '1' WHERE seq = %s"
    with (
        pytest.raises(Exception, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.seq])


def test_person_view_is_audited_without_personal_data(actor, client):
    """Opening a person's page writes a view event naming ids only, never the name or CURP."""
    user = actor(actors.BORDER_TUCSON)
    client.force_login(user)
    from enlace.people.scopes import persons_visible

    manifest = factories.manifest_submitted(user, factories.manifest_csv(manifest_id="audit-1"))
    person = (
        persons_visible(user)
        .filter(pk__in=manifest.records.values("person_id"))
        .exclude(curp=None)[0]
    )
    before = AuditEvent.objects.count()
    response = client.get(reverse("people:person-detail", args=[person.pk]))
    assert response.status_code == 200
    event = AuditEvent.objects.filter(seq__gt=before).get(action=AuditAction.VIEW)
    assert (event.subject_type, event.subject_id) == ("people.person", str(person.pk))
    assert event.actor_id == user.pk
    assert event.office_code == "usbp-tca"
    assert event.request_id == response["X-Request-ID"]
    row = " ".join(str(v) for v in AuditEvent.objects.filter(pk=event.pk).values().first().values())
    for value in (person.given_names, person.paternal_surname, person.curp):
        assert value
        assert value not in row


def test_writes_are_audited(actor):
    """Creating a person through the service writes a create event in the same transaction."""
    from enlace.people.services import PersonData, person_create

    before = AuditEvent.objects.count()
    person = person_create(actor=actor(actors.BORDER_TUCSON), data=PersonData(given_names="Ana"))
    assert AuditEvent.objects.filter(seq__gt=before, action="create").get().subject_id == str(
        person.pk
    )
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_system_actor_is_recorded_by_name_and_the_chain_holds(actor):
    """A process acting on its own authority is named in the event; a user is not given a
    name there, and an anonymous act (a failed sign-in) has neither."""
    from enlace.access import SystemActor

    system = audit_record(
        actor=SystemActor(name="nightly-linkage"), action=AuditAction.CREATE,
        subject=("identity.linkrun", "1"), detail={"persons": 3},
    )  # fmt: skip
    user = audit_record(actor=actor(actors.BORDER_TUCSON), action=AuditAction.VIEW, subject=None)
    anonymous = audit_record(actor=None, action=AuditAction.LOGIN_FAILED, subject=None)

    assert system.detail == {"persons": 3, "system_actor": "nightly-linkage"}
    assert system.actor_id is None
    assert "system_actor" not in user.detail
    assert user.actor_id is not None
    assert anonymous.detail == {}
    assert audit_verify() == []
