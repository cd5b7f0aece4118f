"""Writes to manifests and repatriations after intake: a manifest planned, a plan's
handovers scheduled (in bulk), a person handed over. The only writers of ``Manifest.status``
and ``Repatriation.status``: ``planning`` and ``receipts`` ask through these services.

Each service checks its capability and that the record is in the actor's scope itself, so
the web, the API and the CLI refuse alike (``PermissionDenied``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from enlace.access import Actor, Capability, capability_require, scoped
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.datetimes import local_datetime
from enlace.core.models import AuditAction

from .models import Manifest, ManifestRecord, ManifestStatus, Repatriation, RepatriationStatus


@dataclass(frozen=True)
class Handover:
    """Where and when one manifest record is handed over, as an accepted plan says: a port,
    a reception point and a time, or none of them (an interior flight: no port handover)."""

    record: ManifestRecord
    port_id: str | None
    reception_point_id: str | None
    handover_at: datetime | None

    @property
    def at_port(self) -> bool:
        return bool(self.port_id and self.reception_point_id and self.handover_at)


def manifest_in_scope(*, actor: Actor | None, manifest: Manifest) -> bool:
    """Whether ``manifest`` is in the actor's scope (its sending office's officers)."""
    return scoped(actor, Manifest).filter(pk=manifest.pk).exists()


def repatriation_in_scope(*, actor: Actor | None, repatriation: Repatriation) -> bool:
    """Whether ``repatriation`` is in the actor's scope (the receiving side's)."""
    return scoped(actor, Repatriation).filter(pk=repatriation.pk).exists()


def _require(actor: Actor, capability: Capability, *, manifest: Manifest) -> None:
    capability_require(actor, capability)
    if not manifest_in_scope(actor=actor, manifest=manifest):
        raise PermissionDenied(capability.value)


def manifest_mark_planned(*, actor: Actor, manifest: Manifest) -> None:
    """Record that a plan has been proposed for the manifest (inside the caller's
    transaction, with the plan)."""
    _require(actor, Capability.PLAN_PROPOSE, manifest=manifest)
    manifest.status = ManifestStatus.PLANNED
    manifest.save(update_fields=["status"])


def manifest_accept(*, actor: Actor, manifest: Manifest, handovers: Sequence[Handover]) -> int:
    """Accept the handovers of a plan of ``manifest``: each record gets its port and hour,
    those at a port become scheduled repatriations (what the receiving side is told), and
    the manifest is accepted. Return how many repatriations are scheduled. A fixed number
    of queries, whatever the number of rows."""
    _require(actor, Capability.PLAN_ACCEPT, manifest=manifest)
    if any(h.record.manifest_id != manifest.pk for h in handovers):
        raise ValueError("a handover of another manifest")
    for handover in handovers:
        handover.record.handover_port_id = handover.port_id
        handover.record.handover_at = handover.handover_at
    at_port = [h for h in handovers if h.at_port]
    with transaction.atomic():
        ManifestRecord.objects.bulk_update(
            [h.record for h in handovers], ["handover_port", "handover_at"]
        )
        repatriations_schedule(actor=actor, handovers=at_port)
        manifest.status = ManifestStatus.ACCEPTED
        manifest.save(update_fields=["status"])
    return len(at_port)


_SCHEDULED_FIELDS = [
    "person", "encounter", "port", "reception_point", "scheduled_at", "status",
    "unaccompanied_minor",
]  # fmt: skip


def repatriations_schedule(*, actor: Actor, handovers: Sequence[Handover]) -> list[Repatriation]:
    """Schedule each handover at a port as its record's repatriation: a new one, or the
    record's existing one moved and scheduled again. Audited once; a fixed number of
    queries (scope, existing rows, insert, update), whatever the number of handovers."""
    capability_require(actor, Capability.PLAN_ACCEPT)
    if not handovers:
        return []
    manifests = {h.record.manifest_id for h in handovers}
    if scoped(actor, Manifest).filter(pk__in=manifests).count() != len(manifests):
        raise PermissionDenied(Capability.PLAN_ACCEPT.value)
    existing = {
        r.manifest_record_id: r
        for r in Repatriation.objects.filter(manifest_record__in=[h.record.pk for h in handovers])
    }
    created: list[Repatriation] = []
    moved: list[Repatriation] = []
    for handover in handovers:
        record, port, point, at = (
            handover.record, handover.port_id, handover.reception_point_id, handover.handover_at
        )  # fmt: skip
        if port is None or point is None or at is None:
            raise ValueError("a handover without port, reception point or time")
        repatriation = existing.get(record.pk) or Repatriation(manifest_record=record)
        repatriation.person_id = record.person_id
        repatriation.encounter_id = record.encounter_id
        repatriation.port_id = port
        repatriation.reception_point_id = point
        repatriation.scheduled_at = at
        repatriation.status = RepatriationStatus.SCHEDULED
        repatriation.unaccompanied_minor = record.unaccompanied_minor
        (moved if repatriation.pk else created).append(repatriation)
    with transaction.atomic():
        Repatriation.objects.bulk_create(created)
        Repatriation.objects.bulk_update(moved, _SCHEDULED_FIELDS)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            subject=("repatriation.repatriation", ""),
            detail={"scheduled": len(created), "moved": len(moved)},
        )
    return created + moved


def repatriation_hand_over(
    *, actor: Actor, repatriation: Repatriation, handed_over_at: datetime
) -> Repatriation:
    """Record that the person was handed over at ``handed_over_at`` (the receipt's time),
    inside the caller's transaction: a receiving officer whose scope holds the
    repatriation, once both officers have signed."""
    capability_require(actor, Capability.HANDOVER_RECEIVE)
    if not repatriation_in_scope(actor=actor, repatriation=repatriation):
        raise PermissionDenied(Capability.HANDOVER_RECEIVE.value)
    repatriation.status = RepatriationStatus.HANDED_OVER
    repatriation.handed_over_at = handed_over_at
    repatriation.save(update_fields=["status", "handed_over_at"])
    repatriations_supersede(actor=actor, handover=repatriation)
    return repatriation


def _cancel_reason(handover: Repatriation) -> str:
    """The stored reason, in the project's language (pages translate it from
    ``superseded_by``)."""
    record = handover.manifest_record
    with translation.override(settings.LANGUAGE_CODE):
        facts = {
            "port": handover.port.name,
            "at": local_datetime(handover.handed_over_at, handover.reception_point.time_zone),
            "manifest": record.manifest.manifest_id if record is not None else "",
        }
        if record is None:
            return gettext("Handed over at %(port)s on %(at)s") % facts
        return gettext("Handed over at %(port)s on %(at)s under manifest %(manifest)s") % facts


def repatriations_supersede(*, actor: Actor, handover: Repatriation) -> int:
    """Cancel the person's other scheduled handovers that ``handover`` (just confirmed) ends
    (``state.closes``: those of an encounter no later than it), each with when, why and the
    handover that ended it; inside the caller's transaction, audited. Return how many."""
    occurred = handover.encounter.occurred_at if handover.encounter is not None else None
    ended = max(t for t in (occurred, handover.handed_over_at) if t is not None)
    others = (
        Repatriation.objects.select_for_update(of=("self",))
        .filter(person_id=handover.person_id, status=RepatriationStatus.SCHEDULED)
        .filter(receipt__isnull=True)
        .filter(Q(encounter__occurred_at__lte=ended) | Q(encounter__isnull=True))
        .exclude(pk=handover.pk)
    )
    ids = list(others.values_list("pk", flat=True))
    if not ids:
        return 0
    Repatriation.objects.filter(pk__in=ids).update(
        status=RepatriationStatus.CANCELLED, cancelled_at=clock.now(),
        cancel_reason=_cancel_reason(handover)[:300], superseded_by=handover,
    )  # fmt: skip
    audit_record(
        actor=actor, action=AuditAction.UPDATE, subject=("repatriation.repatriation", ""),
        detail={"cancelled": ids, "superseded_by": handover.pk},
    )  # fmt: skip
    return len(ids)
