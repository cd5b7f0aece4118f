"""Writes to persons, their documents, families and encounters: one transaction, audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from enlace.access import Actor, SystemActor
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .core.dates import partial_date_parse
from .core.identifiers import (
    InvalidIdentifier,
    a_number_normalize,
    curp_normalize,
    fin_normalize,
    matricula_normalize,
    passport_normalize,
)
from .models import (
    DocumentKind,
    Encounter,
    FamilyGroup,
    FamilyMembership,
    IdentityDocument,
    Person,
    PersonLanguage,
)

_NORMALIZERS = {
    DocumentKind.A_NUMBER: a_number_normalize,
    DocumentKind.FIN: fin_normalize,
    DocumentKind.MATRICULA: matricula_normalize,
    DocumentKind.PASSPORT: passport_normalize,
    DocumentKind.CURP: curp_normalize,
}


@dataclass
class PersonData:
    given_names: str
    paternal_surname: str = ""
    maternal_surname: str = ""
    sex: str = ""
    date_of_birth: str = ""  # YYYY-MM-DD, YYYY-MM or YYYY
    birth_date_approximate: bool = False
    nationality: str = "MEX"
    curp: str = ""
    state_of_birth_id: str | None = None
    languages: list[str] = field(default_factory=list)  # ISO 639-3, first is primary
    needs_interpreter: bool = False


def _person_fields(data: PersonData) -> dict[str, Any]:
    if not data.given_names.strip():
        raise ValidationError({"given_names": _("Given names are required.")}, code="required")
    fields: dict[str, Any] = {
        "given_names": data.given_names.strip(),
        "paternal_surname": data.paternal_surname.strip(),
        "maternal_surname": data.maternal_surname.strip(),
        "sex": data.sex,
        "birth_date_approximate": data.birth_date_approximate,
        "nationality": data.nationality.upper(),
        "state_of_birth_id": data.state_of_birth_id,
        "needs_interpreter": data.needs_interpreter,
        "curp": None,
    }
    if data.date_of_birth:
        try:
            birth = partial_date_parse(data.date_of_birth)
        except ValueError as exc:
            message = _("“%(value)s” is not a date of birth (YYYY-MM-DD, YYYY-MM or YYYY).")
            raise ValidationError(
                {"date_of_birth": message % {"value": data.date_of_birth}}, code="invalid"
            ) from exc
        fields["birth_date"] = birth.value
        fields["birth_date_precision"] = birth.precision.value
    if data.curp:
        try:
            fields["curp"] = curp_normalize(data.curp)
        except InvalidIdentifier as exc:
            raise ValidationError({"curp": _("The CURP is not valid.")}, code=exc.code) from exc
    return fields


def person_create(*, actor: Actor, data: PersonData) -> Person:
    """Create a person (validated) with their languages."""
    fields = _person_fields(data)
    with transaction.atomic():
        person = Person.objects.create(**fields)
        PersonLanguage.objects.bulk_create(
            PersonLanguage(person=person, language_id=code, primary=(i == 0))
            for i, code in enumerate(data.languages)
        )
        if person.curp:
            IdentityDocument.objects.create(
                person=person, kind=DocumentKind.CURP, number=person.curp
            )
        audit_record(actor=actor, action=AuditAction.CREATE, subject=person)
    return person


def document_add(*, actor: Actor, person: Person, kind: str, number: str) -> IdentityDocument:
    """Attach a validated identity number to a person."""
    normalize = _NORMALIZERS[DocumentKind(kind)]
    try:
        normalized = normalize(number)
    except InvalidIdentifier as exc:
        message = _("“%(value)s” is not a valid %(kind)s.")
        label = DocumentKind(kind).label
        raise ValidationError({"number": message % {"value": number, "kind": label}}) from exc
    with transaction.atomic():
        document = IdentityDocument.objects.create(person=person, kind=kind, number=normalized)
        audit_record(actor=actor, action=AuditAction.CREATE, subject=document)
    return document


def family_group_create(
    *, actor: Actor, reference: str, members: list[tuple[Person, str]]
) -> FamilyGroup:
    """Create a family group with its members and their relationships."""
    with transaction.atomic():
        group = FamilyGroup.objects.create(reference=reference)
        FamilyMembership.objects.bulk_create(
            FamilyMembership(group=group, person=person, relationship=relationship)
            for person, relationship in members
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, subject=group, detail={"members": len(members)}
        )
    return group


@dataclass
class EncounterData:
    kind: str
    occurred_at: datetime
    agency_id: str
    office_id: str
    custody_office_id: str | None = None
    sector_id: str | None = None
    port_id: str | None = None
    county_id: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    family_group: FamilyGroup | None = None
    unaccompanied_minor: bool = False


def encounter_record(*, actor: Actor, person: Person, data: EncounterData) -> Encounter:
    """Record an apprehension or detention of a person."""
    if data.occurred_at.tzinfo is None:
        raise ValidationError({"occurred_at": _("The time must include a time zone.")})
    with transaction.atomic():
        encounter = Encounter.objects.create(
            person=person,
            recorded_by=None if isinstance(actor, SystemActor) else actor,
            **vars(data),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, subject=encounter)
    return encounter


def family_member_add(
    *, actor: Actor, group: FamilyGroup, person: Person, relationship: str
) -> FamilyMembership:
    """Add a person to a family group."""
    with transaction.atomic():
        membership = FamilyMembership.objects.create(
            group=group, person=person, relationship=relationship
        )
        audit_record(actor=actor, action=AuditAction.CREATE, subject=membership)
    return membership
