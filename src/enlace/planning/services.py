"""Writes to plans: propose a plan for a stored manifest, accept it. One transaction each,
audited. Proposing needs PLAN_PROPOSE, accepting PLAN_ACCEPT, and the manifest in the
actor's scope (its sending office); the manifest's status and its scheduled handovers are
``repatriation``'s to change (``manifest_mark_planned``, ``manifest_accept``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import PermissionDenied
from django.db import transaction

from enlace.access import Actor, Capability, capability_has
from enlace.accounts.models import User
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.outbox.services import plan_accepted_announce
from enlace.repatriation.catalog import manifest_cells
from enlace.repatriation.models import (
    Manifest,
    ManifestRecord,
    Repatriation,
    RepatriationStatus,
)
from enlace.repatriation.services import (
    Handover,
    manifest_accept,
    manifest_in_scope,
    manifest_mark_planned,
)

from .core import Load
from .core.calendar import epoch_minute
from .models import Plan, PlanRow, PlanRowStatus, PlanStatus
from .planner import rows_plan


class PlanStateError(Exception):
    """The plan is not in a state that allows this (e.g. accepting an accepted plan)."""


class PlanOutdatedError(PlanStateError):
    """The plan was proposed on an earlier day, or its first handover is already past: it
    must be planned again before it can be accepted."""


class Outdated(StrEnum):
    """Why a proposed plan can no longer be accepted as it is."""

    EARLIER_DAY = "earlier_day"
    HANDOVER_PAST = "handover_past"


def _local_day(moment: datetime, zone_name: str) -> date:
    try:
        zone = ZoneInfo(zone_name) if zone_name else UTC
    except (ValueError, ZoneInfoNotFoundError):
        zone = UTC
    return moment.astimezone(zone).date()


def plan_outdated(plan: Plan, now: datetime | None = None) -> Outdated | None:
    """Why ``plan`` is out of date at ``now`` (the clock's by default), or None: proposed
    on an earlier day (in the sending office's zone), or a planned handover already past.
    Only a proposed plan can be out of date."""
    if plan.status != PlanStatus.PROPOSED:
        return None
    now = now or clock.now()
    zone = plan.manifest.sending_office.time_zone
    if _local_day(plan.proposed_at, zone) < _local_day(now, zone):
        return Outdated.EARLIER_DAY
    first = (
        plan.rows.exclude(status=PlanRowStatus.UNPLANNED)
        .filter(handover_at__isnull=False)
        .order_by("handover_at")
        .values_list("handover_at", flat=True)
        .first()
    )
    if first is not None and first < now:
        return Outdated.HANDOVER_PAST
    return None


def _permitted(actor: Actor | None, capability: Capability, manifest: Manifest) -> bool:
    return capability_has(actor, capability) and manifest_in_scope(actor=actor, manifest=manifest)


def plan_propose_permitted(*, actor: Actor | None, manifest: Manifest) -> bool:
    """May ``actor`` propose a plan for ``manifest``? (What ``plan_propose`` checks; pages
    show the button with it, for a manifest not yet accepted.)"""
    return _permitted(actor, Capability.PLAN_PROPOSE, manifest)


def plan_accept_permitted(*, actor: Actor | None, plan: Plan) -> bool:
    """May ``actor`` accept ``plan``? (What ``plan_accept`` checks, the state aside.)"""
    return _permitted(actor, Capability.PLAN_ACCEPT, plan.manifest)


def _load(manifest: Manifest, cells: list[dict[str, str]], now: datetime) -> Load:
    """Persons already scheduled at each reception point and hour, other manifests only
    (from the earliest moment a handover may be planned: the apprehensions, or now)."""
    caught = [datetime.fromisoformat(c["apprehended_at"]) for c in cells if c.get("apprehended_at")]
    if not caught:
        return {}
    scheduled = Repatriation.objects.filter(
        status=RepatriationStatus.SCHEDULED,
        scheduled_at__gte=max(min(caught), now) - timedelta(days=1),
        scheduled_at__lte=max(*caught, now) + timedelta(days=45),
    ).exclude(manifest_record__manifest=manifest)
    load: Load = {}
    for point, at in scheduled.values_list("reception_point_id", "scheduled_at"):
        key = (point, epoch_minute(at) // 60)
        load[key] = load.get(key, 0) + 1
    return load


def _cells(manifest: Manifest, records: list[ManifestRecord]) -> list[dict[str, str]]:
    """The stored rows' cells as received (from the manifest file kept with it), in the
    order of ``records``."""
    by_id = manifest_cells(manifest)
    if set(by_id) != {r.record_id for r in records}:
        raise PlanStateError("manifest file not kept")
    return [by_id[record.record_id] for record in records]


def plan_propose(*, actor: User, manifest: Manifest) -> Plan:
    """Plan the stored manifest's rows from now (the clock's: no handover earlier than now
    plus the notice lead time) and store the plan as proposed (earlier proposals of the
    manifest are superseded)."""
    if not plan_propose_permitted(actor=actor, manifest=manifest):
        raise PermissionDenied(Capability.PLAN_PROPOSE.value)
    now = clock.now()
    records = list(manifest.records.order_by("line"))
    cells = _cells(manifest, records)
    result = rows_plan(cells, load=_load(manifest, cells, now), not_before=now)
    with transaction.atomic():
        manifest.plans.filter(status=PlanStatus.PROPOSED).update(status=PlanStatus.SUPERSEDED)
        solution = result.solution
        plan = Plan.objects.create(
            manifest=manifest, proposed_by=actor, proposed_at=now, planned_count=result.planned,
            unplanned_count=result.unplanned, objective=solution.objective,
            bound=solution.bound, optimal=solution.optimal,
        )  # fmt: skip
        PlanRow.objects.bulk_create(
            PlanRow(
                plan=plan, record=record, status=row.status.value, port_id=row.port or None,
                reception_point_id=row.reception_point or None, handover_at=row.handover_at,
                notice_sent_at=row.notice_sent_at, reason=row.reason.value,
                params=row.params, considered=row.considered,
            )
            for record, row in zip(records, result.rows, strict=True)
        )  # fmt: skip
        manifest_mark_planned(actor=actor, manifest=manifest)
        audit_record(
            actor=actor, action=AuditAction.CREATE, subject=plan,
            detail={"planned": result.planned, "unplanned": result.unplanned},
        )  # fmt: skip
    return plan


def plan_accept(*, actor: User, plan: Plan) -> Plan:
    """Accept a proposed plan: its handovers become the manifest's scheduled repatriations
    (what the receiving side is told), through ``repatriation.services.manifest_accept``.
    A plan out of date (``plan_outdated``) is refused (``PlanOutdatedError``): propose
    it again."""
    if not plan_accept_permitted(actor=actor, plan=plan):
        raise PermissionDenied(Capability.PLAN_ACCEPT.value)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("manifest").get(pk=plan.pk)
        if plan.status != PlanStatus.PROPOSED:
            raise PlanStateError(plan.status)
        outdated = plan_outdated(plan)
        if outdated is not None:
            raise PlanOutdatedError(outdated.value)
        plan.status = PlanStatus.ACCEPTED
        plan.accepted_by = actor
        plan.accepted_at = clock.now()
        plan.save(update_fields=["status", "accepted_by", "accepted_at"])
        rows = plan.rows.select_related("record").exclude(status=PlanRowStatus.UNPLANNED)
        handovers = [
            Handover(record=row.record, port_id=row.port_id,
                     reception_point_id=row.reception_point_id, handover_at=row.handover_at)
            for row in rows
        ]  # fmt: skip
        manifest_accept(actor=actor, manifest=plan.manifest, handovers=handovers)
        plan_accepted_announce(plan=plan)  # the outbox, in this transaction
        audit_record(
            actor=actor, action=AuditAction.ACCEPT, subject=plan,
            detail={"status": PlanStatus.ACCEPTED.value, "scheduled": len(handovers)},
        )  # fmt: skip
    return plan
