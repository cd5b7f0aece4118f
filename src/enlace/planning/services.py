"""Writes to plans: propose a plan for a stored manifest, accept it. One transaction each,
audited. Only officers of the manifest's sending office (Border Patrol / CBP, ICE removal)
may propose or accept its plan.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from enlace.accounts.models import Role
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.outbox.services import plan_accepted_announce
from enlace.repatriation.models import (
    Manifest,
    ManifestRecord,
    ManifestStatus,
    Repatriation,
    RepatriationStatus,
)
from enlace.repatriation.selectors import manifest_cells

from .core import Load
from .core.calendar import epoch_minute
from .models import Plan, PlanRow, PlanRowStatus, PlanStatus
from .planner import rows_plan

PLANNING_ROLES = frozenset({Role.US_BORDER_OFFICER, Role.US_REMOVAL_OFFICER})


class PlanStateError(Exception):
    """The plan is not in a state that allows this (e.g. accepting an accepted plan)."""


def plan_permitted(*, user: Any, manifest: Manifest) -> bool:
    """May ``user`` propose and accept plans for ``manifest``?"""
    return bool(
        user is not None
        and user.is_active
        and user.role in PLANNING_ROLES
        and user.office_id == manifest.sending_office_id
    )


def _require(user: Any, manifest: Manifest) -> None:
    if not plan_permitted(user=user, manifest=manifest):
        raise PermissionDenied


def _load(manifest: Manifest, cells: list[dict[str, str]]) -> Load:
    """Persons already scheduled at each reception point and hour, other manifests only."""
    caught = [datetime.fromisoformat(c["apprehended_at"]) for c in cells if c.get("apprehended_at")]
    if not caught:
        return {}
    scheduled = Repatriation.objects.filter(
        status=RepatriationStatus.SCHEDULED,
        scheduled_at__gte=min(caught) - timedelta(days=1),
        scheduled_at__lte=max(caught) + timedelta(days=45),
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


def plan_propose(*, actor: Any, manifest: Manifest) -> Plan:
    """Plan the stored manifest's rows and store the plan as proposed (earlier proposals
    of the manifest are superseded)."""
    _require(actor, manifest)
    records = list(manifest.records.order_by("line"))
    cells = _cells(manifest, records)
    result = rows_plan(cells, load=_load(manifest, cells))
    with transaction.atomic():
        manifest.plans.filter(status=PlanStatus.PROPOSED).update(status=PlanStatus.SUPERSEDED)
        solution = result.solution
        plan = Plan.objects.create(
            manifest=manifest, proposed_by=actor, planned_count=result.planned,
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
        manifest.status = ManifestStatus.PLANNED
        manifest.save(update_fields=["status"])
        audit_record(
            actor=actor, action=AuditAction.CREATE, subject=plan,
            detail={"planned": result.planned, "unplanned": result.unplanned},
        )  # fmt: skip
    return plan


def plan_accept(*, actor: Any, plan: Plan) -> Plan:
    """Accept a proposed plan: its handovers become the manifest's scheduled repatriations
    (what the receiving side is told)."""
    _require(actor, plan.manifest)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().select_related("manifest").get(pk=plan.pk)
        if plan.status != PlanStatus.PROPOSED:
            raise PlanStateError(plan.status)
        plan.status = PlanStatus.ACCEPTED
        plan.accepted_by = actor
        plan.accepted_at = timezone.now()
        plan.save(update_fields=["status", "accepted_by", "accepted_at"])
        scheduled = 0
        for row in plan.rows.select_related("record").exclude(status=PlanRowStatus.UNPLANNED):
            _schedule(row)
            scheduled += 1
        plan.manifest.status = ManifestStatus.ACCEPTED
        plan.manifest.save(update_fields=["status"])
        plan_accepted_announce(plan=plan)  # the outbox, in this transaction
        audit_record(
            actor=actor, action=AuditAction.ACCEPT, subject=plan,
            detail={"status": PlanStatus.ACCEPTED.value, "scheduled": scheduled},
        )  # fmt: skip
    return plan


def _schedule(row: PlanRow) -> None:
    record: ManifestRecord = row.record
    record.handover_port_id = row.port_id
    record.handover_at = row.handover_at
    record.save(update_fields=["handover_port", "handover_at"])
    if row.port_id is None or row.reception_point_id is None or row.handover_at is None:
        return  # an interior flight: no port handover to schedule
    Repatriation.objects.update_or_create(
        manifest_record=record,
        defaults={
            "person_id": record.person_id, "encounter_id": record.encounter_id,
            "port_id": row.port_id, "reception_point_id": row.reception_point_id,
            "scheduled_at": row.handover_at, "status": RepatriationStatus.SCHEDULED,
            "unaccompanied_minor": record.unaccompanied_minor,
        },
    )  # fmt: skip
