"""Link persons: score the pairs, merge the nearly certain ones, queue the uncertain ones."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.access import Actor, Capability, SystemActor, capability_require
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import (
    DocumentKind,
    IdentityDocument,
    Person,
)

from ..core.pipeline import LinkOptions, linkage_run, pairs_explain
from ..core.records import features_build, records_frame
from ..models import (
    CandidateStatus,
    LinkRun,
    MatchCandidate,
    PersonMerge,
)
from ..selectors import (
    candidate_access,
)
from .merges import merge_pair_order, merge_perform, user_of

MERGE_THRESHOLD = 0.99
REVIEW_THRESHOLD = 0.5

# The scheduled linkage over all persons, named in the audit log (its merges and its run).
NIGHTLY_LINKAGE = SystemActor(
    name="nightly-linkage", capabilities=frozenset({Capability.IDENTITY_LINK})
)


def persons_active() -> models.QuerySet[Person]:
    absorbed = PersonMerge.objects.filter(reversed_at__isnull=True).values("absorbed_id")
    return Person.objects.exclude(pk__in=absorbed)


def _birth_text(person: Person) -> str:
    return str(person.birth) if person.birth else ""


def persons_records(persons: models.QuerySet[Person]) -> pl.DataFrame:
    """The persons as linkage records (``record_id`` is the person's primary key)."""
    a_numbers = dict(
        IdentityDocument.objects.filter(kind=DocumentKind.A_NUMBER, person__in=persons).values_list(
            "person_id", "number"
        )
    )
    rows = [
        {
            "record_id": str(person.pk),
            "given_names": person.given_names,
            "paternal_surname": person.paternal_surname,
            "maternal_surname": person.maternal_surname,
            "sex": person.sex,
            "date_of_birth": _birth_text(person),
            "curp": person.curp or "",
            "state_of_origin": person.state_of_birth.curp_code if person.state_of_birth else "",
            "a_number": a_numbers.get(person.pk, ""),
        }
        for person in persons.select_related("state_of_birth").order_by("pk")
    ]
    return records_frame(rows)


@dataclass(frozen=True)
class ScoredPair:
    person_a: int
    person_b: int
    probability: float
    reasons: dict[str, str]


def persons_score(*, review_threshold: float = REVIEW_THRESHOLD) -> list[ScoredPair]:
    """Score every pair of active persons the blocking rules bring together (no writes)."""
    records = persons_records(persons_active())
    if records.height < 2:
        return []
    result = linkage_run(
        features_build(records),
        options=LinkOptions(threshold=max(review_threshold, 0.5), pairs_threshold=review_threshold),
    )
    if result.pairs is None:
        return []
    explained = pairs_explain(result.pairs, result.level_labels)
    reasons = [c for c in explained.columns if not c.startswith(("record_id", "match_"))]
    pairs = []
    for row in explained.iter_rows(named=True):
        a, b = sorted((int(row["record_id_l"]), int(row["record_id_r"])))
        explanation = {name: row[name] for name in reasons}
        pairs.append(ScoredPair(a, b, float(row["match_probability"]), explanation))
    return pairs


def persons_link(
    *,
    actor: Actor,
    merge_threshold: float = MERGE_THRESHOLD,
    review_threshold: float = REVIEW_THRESHOLD,
) -> LinkRun:
    """Link the persons: merge nearly certain pairs, queue uncertain ones for review.

    It reads every person, whoever's scope they are in: only a linkage job may run it
    (``Capability.IDENTITY_LINK``, held by no role; ``NIGHTLY_LINKAGE``)."""
    capability_require(actor, Capability.IDENTITY_LINK)
    pairs = persons_score(review_threshold=review_threshold)
    with transaction.atomic():
        run = LinkRun.objects.create(
            actor=user_of(actor),
            persons=persons_active().count(),
            merge_threshold=merge_threshold,
            review_threshold=review_threshold,
        )
        known = set(MatchCandidate.objects.values_list("person_a_id", "person_b_id"))
        survivor_of: dict[int, int] = {}
        for pair in pairs:
            if (pair.person_a, pair.person_b) in known:
                continue  # decided or queued before: a rejection is never asked again
            certain = pair.probability >= merge_threshold
            candidate = MatchCandidate.objects.create(
                run=run,
                person_a_id=pair.person_a,
                person_b_id=pair.person_b,
                probability=pair.probability,
                reasons=pair.reasons,
                status=CandidateStatus.AUTO_MERGED if certain else CandidateStatus.PENDING,
                decided_at=timezone.now() if certain else None,
            )
            if not certain:
                run.queued += 1
                continue
            survivor = _root(survivor_of, pair.person_a)
            absorbed = _root(survivor_of, pair.person_b)
            if survivor == absorbed:
                continue
            survivor, absorbed = min(survivor, absorbed), max(survivor, absorbed)
            merge_perform(
                actor, Person.objects.get(pk=survivor), Person.objects.get(pk=absorbed), candidate
            )
            survivor_of[absorbed] = survivor
            run.merged += 1
        run.save(update_fields=["queued", "merged"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            subject=run,
            detail={"persons": run.persons, "merged": run.merged, "queued": run.queued},
        )
    return run


def _root(survivor_of: dict[int, int], person_id: int) -> int:
    while person_id in survivor_of:
        person_id = survivor_of[person_id]
    return person_id


def candidate_decide(
    *, actor: Actor, candidate_id: int, accept: bool, note: str = ""
) -> MatchCandidate:
    """Accept (merge the two persons) or reject a pair of the review queue."""
    capability_require(actor, Capability.IDENTITY_REVIEW)
    with transaction.atomic():
        candidate = candidate_access(user=actor, candidate_id=candidate_id, for_update=True)
        if candidate.status != CandidateStatus.PENDING:
            raise ValidationError(_("This pair has already been decided."), code="decided")
        candidate.status = CandidateStatus.ACCEPTED if accept else CandidateStatus.REJECTED
        candidate.decided_by = user_of(actor)
        candidate.decided_at = timezone.now()
        candidate.note = note[:500]
        candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])
        audit_record(
            actor=actor,
            action=AuditAction.DECIDE,
            subject=candidate,
            detail={"decision": candidate.status, "probability": round(candidate.probability, 4)},
        )
        if accept:
            survivor, absorbed = merge_pair_order(candidate.person_a, candidate.person_b)
            merge_perform(actor, survivor, absorbed, candidate)
    return candidate
