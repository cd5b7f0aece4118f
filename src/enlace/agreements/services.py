"""Writes to the agreements inventory: load the authored file, grant the secretariat's access.

``agreements_load`` checks ``data/instruments.json`` against the reference codes in the
database; if anything is wrong nothing is written and ``AgreementDataError`` lists every
problem, naming instrument, version and field. Otherwise, in one transaction, it creates
the rows that are missing and updates the rows the file changed, **except rows edited in
the admin** (``edited`` is true): those are left as they are, so a reload never overwrites
the secretariat's work. Rows are matched by their key in the file (``source_key``), which the
admin cannot change, so a row renamed there is not created again. It never deletes a row.
One audit event records the import, and one more per agreement whose rows changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext, gettext_noop

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.reference.models import Agency, Office, Port, ReceptionPoint, Sector

from .core.instruments import (
    DATA_FILE,
    AuthoredAgreement,
    AuthoredVersion,
    KnownCodes,
    Problem,
    read_instruments,
)
from .core.snapshots import PortInfo
from .models import Agreement, AgreementParty, AgreementVersion, Clause, Parameter

SECRETARIAT_GROUP = "secretariat"
AGREEMENT_MODELS: tuple[type[models.Model], ...] = (
    Agreement,
    AgreementParty,
    AgreementVersion,
    Clause,
    Parameter,
)

PROBLEMS = {
    "missing_file": gettext_noop("the file %(file)s is missing"),
    "json": gettext_noop("%(file)s is not valid JSON (near line %(line)d)"),
    "format": gettext_noop('"format" must be %(expected)d'),
    "not_object": gettext_noop("an object {…} is expected"),
    "not_list": gettext_noop("a list […] is expected"),
    "unknown_key": gettext_noop("this key is not expected (allowed: %(allowed)s)"),
    "required": gettext_noop("a value is required"),
    "not_text": gettext_noop("text is expected"),
    "text": gettext_noop("text of at most %(max)d characters is expected"),
    "too_long": gettext_noop("longer than %(max)d characters"),
    "slug": gettext_noop('"%(value)s" is not a code in lower case with dashes'),
    "choice": gettext_noop('"%(value)s" is not one of %(choices)s'),
    "boolean": gettext_noop('"%(value)s" is not true or false'),
    "date": gettext_noop('"%(value)s" is not a date written YYYY-MM-DD'),
    "time": gettext_noop('"%(value)s" is not a time written HH:MM between 00:00 and 24:00'),
    "days": gettext_noop('"%(value)s" is not a set of days such as "mon-fri" or "sat,sun"'),
    "integer": gettext_noop('"%(value)s" is not a whole number between %(min)d and %(max)d'),
    "unknown_code": gettext_noop('"%(value)s" is not a code in %(target)s'),
    "unknown_sector": gettext_noop('"%(value)s" is not a Border Patrol sector code'),
    "duplicate": gettext_noop('"%(value)s" appears more than once'),
    "end_before_start": gettext_noop("the end must be after the start"),
    "overlap": gettext_noop('this version starts before version "%(other)s" ends'),
    "status_open": gettext_noop('the status is "%(status)s" but the last version has no end'),
    "place_required": gettext_noop("a %(kind)s parameter needs this place"),
    "place_forbidden": gettext_noop("a %(kind)s parameter does not take this place"),
    "not_in_scope": gettext_noop('port "%(value)s" is not in the version\'s scope'),
    "default_reason": gettext_noop("a default value needs a reason, and only a default has one"),
}


class AgreementDataError(Exception):
    """The authored file was refused; ``messages`` says why, one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def problem_message(problem: Problem) -> str:
    """A translated sentence naming instrument, version and field."""
    context = {
        "instrument": problem.instrument,
        "version": problem.version,
        "field": problem.field,
        "problem": gettext(PROBLEMS[problem.code]) % dict(problem.params),
    }
    if not problem.instrument:
        return gettext("instruments.json: %(problem)s") % context
    if not problem.version:
        return gettext('Instrument %(instrument)s, field "%(field)s": %(problem)s') % context
    return (
        gettext('Instrument %(instrument)s, version "%(version)s", field "%(field)s": %(problem)s')
        % context
    )


@dataclass
class LoadSummary:
    """What the file holds, and what the load did with it."""

    agreements: int = 0
    versions: int = 0
    clauses: int = 0
    parties: int = 0
    parameters: int = 0
    created: int = 0
    updated: int = 0
    kept_edited: int = 0
    changed: list[str] = field(default_factory=list)

    def detail(self) -> dict[str, Any]:
        return {
            "agreements": self.agreements,
            "versions": self.versions,
            "clauses": self.clauses,
            "parties": self.parties,
            "parameters": self.parameters,
            "created": self.created,
            "updated": self.updated,
            "kept_edited": self.kept_edited,
        }


def known_codes() -> KnownCodes:
    """The reference codes in the database, for checking the authored file."""
    return KnownCodes(
        ports={
            code: PortInfo(code, zone, sector)
            for code, zone, sector in Port.objects.values_list("code", "time_zone", "sector_id")
        },
        sectors=set(Sector.objects.values_list("code", flat=True)),
        reception_points=set(ReceptionPoint.objects.values_list("code", flat=True)),
        interior_points=set(
            ReceptionPoint.objects.filter(interior=True).values_list("code", flat=True)
        ),
        agencies=set(Agency.objects.values_list("code", flat=True)),
        offices=set(Office.objects.values_list("code", flat=True)),
    )


def agreements_load(*, path: Path | None = None, actor: Any = None) -> LoadSummary:
    """Check the authored file and load it (see the module docstring).

    Raises ``AgreementDataError`` (and writes nothing) if the file has a problem.
    """
    source = Path(path) if path else DATA_FILE
    agreements, problems = read_instruments(source, known=known_codes())
    if problems:
        raise AgreementDataError([problem_message(p) for p in problems])
    with transaction.atomic():
        sync = _Sync(actor=actor)
        for agreement in agreements:
            sync.agreement(agreement)
        audit_record(
            actor=actor,
            action=AuditAction.IMPORT,
            subject=("agreements.file", source.name),
            detail=sync.summary.detail(),
        )
    return sync.summary


class _Sync:
    """Creates missing rows and updates unedited ones, counting what it did."""

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor
        self.summary = LoadSummary()
        self.touched = 0

    def _row(
        self, model: type[models.Model], existing: Any, lookup: dict[str, Any], values: dict
    ) -> Any:
        if existing is None:
            self.summary.created += 1
            self.touched += 1
            return model._default_manager.create(**lookup, **values)
        if existing.edited:
            self.summary.kept_edited += 1
            return existing
        changed = [name for name, value in values.items() if getattr(existing, name) != value]
        if changed:
            for name in changed:
                setattr(existing, name, values[name])
            existing.save(update_fields=changed)
            self.summary.updated += 1
            self.touched += 1
        return existing

    def agreement(self, authored: AuthoredAgreement) -> None:
        self.touched = 0
        counts = (self.summary.created, self.summary.updated, self.summary.kept_edited)
        row = self._row(
            Agreement,
            Agreement.objects.filter(code=authored.code).first(),
            {"code": authored.code},
            {
                "title_en": authored.title_en,
                "title_es": authored.title_es,
                "kind": authored.kind.value,
                "status": authored.status.value,
                "ins_era": authored.ins_era,
                "notes_en": authored.notes_en,
                "notes_es": authored.notes_es,
            },
        )
        self._parties(row, authored)
        for version in authored.versions:
            self._version(row, version)
        self.summary.agreements += 1
        self.summary.parties += len(authored.parties)
        if self.touched:
            self.summary.changed.append(authored.code)
            audit_record(
                actor=self.actor,
                action=AuditAction.IMPORT,
                subject=row,
                detail={
                    "agreement": authored.code,
                    "created": self.summary.created - counts[0],
                    "updated": self.summary.updated - counts[1],
                    "kept_edited": self.summary.kept_edited - counts[2],
                },
            )

    def _parties(self, agreement: Agreement, authored: AuthoredAgreement) -> None:
        existing = {p.source_key: p for p in agreement.parties.all() if p.source_key}
        for party in authored.parties:
            key = f"{party.agency}|{party.office or ''}"
            self._row(
                AgreementParty,
                existing.get(key),
                {
                    "agreement": agreement,
                    "agency_id": party.agency,
                    "office_id": party.office,
                    "source_key": key,
                },
                {
                    "signatory_en": party.signatory_en,
                    "signatory_es": party.signatory_es,
                    "confidence": party.confidence.value,
                },
            )

    def _version(self, agreement: Agreement, authored: AuthoredVersion) -> None:
        existing = agreement.versions.filter(source_key=authored.label).first()
        row = self._row(
            AgreementVersion,
            existing,
            {"agreement": agreement, "label": authored.label, "source_key": authored.label},
            {
                "effective_from": authored.effective_from,
                "effective_from_approximate": authored.effective_from_approximate,
                "effective_to": authored.effective_to,
                "signed_on": authored.signed_on,
                "dates_confidence": authored.dates_confidence.value,
                "national": authored.national,
                "sources": "\n".join(authored.sources),
            },
        )
        if not row.edited:
            self._scope(row, authored)
        clauses = self._clauses(row, authored)
        self._parameters(row, authored, clauses)
        self.summary.versions += 1

    def _scope(self, version: AgreementVersion, authored: AuthoredVersion) -> None:
        wanted = {
            "ports": set(authored.ports),
            "sectors": set(authored.sectors),
            "reception_points": set(authored.reception_points),
        }
        changed = False
        for name, codes in wanted.items():
            manager = getattr(version, name)
            if set(manager.values_list("pk", flat=True)) != codes:
                manager.set(codes)
                changed = True
        if changed:
            self.touched += 1

    def _clauses(self, version: AgreementVersion, authored: AuthoredVersion) -> dict[str, int]:
        existing = {c.source_key: c for c in version.clauses.all() if c.source_key}
        for clause in authored.clauses:
            existing[clause.number] = self._row(
                Clause,
                existing.get(clause.number),
                {"version": version, "number": clause.number, "source_key": clause.number},
                {
                    "summary_en": clause.summary_en,
                    "summary_es": clause.summary_es,
                    "source": clause.source,
                    "confidence": clause.confidence.value,
                    "rules": ",".join(clause.rules),
                },
            )
        self.summary.clauses += len(authored.clauses)
        return {number: clause.pk for number, clause in existing.items()}

    def _parameters(
        self, version: AgreementVersion, authored: AuthoredVersion, clauses: dict[str, int]
    ) -> None:
        existing = {(p.kind, p.port_id, p.reception_point_id): p for p in version.parameters.all()}
        for parameter in authored.parameters:
            key = (parameter.kind.value, parameter.port, parameter.reception_point)
            self._row(
                Parameter,
                existing.get(key),
                {
                    "version": version,
                    "kind": key[0],
                    "port_id": key[1],
                    "reception_point_id": key[2],
                },
                {
                    "value": parameter.value,
                    "clause_id": clauses.get(parameter.clause) if parameter.clause else None,
                    "is_default": parameter.is_default,
                    "default_reason": parameter.default_reason.value
                    if parameter.default_reason
                    else "",
                    "note_en": parameter.note_en,
                    "note_es": parameter.note_es,
                },
            )
        self.summary.parameters += len(authored.parameters)


def secretariat_permissions_grant(*, user: Any, actor: Any = None) -> Group:
    """Let ``user`` edit the agreements in the admin, and nothing else there.

    Makes the user staff and a member of the "secretariat" group, whose permissions are
    set to exactly add, change and view on the agreements models (no delete: a reload of
    the authored file would bring a deleted row back).
    """
    with transaction.atomic():
        group, _created = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
        group.permissions.set(_agreement_permissions())
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(group)
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            subject=user,
            detail={"fields": ["groups", "is_staff"], "group": SECRETARIAT_GROUP},
        )
    return group


def _agreement_permissions() -> list[Permission]:
    types = ContentType.objects.get_for_models(*AGREEMENT_MODELS)
    codenames = [
        f"{action}_{model._meta.model_name}"
        for model in AGREEMENT_MODELS
        for action in ("add", "change", "view")
    ]
    return list(Permission.objects.filter(content_type__in=types.values(), codename__in=codenames))
