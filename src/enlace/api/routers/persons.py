"""Persons: search and get, through the web's selectors (same scopes, same read-audit)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from ninja import Field, Query, Router, Schema

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.people.models import Person
from enlace.people.selectors import person_get, person_list

from ..http import ApiRequest, cursor_decode, cursor_encode
from ..problems import Problem
from ..schemas import PersonList, PersonOut

router = Router(tags=["persons"])
ERRORS = {400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem}


class PersonSearch(Schema):
    q: str = Field("", max_length=200, description="Name, CURP or A-number")
    limit: int = Field(50, ge=1, le=100)
    cursor: str | None = Field(None, description="`next_cursor` of the previous page")


def person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk, "given_names": person.given_names,
        "paternal_surname": person.paternal_surname, "maternal_surname": person.maternal_surname,
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "curp": person.curp, "nationality": person.nationality,
        "state_of_birth": person.state_of_birth_id,
    }  # fmt: skip


@router.get(
    "",
    response={200: PersonList, **ERRORS},
    summary="Search persons in your scope (by id, a page at a time)",
)
@policy(Capability.PERSON_READ)
def person_search(request: ApiRequest, filters: Query[PersonSearch]) -> Any:
    persons = person_list(
        user=request.auth, query=filters.q, limit=filters.limit + 1,
        after_id=cursor_decode(filters.cursor),
    )  # fmt: skip
    more, persons = len(persons) > filters.limit, persons[: filters.limit]
    return {"items": [person_out(p) for p in persons],
            "next_cursor": cursor_encode(persons[-1].pk) if more else None}  # fmt: skip


@router.get("/{person_id}", response={200: PersonOut, **ERRORS}, summary="One person")
@policy(Capability.PERSON_READ)
def person_detail(request: ApiRequest, person_id: int) -> Any:
    if not 0 < person_id < 2**62:
        raise Http404
    return person_out(person_get(user=request.auth, person_id=person_id))
