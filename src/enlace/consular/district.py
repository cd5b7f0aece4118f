"""Scoped, audited reads of the consular district: nationals in custody and vulnerable
persons to follow. The scope is the user's encounters (``people.scopes``, through the
registry); each read writes one list-audit event with its count, never who was on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from enlace.access import Actor, Capability, capability_has, scoped
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.models import Encounter, Person
from enlace.repatriation.models import ManifestRecord
from enlace.repatriation.state import in_custody

from .models import ConsularNotification, NotificationStatus
from .selectors import notifications_visible

REASONS: dict[str, Promise] = {
    "unaccompanied_minor": _("Unaccompanied minor"),
    "pregnant": _("Pregnant"),
    "disability": _("Disability"),
    "medical_condition": _("Medical condition"),
    "follow_up": _("Protection follow-up"),
}


def _in_custody(user: Actor) -> QuerySet[Encounter]:
    """The latest encounter in scope of each person still held: not handed over since,
    signed or confirmed (``repatriation.state.in_custody``)."""
    if not capability_has(user, Capability.PERSON_READ):
        raise Http404
    return in_custody(scoped(user, Encounter))


def custody_list(*, user: Actor, limit: int = 50) -> tuple[int, list[Encounter]]:
    """How many nationals are in custody in the user's scope, and the most recent of them,
    each with the office holding them (``custody_office`` or the arresting office)."""
    custody = _in_custody(user)
    count = custody.count()
    rows = list(
        custody.select_related("person", "office", "custody_office")
        .prefetch_related("repatriations")
        .order_by("-occurred_at", "-pk")[:limit]
    )
    audit_record(actor=user, action=AuditAction.LIST, subject=("people.encounter", ""),
                 detail={"count": len(rows), "list": "custody"})  # fmt: skip
    return count, rows


@dataclass
class VulnerableEntry:
    """A person to follow, why, and the encounter or notification that says so."""

    person: Person
    since: datetime
    time_zone: str
    reasons: list[str] = field(default_factory=list)
    notification: ConsularNotification | None = None
    note: str = ""

    def reason_labels(self) -> list[str]:
        return [str(REASONS[r]) for r in self.reasons]


_FLAGGED = (
    Q(unaccompanied_minor=True)
    | Q(pregnant=True)
    | Q(disability=True)
    | Q(medical_condition__in=["stable", "serious"])
)


def _add(entries: dict[int, VulnerableEntry], entry: VulnerableEntry) -> None:
    found = entries.setdefault(entry.person.pk, entry)
    if found is not entry:
        found.reasons += [r for r in entry.reasons if r not in found.reasons]
        found.notification = found.notification or entry.notification
        found.note = found.note or entry.note


def _record_reasons(record: ManifestRecord) -> list[str]:
    flags = {
        "unaccompanied_minor": record.unaccompanied_minor or record.encounter.unaccompanied_minor,
        "pregnant": record.pregnant,
        "disability": record.disability,
        "medical_condition": record.medical_condition in {"stable", "serious"},
    }
    return [reason for reason, flagged in flags.items() if flagged]


def _zone(encounter: Encounter) -> str:
    return (encounter.custody_office or encounter.office).time_zone or "UTC"


def vulnerable_list(*, user: Actor, limit: int = 50) -> list[VulnerableEntry]:
    """Vulnerable nationals in custody in scope (the manifest's vulnerability columns, or an
    unaccompanied minor's encounter), and nationals a consular interview flagged for
    protection follow-up; one entry per person, most recent first."""
    custody = _in_custody(user)
    entries: dict[int, VulnerableEntry] = {}
    related = ("person", "encounter__office", "encounter__custody_office")
    follow_ups = (
        notifications_visible(user)
        .filter(follow_up=True, status=NotificationStatus.INTERVIEWED)
        .select_related(*related).order_by("-interviewed_at")[:limit]
    )  # fmt: skip
    for n in follow_ups:
        _add(entries, VulnerableEntry(n.person, n.encounter.occurred_at, _zone(n.encounter),
                                      ["follow_up"], n, n.follow_up_note))  # fmt: skip
    records = (
        ManifestRecord.objects.filter(_FLAGGED, encounter__in=custody.values("pk"))
        .select_related(*related).order_by("-encounter__occurred_at")[:limit]
    )  # fmt: skip
    for r in records:
        _add(entries, VulnerableEntry(r.person, r.encounter.occurred_at, _zone(r.encounter),
                                      _record_reasons(r)))  # fmt: skip
    minors = custody.filter(unaccompanied_minor=True).select_related(
        "person", "office", "custody_office"
    )
    for e in minors.order_by("-occurred_at")[:limit]:
        _add(entries, VulnerableEntry(e.person, e.occurred_at, _zone(e), ["unaccompanied_minor"]))
    result = sorted(entries.values(), key=lambda v: v.since, reverse=True)[:limit]
    audit_record(actor=user, action=AuditAction.LIST, subject=("people.person", ""),
                 detail={"count": len(result), "list": "vulnerable"})  # fmt: skip
    return result
