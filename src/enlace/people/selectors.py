"""Scoped reads of personal data. Every read of a person writes a read-audit event.

Missing and forbidden look the same: ``person_get`` raises ``Http404`` for both.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from . import search
from .models import Person
from .scopes import persons_visible, sees_persons


def person_search(*, user: Any, query: str, limit: int = 50) -> search.SearchResult:
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
    *, user: Any, query: str = "", limit: int = 50, after_id: int | None = None
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


def _audit_list(user: Any, count: int, *, searched: bool) -> None:
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("people.person", ""),
        detail={"count": count, "searched": searched},
    )


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
