"""Manifest intake: validate every row, check compliance, store it all in one transaction.

Idempotent by ``manifest_id``: the same bytes submitted again return the stored manifest;
different bytes under a stored id are refused. A well-formed CSV is read as columns (the
fast path of ``core.manifest.columnar``), checked as a frame and stored with the bulk paths
of ``enlace.core.bulk`` (COPY on PostgreSQL), audited as one import event.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from functools import cached_property

import polars as pl
from django.core.exceptions import PermissionDenied
from django.db import transaction

from enlace.access import Actor, Capability, SystemActor, capability_has, capability_require
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.reference.models import Office

from .catalog import compliance_table, manifest_catalog
from .core.compliance import Finding as CoreFinding
from .core.compliance import RuleTable, check_frame
from .core.compliance.engine import findings_from_frame
from .core.manifest import COLUMNS, ManifestError, ManifestRow, parse_row
from .core.manifest.columnar import read_manifest_frame
from .hooks import after_intake_run
from .models import Manifest
from .records import Target, manifest_rows_write


class ManifestRejectedError(Exception):
    """The manifest cannot be read; ``errors`` says where and why. Nothing was stored."""

    def __init__(self, errors: list[ManifestError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


class ManifestConflictError(Exception):
    """A different manifest is already stored under this id."""

    def __init__(self, manifest_id: str) -> None:
        super().__init__(manifest_id)
        self.manifest_id = manifest_id


@dataclass(frozen=True)
class CheckResult:
    """A readable manifest and its findings. ``frame`` holds the cells (see
    ``core.manifest.columnar``); ``rows`` parses them into ``ManifestRow`` values on demand."""

    manifest_id: str
    frame: pl.DataFrame
    found: pl.DataFrame
    parsed: list[ManifestRow] | None = None

    @property
    def records(self) -> int:
        return self.frame.height

    @cached_property
    def findings(self) -> list[CoreFinding]:
        return findings_from_frame(self.found)

    @cached_property
    def rows(self) -> list[ManifestRow]:
        if self.parsed is not None:
            return self.parsed
        catalog = manifest_catalog()
        rows = []
        for cells in self.frame.select(*COLUMNS, "line").iter_rows(named=True):
            line = cells.pop("line")
            row, errors = parse_row(
                {k: v or "" for k, v in cells.items()}, line=line, catalog=catalog
            )
            assert row is not None, errors  # noqa: S101 - the fast path accepted it
            rows.append(row)
        return rows

    @property
    def sending_office(self) -> str:
        return str(self.frame["sending_office"][0])

    @property
    def blocking(self) -> int:
        return int((self.found["severity"] == "block").sum()) if self.found.height else 0

    @property
    def warnings(self) -> int:
        return int((self.found["severity"] == "warn").sum()) if self.found.height else 0


@dataclass(frozen=True)
class SubmitResult:
    manifest: Manifest
    created: bool


def manifest_check(*, content: bytes, table: RuleTable | None = None) -> CheckResult:
    """Read and check a manifest without storing it, as of the clock's now (a handover
    already past is a finding); raise ``ManifestRejectedError``."""
    result = read_manifest_frame(content, catalog=manifest_catalog())
    if result.frame is None:
        raise ManifestRejectedError(result.errors)
    found = check_frame(result.frame, table or compliance_table(), now=clock.now())
    return CheckResult(result.manifest_id, result.frame, found, result.rows)


def manifest_submit_permitted(*, actor: Actor | None, sending_office: str) -> bool:
    """May ``actor`` submit a manifest of ``sending_office``? A holder of MANIFEST_SUBMIT
    of that office; a system actor holding it (the demo, a named batch job) for any."""
    if not capability_has(actor, Capability.MANIFEST_SUBMIT):
        return False
    if isinstance(actor, SystemActor):
        return True
    return bool(actor is not None and actor.office_id and actor.office_id == sending_office)


def manifest_submit(
    *, actor: Actor, content: bytes, source_name: str = "", table: RuleTable | None = None
) -> SubmitResult:
    """Read, check and store a manifest, its persons, encounters and findings, all or
    nothing. Refuse (``PermissionDenied``) an actor who may not submit it.

    ``table`` lets a caller submitting many manifests build the rule table once."""
    capability_require(actor, Capability.MANIFEST_SUBMIT)
    checked = manifest_check(content=content, table=table)
    return manifest_store(actor=actor, checked=checked, content=content, source_name=source_name)


def manifest_store(
    *, actor: Actor, checked: CheckResult, content: bytes, source_name: str = ""
) -> SubmitResult:
    """Store a checked manifest in one transaction (the second half of ``manifest_submit``):
    the same bytes stored before return the stored manifest, other bytes under its id are
    refused; ``PermissionDenied`` unless the actor may submit the sending office's."""
    if not manifest_submit_permitted(actor=actor, sending_office=checked.sending_office):
        raise PermissionDenied(Capability.MANIFEST_SUBMIT.value)
    fingerprint = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        existing = Manifest.objects.filter(manifest_id=checked.manifest_id).first()
        if existing is not None:
            if existing.content_sha256 != fingerprint:
                raise ManifestConflictError(checked.manifest_id)
            return SubmitResult(existing, created=False)
        manifest = _store(actor, checked, content, source_name)
        after_intake_run(manifest=manifest, actor=actor)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            subject=manifest,
            detail={"records": manifest.record_count, "blocking": manifest.blocking_count},
        )
    return SubmitResult(manifest, created=True)


def _store(actor: Actor, checked: CheckResult, content: bytes, source_name: str) -> Manifest:
    office = Office.objects.select_related("agency").get(pk=checked.sending_office)
    manifest = Manifest.objects.create(
        manifest_id=checked.manifest_id,
        sending_office=office,
        submitted_by=None if isinstance(actor, SystemActor) else actor,
        content_sha256=hashlib.sha256(content).hexdigest(),
        source_name=source_name[:200],
        content=zlib.compress(content, 1),
        record_count=checked.records,
        blocking_count=checked.blocking,
        warning_count=checked.warnings,
    )
    manifest_rows_write(Target(manifest, office), checked.frame, checked.parsed, checked.findings)
    return manifest
