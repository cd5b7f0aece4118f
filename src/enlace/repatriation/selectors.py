"""Reads for the manifest workflow: scoped manifests (the sending office's, through the
access module's scope registry), the uploader's drafts, the handovers an office delivers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404
from django.utils import timezone

from enlace.access import Actor, Capability, capability_has, get_in_scope, scoped
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

# The reference reads moved to ``catalog``; named here too for callers outside the app.
from .catalog import compliance_table, manifest_catalog, manifest_cells, sector_codes_current
from .findings import FindingRow, rows_from_stored
from .models import Manifest, ManifestStatus, ManifestUpload, Repatriation, RepatriationStatus

__all__ = [
    "access_manifest",
    "compliance_table",
    "handovers_due",
    "handovers_late",
    "manifest_catalog",
    "manifest_cells",
    "manifest_get",
    "manifest_list",
    "sector_codes_current",
    "upload_get",
]


def manifest_list(*, user: Actor, limit: int = 50) -> list[Manifest]:
    """The latest manifests in the user's scope (no personal data: ids and counts)."""
    return list(scoped(user, Manifest).select_related("sending_office")[:limit])


def manifest_get(*, user: Actor, manifest_id: str) -> tuple[Manifest, list[FindingRow]]:
    """A manifest in the user's scope, its read audited, with its findings (line and column
    to fix) in the active language; 404 alike for another office's and a missing one."""
    manifest = get_in_scope(user, Manifest.objects.all(), manifest_id=manifest_id)
    findings = rows_from_stored(manifest.findings.select_related("record"))
    return manifest, findings


def access_manifest(*, user: Actor, manifest_id: str) -> Manifest:
    """A manifest in the user's scope, without its findings (ids and counts only, so not
    audited); 404 alike for another office's and a missing one."""
    return get_in_scope(user, Manifest.objects.all(), audit=False, manifest_id=manifest_id)


def upload_get(*, user: Actor, token: UUID | str) -> ManifestUpload:
    """A draft upload of this user, younger than its lifetime; 404 for anyone else's, an
    expired one and one that does not exist."""
    if not getattr(user, "is_active", False) or user.pk is None:
        raise Http404
    upload = ManifestUpload.objects.filter(
        token=token,
        uploaded_by_id=user.pk,
        uploaded_at__gte=timezone.now() - ManifestUpload.LIFETIME,
    ).first()
    if upload is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=upload)
    return upload


def _late(now: datetime) -> Q:
    """Scheduled handovers whose time has passed and that nobody recorded (no receipt)."""
    return Q(status=RepatriationStatus.SCHEDULED, scheduled_at__lt=now, receipt__isnull=True)


def handovers_due(
    *, user: Actor, limit: int = 20, now: datetime | None = None
) -> tuple[list[Repatriation], int]:
    """The scheduled handovers of the accepted manifests in the user's scope and how many
    there are: what a delivering office has to record next. The late ones (their time
    passed at ``now``, the clock's by default, and none recorded: ``late`` is true) come
    first, the oldest first; then the others, earliest first."""
    if not capability_has(user, Capability.HANDOVER_DELIVER):
        return [], 0
    now = now or clock.now()
    due = Repatriation.objects.filter(
        status=RepatriationStatus.SCHEDULED,
        manifest_record__manifest__in=scoped(user, Manifest).filter(status=ManifestStatus.ACCEPTED),
    )
    late = Case(
        When(_late(now), then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    shown: list[Repatriation] = list(
        due.annotate(late=late)
        .select_related("person", "port", "reception_point", "manifest_record__manifest")
        .order_by("-late", "scheduled_at", "pk")[:limit]
    )
    total = due.count() if len(shown) == limit else len(shown)
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("repatriation.repatriation", ""),
        detail={"count": len(shown)},
    )
    return shown, total


def handovers_late(
    *,
    user: Actor,
    now: datetime | None = None,
    limit: int = 50,
    related: Sequence[str] = ("person", "port", "reception_point", "manifest_record"),
) -> tuple[list[Repatriation], int]:
    """The handovers in the user's scope whose scheduled time passed at ``now`` (the
    clock's by default) with nothing recorded, the oldest (the worst) first, and how many
    there are: what the receiving side's boards mark as late. Only those of the last
    ``ENLACE_LATE_HORIZON_DAYS`` (7): a board is for the shift, and a handover unrecorded for
    longer is a records problem, not a person at the gate. ``related``: what the caller
    shows of each row, fetched in the same query."""
    if not capability_has(user, Capability.PERSON_READ):
        return [], 0
    now = now or clock.now()
    horizon = now - timedelta(days=settings.ENLACE_LATE_HORIZON_DAYS)
    late = scoped(user, Repatriation).filter(_late(now), scheduled_at__gte=horizon)
    shown = list(late.select_related(*related).order_by("scheduled_at", "pk")[:limit])
    total = late.count() if len(shown) == limit else len(shown)
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("repatriation.repatriation", ""),
        detail={"count": len(shown)},
    )
    return shown, total
