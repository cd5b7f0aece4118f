"""Merge two persons into one: preview, apply in one transaction, reverse exactly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from enlace.access import Actor, Capability, SystemActor, capability_require
from enlace.accounts.models import User
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import (
    Person,
)

from ..models import (
    CandidateStatus,
    MatchCandidate,
    PersonMerge,
)
from ..selectors import (
    merge_access,
    persons_both_visible,
)


def user_of(actor: Actor) -> User | None:
    """The user to record as having acted (``merged_by``, ``decided_by``…); None for a
    system actor, which the audit log names instead."""
    return None if isinstance(actor, SystemActor) else actor


# Person fields a merge fills on the survivor when only the absorbed person has them.
FILLED_FIELDS = (
    "maternal_surname",
    "sex",
    "birth_date",
    "birth_date_precision",
    "curp",
    "state_of_birth_id",
)


def merge_pair_order(first: Person, second: Person) -> tuple[Person, Person]:
    survivor = PersonMerge.objects.filter(absorbed=first, reversed_at__isnull=True).first()
    if survivor or PersonMerge.objects.filter(absorbed=second, reversed_at__isnull=True).exists():
        raise ValidationError(_("One of these persons was already merged."), code="merged")
    return (first, second) if first.pk < second.pk else (second, first)


def _person_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, foreign key name) that points at a person, outside identity's own."""
    links = []
    for relation in Person._meta.related_objects:
        model = relation.related_model
        if isinstance(model, str) or model._meta.app_label == "identity":
            continue
        if relation.many_to_many or not relation.field.concrete:
            continue
        links.append((model, relation.field.name))
    return links


def _clashing(model: type[models.Model], field: str, survivor: Person) -> models.Q:
    """Rows that would break a unique constraint if moved to the survivor."""
    clash = models.Q(pk__in=[])
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if not isinstance(constraint, models.UniqueConstraint) or field not in fields:
            continue
        others = [f for f in fields if f != field]
        taken = model._default_manager.filter(**{field: survivor}).values_list(*others)
        for values in taken:
            clash |= models.Q(**dict(zip(others, values, strict=True)))
    return clash


@dataclass(frozen=True)
class MergePreview:
    survivor: Person
    absorbed: Person
    moves: dict[str, int]  # model label → rows that will move to the survivor
    kept: dict[str, int]  # model label → rows left with the absorbed person (duplicates)
    fills: dict[str, Any]  # survivor field → the absorbed person's value it will take


def person_merge_preview(*, actor: Actor, survivor: Person, absorbed: Person) -> MergePreview:
    """What a merge would do, without doing it (a read of both persons, audited)."""
    capability_require(actor, Capability.IDENTITY_REVIEW)
    if not persons_both_visible(user=actor, person_ids=(survivor.pk, absorbed.pk)):
        raise Http404
    moves, kept = {}, {}
    for model, field in _person_links():
        rows = model._default_manager.filter(**{field: absorbed})
        clash = rows.filter(_clashing(model, field, survivor)).count()
        moves[model._meta.label_lower] = rows.count() - clash
        kept[model._meta.label_lower] = clash
    fills = {
        name: getattr(absorbed, name)
        for name in FILLED_FIELDS
        if getattr(absorbed, name) and not getattr(survivor, name)
    }
    if "birth_date" not in fills:
        fills.pop("birth_date_precision", None)
    for person in (survivor, absorbed):
        audit_record(
            actor=actor, action=AuditAction.VIEW, subject=person, detail={"merge": "preview"}
        )
    return MergePreview(survivor, absorbed, moves, kept, fills)


def merge_perform(
    actor: Actor, survivor: Person, absorbed: Person, candidate: MatchCandidate | None
) -> PersonMerge:
    moved: dict[str, list[Any]] = {}
    for model, field in _person_links():
        rows = model._default_manager.filter(**{field: absorbed}).exclude(
            _clashing(model, field, survivor)
        )
        ids = list(rows.values_list("pk", flat=True))
        if ids:
            model._default_manager.filter(pk__in=ids).update(**{field: survivor})
            moved[model._meta.label_lower] = ids
    fields: dict[str, list[Any]] = {}
    for name in FILLED_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(absorbed, name)
        if theirs and not mine and (name != "birth_date_precision" or "birth_date" in fields):
            fields[name] = [_json(mine), _json(theirs)]
    if "curp" in fields:  # unique: take it off the absorbed person first
        Person.objects.filter(pk=absorbed.pk).update(curp=None)
    for name, (_old, new) in fields.items():
        setattr(survivor, name, _value(name, new))
    if fields:
        survivor.save(update_fields=[*fields, "updated_at"])
    merge = PersonMerge.objects.create(
        survivor=survivor,
        absorbed=absorbed,
        candidate=candidate,
        moved=moved,
        fields=fields,
        merged_by=user_of(actor),
    )
    detail = {
        "merge": merge.pk,
        "absorbed": absorbed.pk,
        "moved": {k: len(v) for k, v in moved.items()},
    }
    audit_record(actor=actor, action=AuditAction.MERGE, subject=survivor, detail=detail)
    return merge


def _json(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _value(name: str, value: Any) -> Any:
    if name == "birth_date" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def person_merge_apply(*, actor: Actor, survivor: Person, absorbed: Person) -> PersonMerge:
    """Merge ``absorbed`` into ``survivor`` in one transaction (reversible)."""
    capability_require(actor, Capability.IDENTITY_REVIEW)
    if survivor.pk == absorbed.pk:
        raise ValidationError(_("A person cannot be merged with itself."), code="same")
    if not persons_both_visible(user=actor, person_ids=(survivor.pk, absorbed.pk)):
        raise Http404
    with transaction.atomic():
        merge_pair_order(survivor, absorbed)
        return merge_perform(actor, survivor, absorbed, None)


def person_merge_reverse(*, actor: Actor, merge_id: int) -> PersonMerge:
    """Undo a merge: move the records back and restore both persons' fields."""
    capability_require(actor, Capability.IDENTITY_REVIEW)
    with transaction.atomic():
        merge = merge_access(user=actor, merge_id=merge_id, for_update=True)
        if merge.reversed_at is not None:
            raise ValidationError(_("This merge has already been reversed."), code="reversed")
        links = {model._meta.label_lower: (model, field) for model, field in _person_links()}
        for label, ids in merge.moved.items():
            model, field = links[label]
            model._default_manager.filter(pk__in=ids).update(**{field: merge.absorbed})
        survivor = Person.objects.get(pk=merge.survivor_id)
        for name, (old, _new) in merge.fields.items():
            setattr(survivor, name, _value(name, old))
        if merge.fields:
            survivor.save(update_fields=[*merge.fields, "updated_at"])
        if "curp" in merge.fields:
            Person.objects.filter(pk=merge.absorbed_id).update(curp=merge.fields["curp"][1])
        merge.reversed_at = timezone.now()
        merge.reversed_by = user_of(actor)
        merge.save(update_fields=["reversed_at", "reversed_by"])
        if merge.candidate_id:
            MatchCandidate.objects.filter(pk=merge.candidate_id).update(
                status=CandidateStatus.REJECTED,
                decided_by=user_of(actor),
                decided_at=merge.reversed_at,
            )
        audit_record(
            actor=actor, action=AuditAction.UNMERGE, subject=survivor, detail={"merge": merge.pk}
        )
    return merge
