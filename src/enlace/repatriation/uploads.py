"""Draft uploads: a manifest file kept for a day so that its uploader can read the check,
download the error report, upload a corrected file and submit. Writes are audited; the file
itself never leaves the database (nothing is logged).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from enlace.access import Capability, capability_require
from enlace.accounts.models import User
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .findings import FindingRow, rows_from_check, rows_from_errors
from .intake import ManifestRejectedError, SubmitResult, manifest_check, manifest_store
from .models import ManifestUpload

# A manifest holds at most 100,000 rows (``MAX_ROWS``), a few hundred bytes each.
MAX_UPLOAD_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class UploadCheck:
    """What the check found in a draft: the rows when readable, the errors when not."""

    manifest_id: str = ""
    sending_office: str = ""
    records: int = 0
    findings: list[FindingRow] = field(default_factory=list)
    errors: list[FindingRow] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not self.errors

    @property
    def blocking(self) -> int:
        return sum(1 for row in self.findings if row.severity == "block")

    @property
    def warnings(self) -> int:
        return sum(1 for row in self.findings if row.severity == "warn")

    @property
    def rows(self) -> list[FindingRow]:
        return self.errors or self.findings


def manifest_upload_create(*, actor: User, content: bytes, source_name: str) -> ManifestUpload:
    """Keep an uploaded file as a draft (for a user who may submit manifests); drafts past
    their lifetime are deleted first."""
    capability_require(actor, Capability.MANIFEST_SUBMIT)
    with transaction.atomic():
        ManifestUpload.objects.filter(
            uploaded_at__lt=timezone.now() - ManifestUpload.LIFETIME
        ).delete()
        upload = ManifestUpload.objects.create(
            uploaded_by=actor,
            source_name=source_name[:200],
            content=zlib.compress(content, 1),
            content_sha256=hashlib.sha256(content).hexdigest(),
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, subject=upload, detail={"bytes": len(content)}
        )
    return upload


def upload_check(*, upload: ManifestUpload) -> UploadCheck:
    """Check the draft's file as the intake will (nothing is stored)."""
    try:
        checked = manifest_check(content=upload.content_bytes())
    except ManifestRejectedError as rejected:
        return UploadCheck(errors=rows_from_errors(rejected.errors))
    return UploadCheck(
        manifest_id=checked.manifest_id,
        sending_office=checked.sending_office,
        records=checked.records,
        findings=rows_from_check(checked),
    )


def manifest_upload_submit(*, actor: User, upload: ManifestUpload) -> SubmitResult:
    """Submit the draft: store the manifest with its findings (``intake.manifest_store``,
    idempotent by manifest id, which refuses an actor who may not submit it). Raise
    ``ManifestRejectedError`` for an unreadable file, ``ManifestConflictError`` when other
    bytes are stored under its id, ``PermissionDenied`` when the file is another office's."""
    capability_require(actor, Capability.MANIFEST_SUBMIT)
    content = upload.content_bytes()
    checked = manifest_check(content=content)
    return manifest_store(
        actor=actor, checked=checked, content=content, source_name=upload.source_name
    )
