"""A person's history across agencies, composed from each app's scoped selectors.

Every source is read through the user's scope, so two officers see two different timelines
of one person:

- encounters: ``people.selectors.person_encounters``;
- consular notification steps: ``consular.selectors.notifications_of_person`` (a consulate's
  own notifications; a US office's, of the encounters it holds);
- manifest records: the sending office's own, or those of an encounter or repatriation in
  scope;
- repatriations and their handover receipts: ``repatriation.scopes.repatriations_followed``
  (in scope, or following an encounter in scope: the consulate follows its national to the
  handover);
- merges: ``identity.selectors.person_merges`` (those whose surviving person is in scope).

The caller has already read the person through ``person_get`` (scoped, audited); the page
(``enlace.web.person``) writes one more audit event that counts what was shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from enlace.access import Actor, Capability, capability_has, scoped
from enlace.accounts.models import User
from enlace.consular.models import ConsularNotification, NotificationStatus
from enlace.consular.selectors import notifications_of_person
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.identity.models import PersonMerge
from enlace.identity.selectors import person_merges
from enlace.people.models import Encounter, Person
from enlace.people.selectors import person_encounters
from enlace.repatriation.models import Manifest, ManifestRecord, Repatriation
from enlace.repatriation.scopes import repatriations_followed, repatriations_visible

UTC = "UTC"


@dataclass(frozen=True)
class TimelineEntry:
    """One event of a person's history, shown at ``when`` in the zone where it happened.

    ``facts`` are (label, value) pairs; a value may be a bilingual row (shown with
    ``localized_name``)."""

    when: datetime
    time_zone: str
    kind: str  # encounter, notification, manifest, repatriation, handover, merge
    title: str
    facts: tuple[tuple[str, Any], ...] = ()
    tags: tuple[str, ...] = ()
    link: str = ""
    link_text: str = ""


# --- scoped sources that have no selector of their own yet ----------------------------------


def _repatriations(user: Actor, person: Person) -> QuerySet[Repatriation]:
    return (
        repatriations_followed(user)
        .filter(person=person)
        .select_related(
            "port",
            "reception_point",
            "manifest_record__manifest",
            "receipt__delivering_officer__office",
            "receipt__receiving_officer__office",
        )  # fmt: skip
    )


def _manifest_records(user: Actor, person: Person) -> QuerySet[ManifestRecord]:
    sent = Q(manifest__in=scoped(user, Manifest).values("pk"))
    following = Q(encounter__in=scoped(user, Encounter).values("pk"))
    received = Q(repatriation__in=repatriations_visible(user).values("pk"))
    return (
        ManifestRecord.objects.filter(person=person)
        .filter(sent | following | received)
        .select_related("manifest__sending_office", "handover_port")
    )


# --- entries ----------------------------------------------------------------------------


def _encounter_zone(encounter: Encounter) -> str:
    place = encounter.port or encounter.sector or encounter.office
    return place.time_zone or UTC


def _encounter_entry(encounter: Encounter) -> TimelineEntry:
    facts: list[tuple[str, Any]] = [
        (_("Agency"), encounter.agency),
        (_("Office"), encounter.office),
    ]
    if encounter.sector:
        facts.append((_("Border Patrol sector"), encounter.sector.name))
    if encounter.port:
        facts.append((_("Port of entry"), encounter.port))
    if encounter.county:
        facts.append((_("US county"), encounter.county))
    return TimelineEntry(
        when=encounter.occurred_at,
        time_zone=_encounter_zone(encounter),
        kind="encounter",
        title=_("Encounter: %(kind)s") % {"kind": encounter.get_kind_display()},
        facts=tuple(facts),
        tags=(_("Unaccompanied minor"),) if encounter.unaccompanied_minor else (),
    )


def _answer_title(notification: ConsularNotification) -> str:
    if notification.status == NotificationStatus.DECLINED:
        return _("Consular notification declined by the person")
    return _("Consular notification requested by the person")


def _notification_entries(notification: ConsularNotification) -> list[TimelineEntry]:
    here = _encounter_zone(notification.encounter)
    consulate = notification.consulate
    steps = [
        (notification.offered_at, here, _("Consular notification offered"),
         notification.offered_by),
        (notification.answered_at, here, _answer_title(notification), None),
        (notification.notified_at, here, _("Consulate notified"), notification.notified_by),
        (notification.acknowledged_at, consulate.time_zone,
         _("Notification acknowledged by the consulate"), notification.acknowledged_by),
        (getattr(notification, "interviewed_at", None), consulate.time_zone,
         _("Consular interview"), None),
    ]  # fmt: skip
    entries = []
    for when, zone, title, signer in steps:
        if when is None:
            continue
        facts: list[tuple[str, Any]] = [(_("Consulate"), consulate)]
        if signer is not None and signer.office is not None:
            facts.append((_("Office"), signer.office))
        entries.append(TimelineEntry(when, zone or UTC, "notification", title, facts=tuple(facts)))
    return entries


def _manifest_entry(record: ManifestRecord) -> TimelineEntry:
    manifest = record.manifest
    facts: list[tuple[str, Any]] = [
        (_("Manifest"), manifest.manifest_id),
        (_("Line"), str(record.line)),
        (_("Sending office"), manifest.sending_office),
    ]
    if record.handover_port:
        facts.append((_("Port of entry"), record.handover_port))
    return TimelineEntry(
        when=manifest.submitted_at,
        time_zone=manifest.sending_office.time_zone or UTC,
        kind="manifest",
        title=_("Listed on a repatriation manifest"),
        facts=tuple(facts),
    )


def _receipt_link(receipt: Any) -> str:
    try:
        return reverse("receipts:receipt-detail", args=[receipt.receipt_id])
    except NoReverseMatch:  # the receipt pages come with another change
        return ""


def _repatriation_entries(repatriation: Repatriation, receipt_open: bool) -> list[TimelineEntry]:
    zone = repatriation.reception_point.time_zone or UTC
    where = ((_("Port of entry"), repatriation.port),
             (_("Reception point"), repatriation.reception_point.name))  # fmt: skip
    tags = (_("Unaccompanied minor"),) if repatriation.unaccompanied_minor else ()
    title = _("Repatriation: %(status)s") % {"status": repatriation.get_status_display()}
    entries = [TimelineEntry(repatriation.scheduled_at, zone, "repatriation", title, where, tags)]
    receipt = getattr(repatriation, "receipt", None)
    if receipt is None:
        if repatriation.handed_over_at:
            title = _("Handed over")
            entries.append(
                TimelineEntry(repatriation.handed_over_at, zone, "handover", title, where)
            )
        return entries
    link = _receipt_link(receipt) if receipt_open else ""
    link_text = _("Handover receipt") if link else ""
    offices = ((_("Delivering office"), receipt.delivering_officer.office),) + where
    title = _("Handover signed by the delivering officer")
    entries.append(TimelineEntry(receipt.offered_at, zone, "handover", title, offices,
                                 link=link, link_text=link_text))  # fmt: skip
    if receipt.confirmed_at:
        receiving = receipt.receiving_officer.office if receipt.receiving_officer else None
        facts = ((_("Receiving office"), receiving), *where)
        title = _("Handover confirmed by the receiving officer")
        entries.append(TimelineEntry(receipt.confirmed_at, zone, "handover", title, facts,
                                     link=link, link_text=link_text))  # fmt: skip
    return entries


def _merge_entries(merge: PersonMerge, person: Person) -> list[TimelineEntry]:
    def zone(user: User | None) -> str:
        office = user.office if user is not None else None
        return office.time_zone if office and office.time_zone else UTC

    if merge.survivor_id == person.pk:
        title = _("A duplicate record was merged into this person")
    else:
        title = _("This record was merged into another person's record")
    entries = [TimelineEntry(merge.merged_at, zone(merge.merged_by), "merge", title)]
    if merge.reversed_at:
        title = _("Merge reversed")
        entries.append(TimelineEntry(merge.reversed_at, zone(merge.reversed_by), "merge", title))
    return entries


def timeline_build(user: Actor, person: Person, merges: list[PersonMerge]) -> list[TimelineEntry]:
    """The person's history the user may see, oldest first (not audited: the caller counts
    what it shows); ``merges`` as ``identity.selectors.person_merges`` gave them."""
    if not capability_has(user, Capability.PERSON_READ):
        return []
    entries = [_encounter_entry(e) for e in person_encounters(user=user, person=person)]
    for notification in notifications_of_person(user=user, person_id=person.pk):
        entries += _notification_entries(notification)
    entries += [_manifest_entry(r) for r in _manifest_records(user, person)]
    own = set(repatriations_visible(user).filter(person=person).values_list("pk", flat=True))
    for repatriation in _repatriations(user, person):
        record = repatriation.manifest_record
        sent = record is not None and record.manifest.sending_office_id == user.office_id
        entries += _repatriation_entries(repatriation, sent or repatriation.pk in own)
    for merge in merges:
        entries += _merge_entries(merge, person)
    return sorted(entries, key=attrgetter("when"))


def person_timeline(*, user: Actor, person: Person) -> list[TimelineEntry]:
    """The person's history the user may see, oldest first (audited as one list read)."""
    entries = timeline_build(user, person, person_merges(user=user, person=person))
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        subject=("people.person", str(person.pk)),
        detail={"timeline": len(entries)},
    )
    return entries
