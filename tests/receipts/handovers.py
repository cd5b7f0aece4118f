"""Accepted manifests of Tucson sector with several persons scheduled at Nogales: the
delivering office's handovers, for the worklist, the officer home and family handovers."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from enlace.people.models import Encounter, EncounterKind, FamilyGroup, Person
from enlace.reference.models import Office
from enlace.repatriation.models import Manifest, ManifestRecord, ManifestStatus, Repatriation

_serial = itertools.count(1)


def manifest_accepted(
    times: list[datetime],
    *,
    family: FamilyGroup | None = None,
    sender: str = "usbp-tca",
    point: str = "nogales",
    port: str = "2604",
) -> tuple[Manifest, list[Repatriation]]:
    """One accepted manifest of ``sender`` with a person scheduled at each of ``times``
    (all of one ``family`` when given), at ``point`` through ``port``."""
    n = next(_serial)
    office = Office.objects.get(pk=sender)
    manifest = Manifest.objects.create(
        manifest_id=f"worklist-{sender}-{n}", sending_office=office, content_sha256="0" * 64,
        record_count=len(times), status=ManifestStatus.ACCEPTED,
    )  # fmt: skip
    rows = []
    for line, at in enumerate(times, start=1):
        person = Person.objects.create(given_names=f"Persona{n}x{line}", paternal_surname="Lista")
        encounter = Encounter.objects.create(
            person=person, kind=EncounterKind.APPREHENSION, occurred_at=at - timedelta(days=1),
            agency_id=office.agency_id, office=office, sector_id=office.sector_id,
        )  # fmt: skip
        record = ManifestRecord.objects.create(
            manifest=manifest, record_id=f"W{n}-{line}", line=line, encounter=encounter,
            person=person, family_group=family, handover_port_id=port, handover_at=at,
        )  # fmt: skip
        rows.append(
            Repatriation.objects.create(
                person=person,
                encounter=encounter,
                port_id=port,
                reception_point_id=point,
                scheduled_at=at,
                manifest_record=record,
            )  # fmt: skip
        )
    return manifest, rows
