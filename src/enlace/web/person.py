"""The person page, composed from each app's selectors: the person and the people app's
documents and family (``people``), the history across agencies (``web.timeline``), the
merges and the pairs waiting for review (``identity``).

This module is also the URLconf of the ``people`` namespace (mounted at ``/people/``): the
people app's own pages and the person page composed here, so ``people`` imports nothing
above it and ``people:person-detail`` keeps its name and path.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from enlace.access import Actor, Capability
from enlace.access.policy import policy
from enlace.accounts.requests import SignedInRequest
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.identity.models import MatchCandidate, PersonMerge
from enlace.identity.selectors import may_review, person_candidates, person_merges
from enlace.people import urls as people_urls
from enlace.people.models import IdentityDocument, Person
from enlace.people.selectors import (
    FamilyGroupView,
    person_documents,
    person_family,
    person_get,
)
from enlace.receipts.worklist import person_handovers_to_record

from .timeline import TimelineEntry, timeline_build


@dataclass(frozen=True)
class PersonPage:
    """Everything the person page shows beside the person's own fields."""

    documents: list[IdentityDocument]
    family: list[FamilyGroupView]
    timeline: list[TimelineEntry]
    merges: list[PersonMerge]
    candidates: list[MatchCandidate]
    may_review: bool


def person_page(*, user: Actor, person: Person) -> PersonPage:
    """Documents, family, timeline, linked records and pending reviews of a person already
    read through ``person_get``: one audit event counts what was shown."""
    reviewer = may_review(user)
    merges = person_merges(user=user, person=person)
    page = PersonPage(
        documents=person_documents(person=person),
        family=person_family(user=user, person=person),
        timeline=timeline_build(user, person, merges),
        merges=merges,
        candidates=person_candidates(user=user, person=person),
        may_review=reviewer,
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("people.person", str(person.pk)),
        detail={
            "timeline": len(page.timeline),
            "family": sum(1 for g in page.family for m in g.members if m.person),
            "merges": len(merges),
            "candidates": len(page.candidates),
        },
    )
    return page


@policy(Capability.PERSON_READ)
@require_GET
def person_detail_view(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = person_get(user=request.user, person_id=person_id)
    page = person_page(user=request.user, person=person)
    to_record = person_handovers_to_record(user=request.user, person_id=person.pk)
    context = {"person": person, "page": page, "to_record": to_record}
    return render(request, "web/person_detail.html", context)


app_name = people_urls.app_name
urlpatterns = [
    *people_urls.urlpatterns,
    path("<int:person_id>/", person_detail_view, name="person-detail"),
]
