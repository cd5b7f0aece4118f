"""Scoped reads of personal data. Every read of a person writes a read-audit event.

Missing and forbidden look the same: ``person_get`` raises ``Http404`` for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.repatriation.models import Repatriation

from .core.identifiers import InvalidIdentifier, a_number_normalize, curp_normalize
from .models import Encounter, IdentityDocument, Person
from .scopes import encounters_visible, persons_visible, repatriations_visible, sees_persons

_TOKEN = re.compile(r"\w+", re.UNICODE)


def _identifier_filter(query: str) -> Q | None:
    for normalize in (curp_normalize, a_number_normalize):
        try:
            number = normalize(query)
        except InvalidIdentifier:
            continue
        holders = IdentityDocument.objects.filter(number=number).values("person_id")
        return Q(curp=number) | Q(pk__in=holders)
    return None


def _name_filter(query: str) -> Q:
    condition = Q()
    for token in _TOKEN.findall(query):
        condition &= (
            Q(given_names__icontains=token)
            | Q(paternal_surname__icontains=token)
            | Q(maternal_surname__icontains=token)
        )
    return condition


def person_list(
    *, user: Any, query: str = "", limit: int = 50, after_id: int | None = None
) -> list[Person]:
    """Return up to ``limit`` persons in the user's scope matching a name, CURP or A-number:
    by name, or, with ``after_id`` (a cursor), by id from there."""
    if not sees_persons(user):
        raise Http404
    persons = persons_visible(user).select_related("state_of_birth")
    if after_id is not None:
        persons = persons.filter(pk__gt=after_id).order_by("pk")
    query = query.strip()
    if query:
        persons = persons.filter(_identifier_filter(query) or _name_filter(query))
    result = list(persons[:limit])
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("people.person", ""),
        detail={"count": len(result), "searched": bool(query)},
    )
    return result


def person_get(*, user: Any, person_id: int) -> Person:
    """Return one person in the user's scope, or 404 whether missing or out of scope."""
    if not sees_persons(user):
        raise Http404
    person = (
        persons_visible(user)
        .select_related("state_of_birth")
        .prefetch_related("spoken_languages__language")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=person)
    return person


@dataclass(frozen=True)
class PersonRecord:
    """What a person's page shows: the person and the records the user may see."""

    person: Person
    documents: list[IdentityDocument]
    encounters: list[Encounter]
    repatriations: list[Repatriation]
    family: list[Any]


def person_record_get(*, user: Any, person_id: int) -> PersonRecord:
    person = person_get(user=user, person_id=person_id)
    encounters = encounters_visible(user).filter(person=person)
    repatriations = repatriations_visible(user).filter(person=person)
    family = person.family_memberships.select_related("group")
    return PersonRecord(
        person=person,
        documents=list(person.documents.all()),
        encounters=list(encounters.select_related("office", "sector", "port", "county", "agency")),
        repatriations=list(repatriations.select_related("port", "reception_point")),
        family=list(family),
    )


def encounter_list(*, user: Any, limit: int = 50) -> QuerySet[Encounter]:
    """Encounters in scope, newest first (no audit: the list shows no personal data)."""
    return encounters_visible(user).select_related("sector", "port", "office")[:limit]


def repatriation_list(*, user: Any, limit: int = 100) -> list[Repatriation]:
    """Scheduled repatriations in scope, soonest first, with the persons (audited as a list)."""
    if not sees_persons(user):
        raise Http404
    rows = list(
        repatriations_visible(user)
        .select_related("person", "port", "reception_point")
        .order_by("scheduled_at")[:limit]
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("repatriation.repatriation", ""),
        detail={"count": len(rows)},
    )
    return rows


def encounter_counts(*, by: str = "sector") -> list[dict[str, Any]]:
    """Aggregate counts, no person: events and unique persons per sector or month."""
    dimension = {"sector": "sector__name", "month": "month"}[by]
    rows = Encounter.objects.all()
    if by == "month":
        rows = rows.annotate(month=TruncMonth("occurred_at"))
    return list(
        rows.values(dimension)
        .annotate(events=Count("pk"), persons=Count("person", distinct=True))
        .order_by(dimension)
    )
