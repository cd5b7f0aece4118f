"""Scoped reads of the review queue, merges and family proposals. Audited; 404 hides scope.

Who reviews: holders of ``Capability.IDENTITY_REVIEW`` (Border Patrol, ICE, consular, INM
reception, child protection officers). A pair is in a user's queue only when the user may see
both persons (``scoped(user, Person)``); analysts, the secretariat and administrators see no
pair. Missing and forbidden look the same (``Http404``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from enlace.access import Actor, Capability, capability_has, scoped
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import Person

from .models import (
    CandidateStatus,
    FamilyLinkProposal,
    FamilyLinkStatus,
    MatchCandidate,
    PersonMerge,
)


def may_review(user: Actor | None) -> bool:
    """Whether the user may decide identity questions at all."""
    return capability_has(user, Capability.IDENTITY_REVIEW)


def _persons(user: Actor) -> QuerySet[Person]:
    return scoped(user, Person)


def _candidates_visible(user: Actor) -> QuerySet[MatchCandidate]:
    if not may_review(user):
        return MatchCandidate.objects.none()
    visible = _persons(user).values("pk")
    return MatchCandidate.objects.filter(person_a__in=visible, person_b__in=visible)


def candidate_list(
    *, user: Actor, status: str = CandidateStatus.PENDING, limit: int = 50
) -> list[MatchCandidate]:
    """The user's review queue: pairs of persons both in scope, most likely first."""
    if not may_review(user):
        raise Http404
    rows = list(
        _candidates_visible(user)
        .filter(status=status)
        .select_related("person_a", "person_b")
        .order_by("-probability", "pk")[:limit]
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("identity.matchcandidate", ""),
        detail={"count": len(rows), "status": str(status)},
    )
    return rows


def candidate_access(*, user: Actor, candidate_id: int, for_update: bool = False) -> MatchCandidate:
    """One pair of the user's queue, or 404 whether missing or out of scope (audited)."""
    rows = _candidates_visible(user).select_related("person_a", "person_b")
    if for_update:
        rows = rows.select_for_update(of=("self",))
    candidate = rows.filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=candidate)
    return candidate


def merge_access(*, user: Actor, merge_id: int, for_update: bool = False) -> PersonMerge:
    """One merge whose survivor the user may see, or 404 (audited)."""
    if not may_review(user):
        raise Http404
    rows = PersonMerge.objects.filter(survivor__in=_persons(user).values("pk"))
    if for_update:
        rows = rows.select_for_update(of=("self",))
    merge = rows.select_related("survivor", "absorbed").filter(pk=merge_id).first()
    if merge is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=merge)
    return merge


def merge_list(*, user: Actor, limit: int = 50) -> list[PersonMerge]:
    """Merges of persons in the user's scope, newest first (reversible ones included)."""
    if not may_review(user):
        raise Http404
    rows = list(
        PersonMerge.objects.filter(survivor__in=_persons(user).values("pk"))
        .select_related("survivor", "absorbed")
        .order_by("-merged_at", "-pk")[:limit]
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("identity.personmerge", ""),
        detail={"count": len(rows)},
    )
    return rows


def _proposals_visible(user: Actor) -> QuerySet[FamilyLinkProposal]:
    if not may_review(user):
        return FamilyLinkProposal.objects.none()
    visible = _persons(user).values("pk")
    return FamilyLinkProposal.objects.filter(person_a__in=visible, person_b__in=visible)


def family_proposal_list(*, user: Actor, limit: int = 50) -> list[FamilyLinkProposal]:
    """Proposed family links between persons both in the user's scope."""
    if not may_review(user):
        raise Http404
    rows = list(
        _proposals_visible(user)
        .filter(status=FamilyLinkStatus.PROPOSED)
        .select_related("person_a", "person_b")[:limit]
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("identity.familylinkproposal", ""),
        detail={"count": len(rows)},
    )
    return rows


def family_proposal_access(
    *, user: Actor, proposal_id: int, for_update: bool = False
) -> FamilyLinkProposal:
    rows = _proposals_visible(user)
    if for_update:
        rows = rows.select_for_update(of=("self",))
    proposal = rows.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=proposal)
    return proposal


def persons_both_visible(*, user: Actor, person_ids: tuple[int, int]) -> bool:
    """Whether the user may review both persons (used before a manual merge)."""
    if not may_review(user):
        return False
    return _persons(user).filter(pk__in=person_ids).count() == len(set(person_ids))


# --- the identity parts of a person's page (composed in ``enlace.web.person``, which audits
# what the page shows) -----------------------------------------------------------------------


def person_merges(*, user: Actor, person: Person) -> list[PersonMerge]:
    """Merges the person took part in whose surviving person is in the user's scope, newest
    first (a history shows them to anyone who may see the person)."""
    if not capability_has(user, Capability.PERSON_READ):
        return []
    return list(
        PersonMerge.objects.filter(Q(survivor=person) | Q(absorbed=person))
        .filter(survivor__in=_persons(user).values("pk"))
        .select_related("survivor", "absorbed", "merged_by__office", "reversed_by__office")
        .order_by("-merged_at", "-pk")
    )


def person_candidates(*, user: Actor, person: Person) -> list[MatchCandidate]:
    """Pairs waiting for review that involve the person, both persons in the user's scope;
    none for a user who may not review."""
    if not may_review(user):
        return []
    return list(
        _candidates_visible(user)
        .filter(Q(person_a=person) | Q(person_b=person), status=CandidateStatus.PENDING)
        .select_related("person_a", "person_b")
        .order_by("-probability", "pk")
    )
