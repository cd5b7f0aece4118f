"""Draft uploads: a manifest file kept for a day so that its uploader can read the check,
download the error report, upload a corrected file and submit. Writes are audited; the file
itself never leaves the database (nothing is logged).
"""

from __future__ import annotations

import csv
import hashlib
import io
import zlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from enlace.access import Capability, capability_require
from enlace.accounts.models import User
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .core.manifest import COLUMNS, ErrorCode, ManifestError
from .findings import ERROR, FindingRow, rows_from_check, rows_from_errors
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


# The first bytes of the files people upload by mistake, and what to call them.
FILE_SIGNATURES: tuple[tuple[bytes, object], ...] = (
    (b"\x89PNG\r\n\x1a\n", _("an image (PNG)")),
    (b"\xff\xd8\xff", _("an image (JPEG)")),
    (b"GIF87a", _("an image (GIF)")),
    (b"GIF89a", _("an image (GIF)")),
    (b"%PDF-", _("a PDF document")),
    (b"PK\x03\x04", _("a ZIP archive or an Excel workbook (XLSX)")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", _("an Excel 97-2003 workbook (XLS)")),
)
# The report's ``rule`` column for the two errors this module words itself.
HEADER_RULE = "header"
FILE_KIND_RULE = "file_kind"
# Each header error, and the sentence that names its columns.
HEADER_SENTENCES: dict[ErrorCode, object] = {
    ErrorCode.MISSING_COLUMN: _("Missing columns: %(names)s."),
    ErrorCode.UNKNOWN_COLUMN: _("Unknown columns: %(names)s."),
    ErrorCode.REPEATED_COLUMN: _("Repeated columns: %(names)s."),
}
# One synthetic row (no real person) for the template file offered next to the format.
TEMPLATE_ROW = {
    "manifest_id": "usbp-tca-20261204-01", "record_id": "TCA-0001", "sending_office": "usbp-tca",
    "given_names": "Ejemplo", "paternal_surname": "Prueba", "maternal_surname": "Muestra",
    "sex": "F", "date_of_birth": "1990-01-15", "nationality": "MEX", "curp": "",
    "a_number": "", "state_of_origin": "SR", "family_group_id": "", "relationship": "",
    "unaccompanied_minor": "false", "pregnant": "false", "medical_condition": "none",
    "medical_clearance": "false", "disability": "false",
    "apprehended_at": "2026-12-03T05:40-07:00", "apprehension_sector": "TCA",
    "apprehension_lat": "31.412", "apprehension_lon": "-111.118",
    "consular_notification_offered_at": "2026-12-03T07:10-07:00",
    "consular_notification_requested": "false", "consulate_notified_at": "",
    "consulate": "", "belongings_status": "returned", "criminal_record": "false",
    "pgr_notice_sent_at": "", "interior_repatriation": "false", "interior_consent_at": "",
    "tvpra_screened_at": "", "receiving_official": "", "notice_sent_at": "",
    "handover_port": "2604", "handover_at": "",
}  # fmt: skip


def file_kind(content: bytes) -> str:
    """What a file that is not text is, by its first bytes ("an image (PNG)"), or "" for
    text (a text file in another encoding is the reader's "not UTF-8" error)."""
    for magic, kind in FILE_SIGNATURES:
        if content.startswith(magic):
            return str(kind)
    if b"\x00" in content[:4096]:
        return gettext("a binary file")
    return ""


def _header_row(errors: list[ManifestError]) -> list[FindingRow]:
    """One error naming every missing, unknown and repeated column (the rows of a file
    whose header is wrong cannot be read, so their errors are left out)."""
    parts = [gettext("The header does not match the manifest format.")]
    for code, sentence in HEADER_SENTENCES.items():
        names = sorted({error.field or "" for error in errors if error.code == code})
        if names:
            parts.append(str(sentence) % {"names": ", ".join(names)})
    columns = ", ".join(sorted({e.field or "" for e in errors} - {""}))
    return [FindingRow(line=1, record_id="", field=columns, rule=HEADER_RULE, severity=ERROR,
                       message=" ".join(parts))]  # fmt: skip


def _unreadable(content: bytes, errors: list[ManifestError]) -> list[FindingRow]:
    kind = file_kind(content)
    if kind:
        message = gettext(
            "This file is %(kind)s, not a CSV manifest. Export the manifest as a CSV file "
            "(UTF-8) and upload it again."
        ) % {"kind": kind}
        return [FindingRow(line=None, record_id="", field="", rule=FILE_KIND_RULE, severity=ERROR,
                           message=message)]  # fmt: skip
    header = [error for error in errors if error.code in HEADER_SENTENCES]
    return _header_row(header) if header else rows_from_errors(errors)


def template_csv() -> str:
    """The manifest format's header and one synthetic example row, as a CSV file."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerow(TEMPLATE_ROW)
    return out.getvalue()


def upload_check(*, upload: ManifestUpload) -> UploadCheck:
    """Check the draft's file as the intake will (nothing is stored)."""
    content = upload.content_bytes()
    try:
        checked = manifest_check(content=content)
    except ManifestRejectedError as rejected:
        return UploadCheck(errors=_unreadable(content, list(rejected.errors)))
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
