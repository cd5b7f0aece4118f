"""Scoped reads of the review queue, merges and family proposals. Audited; 404 hides scope.

Who reviews: officers whose role gives them person records (Border Patrol, ICE, consular,
INM reception, child protection). A pair is in a user's queue only when the user may see
both persons; analysts, the secretariat and administrators see no pair. Missing and
forbidden look the same (``Http404``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.scopes import persons_visible, sees_persons

from .models import (
    CandidateStatus,
    FamilyLinkProposal,
    FamilyLinkStatus,
    MatchCandidate,
    PersonMerge,
)


def may_review(user: Any) -> bool:
    """Whether the user's role lets them decide identity questions at all."""
    return bool(sees_persons(user))


def _candidates_visible(user: Any) -> QuerySet[MatchCandidate]:
    if not may_review(user):
        return MatchCandidate.objects.none()
    visible = persons_visible(user).values("pk")
    return MatchCandidate.objects.filter(person_a__in=visible, person_b__in=visible)


def candidate_list(
    *, user: Any, status: str = CandidateStatus.PENDING, limit: int = 50
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


def candidate_access(*, user: Any, candidate_id: int, for_update: bool = False) -> MatchCandidate:
    """One pair of the user's queue, or 404 whether missing or out of scope (audited)."""
    rows = _candidates_visible(user).select_related("person_a", "person_b")
    if for_update:
        rows = rows.select_for_update(of=("self",))
    candidate = rows.filter(pk=candidate_id).first()
    if candidate is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=candidate)
    return candidate


def merge_access(*, user: Any, merge_id: int, for_update: bool = False) -> PersonMerge:
    """One merge whose survivor the user may see, or 404 (audited)."""
    if not may_review(user):
        raise Http404
    rows = PersonMerge.objects.filter(survivor__in=persons_visible(user).values("pk"))
    if for_update:
        rows = rows.select_for_update(of=("self",))
    merge = rows.select_related("survivor", "absorbed").filter(pk=merge_id).first()
    if merge is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=merge)
    return merge


def merge_list(*, user: Any, limit: int = 50) -> list[PersonMerge]:
    """Merges of persons in the user's scope, newest first (reversible ones included)."""
    if not may_review(user):
        raise Http404
    rows = list(
        PersonMerge.objects.filter(survivor__in=persons_visible(user).values("pk"))
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


def _proposals_visible(user: Any) -> QuerySet[FamilyLinkProposal]:
    if not may_review(user):
        return FamilyLinkProposal.objects.none()
    visible = persons_visible(user).values("pk")
    return FamilyLinkProposal.objects.filter(person_a__in=visible, person_b__in=visible)


def family_proposal_list(*, user: Any, limit: int = 50) -> list[FamilyLinkProposal]:
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
    *, user: Any, proposal_id: int, for_update: bool = False
) -> FamilyLinkProposal:
    rows = _proposals_visible(user)
    if for_update:
        rows = rows.select_for_update(of=("self",))
    proposal = rows.filter(pk=proposal_id).first()
    if proposal is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=proposal)
    return proposal


def persons_both_visible(*, user: Any, person_ids: tuple[int, int]) -> bool:
    """Whether the user may review both persons (used before a manual merge)."""
    if not may_review(user):
        return False
    return persons_visible(user).filter(pk__in=person_ids).count() == len(set(person_ids))
