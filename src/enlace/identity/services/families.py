"""Family links: propose persons who share surnames, an encounter and custody; decide."""

from __future__ import annotations

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.access import Actor, Capability, capability_require
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import (
    Encounter,
    FamilyGroup,
    FamilyMembership,
    Relationship,
)

from ..core.family import family_pairs
from ..models import (
    FamilyLinkProposal,
    FamilyLinkStatus,
)
from ..selectors import (
    family_proposal_access,
)
from .linking import persons_active
from .merges import user_of


def family_links_propose(*, actor: Actor) -> int:
    """Propose family links between persons who share surnames, an encounter and custody
    (a linkage job: ``Capability.IDENTITY_LINK``, e.g. ``NIGHTLY_LINKAGE``)."""
    capability_require(actor, Capability.IDENTITY_LINK)
    rows = list(
        Encounter.objects.filter(person__in=persons_active()).values(
            "person_id",
            "person__paternal_surname",
            "person__maternal_surname",
            "family_group_id",
            "office_id",
            "custody_office_id",
            "occurred_at",
        )
    )
    if not rows:
        return 0
    frame = pl.DataFrame(
        {
            "person_id": [r["person_id"] for r in rows],
            "paternal_surname": [r["person__paternal_surname"] for r in rows],
            "maternal_surname": [r["person__maternal_surname"] for r in rows],
            "family_group_id": [r["family_group_id"] for r in rows],
            "office_id": [r["office_id"] for r in rows],
            "custody_office_id": [r["custody_office_id"] for r in rows],
            "day": [r["occurred_at"].date().isoformat() for r in rows],
        },
        schema_overrides={"family_group_id": pl.Int64, "custody_office_id": pl.String},
    )
    pairs = family_pairs(frame)
    grouped = _already_grouped()
    known = set(FamilyLinkProposal.objects.values_list("person_a_id", "person_b_id"))
    new = [
        FamilyLinkProposal(person_a_id=a, person_b_id=b, reasons=reasons)
        for a, b, reasons in pairs.iter_rows()
        if (a, b) not in known and (a, b) not in grouped
    ]
    with transaction.atomic():
        FamilyLinkProposal.objects.bulk_create(new)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            subject=("identity.familylinkproposal", ""),
            detail={"proposed": len(new)},
        )
    return len(new)


def _already_grouped() -> set[tuple[int, int]]:
    members: dict[int, list[int]] = {}
    for group_id, person_id in FamilyMembership.objects.values_list("group_id", "person_id"):
        members.setdefault(group_id, []).append(person_id)
    return {(a, b) for people in members.values() for a in people for b in people if a < b}


def family_link_decide(*, actor: Actor, proposal_id: int, accept: bool) -> FamilyLinkProposal:
    """Accept (put both persons in one family group) or reject a proposed family link."""
    capability_require(actor, Capability.IDENTITY_REVIEW)
    with transaction.atomic():
        proposal = family_proposal_access(user=actor, proposal_id=proposal_id, for_update=True)
        if proposal.status != FamilyLinkStatus.PROPOSED:
            raise ValidationError(_("This proposal has already been decided."), code="decided")
        if accept:
            proposal.group = _family_join(proposal)
        proposal.status = FamilyLinkStatus.ACCEPTED if accept else FamilyLinkStatus.REJECTED
        proposal.decided_by = user_of(actor)
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "group", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=AuditAction.DECIDE,
            subject=proposal,
            detail={"decision": proposal.status},
        )
    return proposal


def _family_join(proposal: FamilyLinkProposal) -> FamilyGroup:
    persons = (proposal.person_a_id, proposal.person_b_id)
    membership = FamilyMembership.objects.filter(person_id__in=persons).order_by("pk").first()
    group = (
        membership.group
        if membership
        else FamilyGroup.objects.create(reference=f"identity-family-{proposal.pk}")
    )
    for person_id in persons:
        FamilyMembership.objects.get_or_create(
            group=group, person_id=person_id, defaults={"relationship": Relationship.OTHER_RELATIVE}
        )
    return group
