"""Person services: validation with field-named errors, nothing half-written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enlace.core.models import AuditEvent
from enlace.people.models import DocumentKind, Person
from enlace.people.services import PersonData, document_add, person_create

from .. import actors

pytestmark = pytest.mark.django_db


def test_person_with_partial_birth_date_and_valid_curp(actor):
    person = person_create(
        actor=actor(actors.BORDER_TUCSON),
        data=PersonData(
            given_names="Rosa",
            paternal_surname="Luna",
            date_of_birth="1990-05",
            curp="hera850312mgrrzn01",
            languages=["nah", "spa"],
            needs_interpreter=True,
        ),
    )
    assert str(person.birth) == "1990-05"
    assert person.curp == "HERA850312MGRRZN01"
    assert person.documents.get(kind=DocumentKind.CURP).number == person.curp
    assert person.spoken_languages.get(primary=True).language_id == "nah"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (PersonData(given_names=""), "given_names"),
        (PersonData(given_names="Ana", date_of_birth="1990-14-01"), "date_of_birth"),
        (PersonData(given_names="Ana", curp="HERA850312MGRRZN09"), "curp"),
    ],
)
def test_bad_person_data_names_the_field_and_writes_nothing(actor, data, field):
    persons, events = Person.objects.count(), AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        person_create(actor=actor(actors.BORDER_TUCSON), data=data)
    assert field in excinfo.value.message_dict
    assert (Person.objects.count(), AuditEvent.objects.count()) == (persons, events)


def test_errors_come_in_spanish_for_spanish_users(actor):
    with translation.override("es-mx"), pytest.raises(ValidationError) as excinfo:
        person_create(actor=actor(actors.BORDER_TUCSON), data=PersonData(given_names=""))
    assert excinfo.value.message_dict["given_names"] == ["Los nombres son obligatorios."]


def test_document_number_is_validated_and_normalized(actor):
    actor = actor(actors.BORDER_TUCSON)
    person = person_create(actor=actor, data=PersonData(given_names="Ana"))
    assert document_add(
        actor=actor, person=person, kind="a_number", number="a 98765432"
    ).number == ("A098765432")
    with pytest.raises(ValidationError) as excinfo:
        document_add(actor=actor, person=person, kind="fin", number="12")
    assert "number" in excinfo.value.message_dict
