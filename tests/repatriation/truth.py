"""Records for the "one truth" tests: a person held, listed on several manifests, scheduled
at several ports, handed over at one of them (as the issue's Naco case)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from enlace.people.models import Encounter, EncounterKind, Person
from enlace.receipts.models import HandoverReceipt
from enlace.receipts.services import handover_confirm, handover_offer
from enlace.reference.models import Office
from enlace.repatriation.models import Manifest, ManifestRecord, ManifestStatus, Repatriation

from .. import actors

_serial = itertools.count(1)
# 4 Dec 2026, 10:30 in Sonora (MST, UTC-7): the morning of the Naco handover.
NOW = datetime(2026, 12, 4, 17, 30, tzinfo=UTC)
NACO, NOGALES = "2603", "2604"


def person_make(name: str = "Ramón") -> Person:
    return Person.objects.create(given_names=f"{name}{next(_serial)}", paternal_surname="Prueba")


def encounter_make(person: Person, *, at: datetime, office: str = "usbp-tca") -> Encounter:
    sender = Office.objects.get(pk=office)
    return Encounter.objects.create(
        person=person, kind=EncounterKind.APPREHENSION, occurred_at=at,
        agency_id=sender.agency_id, office=sender, sector_id=sender.sector_id,
    )  # fmt: skip


def schedule(
    person: Person,
    *,
    at: datetime,
    port: str = NOGALES,
    occurred: datetime | None = None,
    encounter: Encounter | None = None,
    manifest_id: str = "",
    minor: bool = False,
    receiving_official: str = "",
) -> Repatriation:
    """The person on a new accepted manifest of usbp-tca (a new encounter unless one is
    given), scheduled at ``at`` through ``port`` to the Nogales module."""
    n = next(_serial)
    encounter = encounter or encounter_make(person, at=occurred or at - timedelta(days=1))
    manifest = Manifest.objects.create(
        manifest_id=manifest_id or f"truth-{n}", sending_office_id="usbp-tca",
        content_sha256="0" * 64, record_count=1, status=ManifestStatus.ACCEPTED,
    )  # fmt: skip
    record = ManifestRecord.objects.create(
        manifest=manifest, record_id=f"R{n}", line=1, encounter=encounter, person=person,
        handover_port_id=port, handover_at=at, unaccompanied_minor=minor,
        receiving_official=receiving_official,
    )  # fmt: skip
    return Repatriation.objects.create(
        person=person, encounter=encounter, port_id=port, reception_point_id="nogales",
        scheduled_at=at, unaccompanied_minor=minor, manifest_record=record,
    )  # fmt: skip


def offered(actor, repatriation: Repatriation, *, at: datetime) -> HandoverReceipt:
    """Border Patrol Tucson signs the handover at ``at`` to INM Nogales."""
    return handover_offer(
        actor=actor(actors.BORDER_TUCSON), repatriation=repatriation,
        receiving_officer=actor(actors.INM_NOGALES), handed_over_at=at,
    )  # fmt: skip


def received(actor, repatriation: Repatriation, *, at: datetime) -> HandoverReceipt:
    """Signed at ``at`` and confirmed by INM Nogales."""
    receipt = offered(actor, repatriation, at=at)
    return handover_confirm(actor=actor(actors.INM_NOGALES), receipt=receipt)
