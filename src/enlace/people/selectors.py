"""Scoped reads of personal data. Every read of a person writes a read-audit event.

Missing and forbidden look the same: ``person_get`` raises ``Http404`` for both.

``person_encounters``, ``person_documents`` and ``person_family`` are the people app's parts of
the person page (composed in ``enlace.web.person``, which audits what the page shows).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from enlace.access import Actor, scoped
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from . import search
from .models import Encounter, FamilyMembership, IdentityDocument, Person
from .scopes import persons_visible, sees_persons


def person_search(*, user: Actor, query: str, limit: int = 50) -> search.SearchResult:
    """Persons in the user's scope matching a name, CURP or A-number, best first.

    Each hit says why it matched (``hit.kind``: exact, all words, similar; None for an
    identifier); ``broad`` when the name matched more persons than could be ranked."""
    if not sees_persons(user):
        raise Http404
    persons = persons_visible(user).select_related("state_of_birth")
    result = search.persons_rank(persons, query.strip(), limit)
    _audit_list(user, len(result.hits), searched=True)
    return result


def person_list(
    *, user: Actor, query: str = "", limit: int = 50, after_id: int | None = None
) -> list[Person]:
    """Return up to ``limit`` persons in the user's scope matching a name, CURP or A-number:
    best match first (see ``person_search``); without a query, by name; with ``after_id``
    (the API's cursor), by id from there."""
    query = query.strip()
    if query and after_id is None:
        return person_search(user=user, query=query, limit=limit).persons
    if not sees_persons(user):
        raise Http404
    persons = persons_visible(user).select_related("state_of_birth")
    if after_id is None:
        result = list(persons[:limit])
    elif query:
        result = search.persons_after(persons, query, limit, after_id)
    else:
        result = list(persons.filter(pk__gt=after_id).order_by("pk")[:limit])
    _audit_list(user, len(result), searched=bool(query))
    return result


def _audit_list(user: Actor, count: int, *, searched: bool) -> None:
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("people.person", ""),
        detail={"count": count, "searched": searched},
    )


def person_get(*, user: Actor, person_id: int) -> Person:
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


def person_encounters(*, user: Actor, person: Person) -> QuerySet[Encounter]:
    """The person's encounters in the user's scope, with the places a history names."""
    return (
        scoped(user, Encounter)
        .filter(person=person)
        .select_related("agency", "office", "sector", "port", "county")
    )


def person_documents(*, person: Person) -> list[IdentityDocument]:
    """The identity documents of a person already read through ``person_get``."""
    return list(person.documents.order_by("kind", "pk"))


@dataclass(frozen=True)
class FamilyMember:
    """A member of the person's family group; ``person`` is None outside the user's scope."""

    relationship: str
    person: Person | None
    is_self: bool


@dataclass(frozen=True)
class FamilyGroupView:
    reference: str
    members: list[FamilyMember] = field(default_factory=list)


def person_family(*, user: Actor, person: Person) -> list[FamilyGroupView]:
    """The family groups of a person already read through ``person_get``: each member, named
    only when the user may see that member too."""
    memberships = list(
        FamilyMembership.objects.filter(group__memberships__person=person)
        .select_related("group")
        .order_by("group_id", "pk")
    )
    others = {m.person_id for m in memberships} - {person.pk}
    visible = {p.pk: p for p in persons_visible(user).filter(pk__in=others)} if others else {}
    groups: dict[int, FamilyGroupView] = {}
    for membership in memberships:
        group = groups.setdefault(membership.group_id, FamilyGroupView(membership.group.reference))
        is_self = membership.person_id == person.pk
        member = person if is_self else visible.get(membership.person_id)
        group.members.append(FamilyMember(membership.get_relationship_display(), member, is_self))
    return list(groups.values())
