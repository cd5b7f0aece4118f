"""Reads for the manifest workflow: the code catalog, the rule table, scoped manifests."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from enlace.accounts.models import Role
from enlace.agreements.selectors import arrangement_snapshots
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.reference.models import Consulate, Office, Port, Sector, State

from .core.compliance import RuleTable, rule_table
from .core.manifest import Catalog
from .core.manifest.columnar import frame_cells, read_manifest_frame
from .findings import FindingRow, rows_from_stored
from .models import Manifest, ManifestStatus, ManifestUpload, Repatriation, RepatriationStatus

SENDING_ROLES = frozenset({Role.US_BORDER_OFFICER, Role.US_REMOVAL_OFFICER})


def manifest_catalog() -> Catalog:
    """The codes a manifest may name, from the reference tables (former sector codes too)."""
    sectors = set(Sector.objects.values_list("code", flat=True))
    sectors |= set(Sector.objects.exclude(former_code="").values_list("former_code", flat=True))
    return Catalog(
        offices=frozenset(Office.objects.values_list("code", flat=True)),
        sectors=frozenset(sectors),
        ports=frozenset(Port.objects.values_list("code", flat=True)),
        states=frozenset(State.objects.values_list("curp_code", flat=True)),
        consulates=frozenset(Consulate.objects.values_list("code", flat=True)),
    )


def sector_codes_current() -> dict[str, str]:
    """Map every sector code, current or former (MAR, MCA), to the current one."""
    mapping = {code: code for code in Sector.objects.values_list("code", flat=True)}
    for code, former in Sector.objects.exclude(former_code="").values_list("code", "former_code"):
        mapping[former] = code
    return mapping


def manifest_cells(manifest: Manifest) -> dict[str, dict[str, str]]:
    """The stored manifest's rows as received: record id → column → trimmed cell text.

    For internal use by services and tests (no audit): callers that show cells to a user go
    through ``manifest_get``."""
    frame = read_manifest_frame(manifest.content_bytes(), catalog=manifest_catalog()).frame
    if frame is None:
        return {}
    return {cells["record_id"]: cells for cells in frame_cells(frame)}


def compliance_table() -> RuleTable:
    """The rule table of the agreements as stored now (edits by the secretariat included)."""
    return rule_table(arrangement_snapshots())


def _manifests_visible(user: Any) -> QuerySet[Manifest]:
    """Manifests the user's office sent; offices that send none see none."""
    office_id = getattr(user, "office_id", None)
    if not office_id or not user.is_active:
        return Manifest.objects.none()
    return Manifest.objects.filter(sending_office_id=office_id)


def manifest_list(*, user: Any, limit: int = 50) -> list[Manifest]:
    """The office's latest manifests (no personal data: ids and counts)."""
    return list(_manifests_visible(user).select_related("sending_office")[:limit])


def manifest_get(*, user: Any, manifest_id: str) -> tuple[Manifest, list[FindingRow]]:
    """A manifest the user's office sent, with its findings (line and column to fix) in the
    active language; 404 for another office's manifest and for one that does not exist."""
    manifest = _manifests_visible(user).filter(manifest_id=manifest_id).first()
    if manifest is None:
        raise Http404
    findings = rows_from_stored(manifest.findings.select_related("record"))
    audit_record(actor=user, action=AuditAction.VIEW, subject=manifest)
    return manifest, findings


def upload_get(*, user: Any, token: Any) -> ManifestUpload:
    """A draft upload of this user, younger than its lifetime; 404 for anyone else's, an
    expired one and one that does not exist."""
    if not getattr(user, "is_active", False):
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


def handovers_due(*, user: Any, limit: int = 20) -> tuple[list[Repatriation], int]:
    """The scheduled handovers of the office's accepted manifests, earliest first, and how
    many there are: what its officers have to record (scoped like
    ``receipts.services.delivery_permitted``: the manifest's sending office)."""
    office_id = getattr(user, "office_id", None)
    if not office_id or not user.is_active or user.role not in SENDING_ROLES:
        return [], 0
    due = Repatriation.objects.filter(
        status=RepatriationStatus.SCHEDULED,
        manifest_record__manifest__sending_office_id=office_id,
        manifest_record__manifest__status=ManifestStatus.ACCEPTED,
    )
    shown = list(
        due.select_related(
            "person", "port", "reception_point", "manifest_record__manifest"
        ).order_by("scheduled_at", "pk")[:limit]
    )
    total = due.count() if len(shown) == limit else len(shown)
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("repatriation.repatriation", ""),
        detail={"count": len(shown)},
    )
    return shown, total


def access_manifest(*, user: Any, manifest_id: str) -> Manifest:
    """A manifest the user's office sent, without its findings (ids and counts only, so
    not audited); 404 for another office's manifest and for one that does not exist."""
    manifest = _manifests_visible(user).filter(manifest_id=manifest_id).first()
    if manifest is None:
        raise Http404
    return manifest
