"""Manifest intake: validate every row, check compliance, store it all in one transaction.

Idempotent by ``manifest_id``: the same bytes submitted again return the stored manifest;
different bytes under a stored id are refused. Large manifests are written with the bulk
paths of ``enlace.core.bulk`` (COPY on PostgreSQL) and audited as one import event.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model, Q

from enlace.core.audit import audit_record
from enlace.core.bulk import allocate_ids, bulk_insert
from enlace.core.models import AuditAction
from enlace.people.models import (
    DocumentKind,
    Encounter,
    EncounterKind,
    FamilyGroup,
    FamilyMembership,
    IdentityDocument,
    Person,
)
from enlace.reference.models import Office, ReceptionPoint, State

from .core.compliance import Finding as CoreFinding
from .core.compliance import RuleTable, check_rows
from .core.manifest import ManifestError, ManifestRow, read_manifest
from .models import Finding, Manifest, ManifestRecord, Repatriation
from .selectors import compliance_table, manifest_catalog, sector_codes_current


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
    manifest_id: str
    rows: list[ManifestRow]
    findings: list[CoreFinding]

    @property
    def blocking(self) -> int:
        return sum(1 for f in self.findings if f.severity == "block")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warn")


@dataclass(frozen=True)
class SubmitResult:
    manifest: Manifest
    created: bool


def manifest_check(*, content: bytes, table: RuleTable | None = None) -> CheckResult:
    """Read and check a manifest without storing it; raise ``ManifestRejectedError``."""
    result = read_manifest(content, catalog=manifest_catalog())
    if result.errors:
        raise ManifestRejectedError(result.errors)
    findings = check_rows(result.rows, table or compliance_table())
    return CheckResult(result.manifest_id, result.rows, findings)


def manifest_submit(
    *, actor: Any, content: bytes, source_name: str = "", table: RuleTable | None = None
) -> SubmitResult:
    """Store a manifest, its persons, encounters and findings, all or nothing.

    ``table`` lets a caller submitting many manifests build the rule table once."""
    fingerprint = hashlib.sha256(content).hexdigest()
    checked = manifest_check(content=content, table=table)
    with transaction.atomic():
        existing = Manifest.objects.filter(manifest_id=checked.manifest_id).first()
        if existing is not None:
            if existing.content_sha256 != fingerprint:
                raise ManifestConflictError(checked.manifest_id)
            return SubmitResult(existing, created=False)
        manifest = _store(actor, checked, fingerprint, source_name)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            subject=manifest,
            detail={"records": manifest.record_count, "blocking": manifest.blocking_count},
        )
    return SubmitResult(manifest, created=True)


class _Writer:
    """Collect rows per model with ids allocated up front, then write each model in bulk."""

    def __init__(self) -> None:
        self.rows: dict[type[Model], list[list[Any]]] = defaultdict(list)
        self.fields: dict[type[Model], list[str]] = {}

    def ids(self, model: type[Model], count: int) -> list[int]:
        return allocate_ids(model, count)

    def add(self, model: type[Model], values: dict[str, Any]) -> None:
        self.fields.setdefault(model, list(values))
        self.rows[model].append(list(values.values()))

    def flush(self, order: list[type[Model]]) -> None:
        for model in order:
            if self.rows[model]:
                bulk_insert(model, self.fields[model], self.rows[model])


def _known_persons(rows: list[ManifestRow]) -> dict[str, int]:
    """Existing persons by CURP and by A-number (exact): key → person id."""
    curps = {r.curp for r in rows if r.curp}
    numbers = {r.a_number for r in rows if r.a_number}
    known: dict[str, int] = {
        curp: pk
        for curp, pk in Person.objects.filter(curp__in=curps).values_list("curp", "pk")
        if curp
    }
    documents = IdentityDocument.objects.filter(
        Q(kind=DocumentKind.A_NUMBER, number__in=numbers)
        | Q(kind=DocumentKind.CURP, number__in=curps)
    )
    known.update(documents.values_list("number", "person_id"))
    return known


def _store(actor: Any, checked: CheckResult, fingerprint: str, source_name: str) -> Manifest:
    rows = checked.rows
    office = Office.objects.select_related("agency").get(pk=rows[0].sending_office)
    blocking_records = {f.record_id for f in checked.findings if f.severity == "block"}
    manifest = Manifest.objects.create(
        manifest_id=checked.manifest_id,
        sending_office=office,
        submitted_by=actor if getattr(actor, "pk", None) else None,
        content_sha256=fingerprint,
        source_name=source_name[:200],
        record_count=len(rows),
        blocking_count=checked.blocking,
        warning_count=checked.warnings,
    )
    writer = _Writer()
    context = _Context(manifest, office, writer, rows)
    for row in rows:
        context.add_row(row, handover_allowed=row.record_id not in blocking_records)
    context.add_findings(checked.findings)
    writer.flush(
        [Person, IdentityDocument, FamilyGroup, FamilyMembership, Encounter, ManifestRecord,
         Repatriation, Finding]
    )  # fmt: skip
    return manifest


class _Context:
    """Per-manifest lookups and id allocation for the rows being stored."""

    def __init__(
        self, manifest: Manifest, office: Office, writer: _Writer, rows: list[ManifestRow]
    ) -> None:
        self.manifest, self.office, self.writer = manifest, office, writer
        self.known = _known_persons(rows)
        self.states = dict(State.objects.values_list("curp_code", "inegi_code"))
        self.sectors = sector_codes_current()
        self.points = dict(
            ReceptionPoint.ports.through.objects.order_by("receptionpoint_id").values_list(
                "port_id", "receptionpoint_id"
            )
        )
        self.person_ids = iter(writer.ids(Person, len(rows)))
        self.encounter_ids = iter(writer.ids(Encounter, len(rows)))
        self.record_ids = iter(writer.ids(ManifestRecord, len(rows)))
        self.records: dict[str, int] = {}
        self.families: dict[str, int] = {}
        self.members: set[tuple[int, int]] = set()
        self.family_ids = iter(writer.ids(FamilyGroup, len({r.family_group_id for r in rows})))

    def add_row(self, row: ManifestRow, *, handover_allowed: bool) -> None:
        person_id = self._person(row)
        family_id = self._family(row, person_id)
        encounter_id = next(self.encounter_ids)
        self.writer.add(Encounter, {
            "id": encounter_id, "person_id": person_id, "kind": self._kind(),
            "occurred_at": row.apprehended_at, "agency_id": self.office.agency_id,
            "office_id": self.office.pk, "custody_office_id": self.office.pk,
            "sector_id": self.sectors.get(row.apprehension_sector),
            "port_id": None, "county_id": None, "consulate_id": row.consulate or None,
            "latitude": row.apprehension_lat, "longitude": row.apprehension_lon,
            "family_group_id": family_id, "unaccompanied_minor": row.unaccompanied_minor,
            "recorded_by_id": self.manifest.submitted_by_id,
        })  # fmt: skip
        record_id = next(self.record_ids)
        self.records[row.record_id] = record_id
        self.writer.add(ManifestRecord, {
            "id": record_id, "manifest_id": self.manifest.pk, "record_id": row.record_id,
            "line": row.line, "person_id": person_id, "encounter_id": encounter_id,
            "family_group_id": family_id, "handover_port_id": row.handover_port or None,
            "handover_at": row.handover_at, "unaccompanied_minor": row.unaccompanied_minor,
            "data": dict(row.raw),
        })  # fmt: skip
        point = self.points.get(row.handover_port)
        if handover_allowed and point and row.handover_at:
            self.writer.add(Repatriation, {
                "person_id": person_id, "encounter_id": encounter_id,
                "port_id": row.handover_port, "reception_point_id": point,
                "scheduled_at": row.handover_at, "status": "scheduled",
                "unaccompanied_minor": row.unaccompanied_minor, "manifest_record_id": record_id,
            })  # fmt: skip

    def add_findings(self, findings: list[CoreFinding]) -> None:
        for finding in findings:
            self.writer.add(Finding, {
                "manifest_id": self.manifest.pk, "record_id": self.records[finding.record_id],
                "rule": finding.rule.value, "severity": finding.severity.value,
                "agreement": finding.agreement, "version": finding.version,
                "clause": finding.clause, "params": finding.params,
            })  # fmt: skip

    def _kind(self) -> str:
        if self.office.agency_id.startswith("ICE"):
            return EncounterKind.DETENTION
        return EncounterKind.APPREHENSION

    def _person(self, row: ManifestRow) -> int:
        for key in (row.curp, row.a_number):
            if key and key in self.known:
                return self.known[key]
        person_id = next(self.person_ids)
        birth = row.date_of_birth
        self.writer.add(Person, {
            "id": person_id, "given_names": row.given_names,
            "paternal_surname": row.paternal_surname, "maternal_surname": row.maternal_surname,
            "sex": row.sex, "birth_date": birth.value if birth else None,
            "birth_date_precision": birth.precision.value if birth else "day",
            "birth_date_approximate": False, "nationality": row.nationality,
            "curp": row.curp or None, "state_of_birth_id": self.states.get(row.state_of_origin),
            "needs_interpreter": False, "created_at": self.manifest.submitted_at,
            "updated_at": self.manifest.submitted_at,
        })  # fmt: skip
        for kind, number in ((DocumentKind.CURP, row.curp), (DocumentKind.A_NUMBER, row.a_number)):
            if number:
                self.writer.add(IdentityDocument, {
                    "person_id": person_id, "kind": kind.value, "number": number,
                    "issuing_country": "MEX" if kind == DocumentKind.CURP else "USA",
                })  # fmt: skip
                self.known[number] = person_id
        return person_id

    def _family(self, row: ManifestRow, person_id: int) -> int | None:
        if not row.family_group_id:
            return None
        family_id = self.families.get(row.family_group_id)
        if family_id is None:
            family_id = self.families[row.family_group_id] = next(self.family_ids)
            self.writer.add(FamilyGroup, {
                "id": family_id, "created_at": self.manifest.submitted_at,
                "reference": f"{self.manifest.manifest_id}/{row.family_group_id}"[:160],
            })  # fmt: skip
        if (family_id, person_id) not in self.members:  # two records of one person: once
            self.members.add((family_id, person_id))
            self.writer.add(FamilyMembership, {
                "group_id": family_id, "person_id": person_id,
                "relationship": row.relationship.value,
            })  # fmt: skip
        return family_id
