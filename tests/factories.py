"""Records built through the services, as the named actors (``tests.actors``) would build them.

Each factory calls the service a user's request would call, so a record made here carries
the same rows, scopes and audit events as one made through the web or the API. The small
manifests come from the documented example (``docs/examples/manifest-example.csv``), moved to
another office, region and set of names so that two regions never share a person.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from enlace.consular.models import ConsularNotification
from enlace.consular.services import notification_notify, notification_offer
from enlace.people.models import Encounter, EncounterKind
from enlace.people.services import EncounterData, PersonData, encounter_record, person_create
from enlace.planning.models import Plan
from enlace.planning.services import plan_propose
from enlace.receipts.models import HandoverReceipt
from enlace.receipts.services import handover_offer
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Manifest, ManifestUpload, Repatriation
from enlace.repatriation.uploads import manifest_upload_create

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "manifest-example.csv"


def manifest_csv(
    *,
    manifest_id: str,
    sending_office: str = "usbp-tca",
    sector: str = "TCA",
    consulate: str = "nogales",
    port: str = "2604",
    surname: str = "",
    unplanned: bool = False,
) -> bytes:
    """The documented example (four persons of the Tucson sector, handed over at Nogales)
    as another manifest: another office, sector, consulate and port, and, with ``surname``,
    other persons (their surnames replaced, CURPs and A-numbers dropped, so that no record
    matches a person of another manifest). With ``unplanned``, the handover columns are
    left for the planner."""
    with EXAMPLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row.update(manifest_id=manifest_id, sending_office=sending_office)
        row["apprehension_sector"] = sector
        if row["consulate"]:
            row["consulate"] = consulate
        if row["handover_port"]:
            row["handover_port"] = port
        if surname:
            row.update(paternal_surname=surname, curp="", a_number="")
        if unplanned:
            row.update(handover_port="", handover_at="", notice_sent_at="")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def manifest_submitted(officer: Any, content: bytes) -> Manifest:
    """Submit ``content`` as ``officer`` (``intake.manifest_submit``)."""
    return manifest_submit(actor=officer, content=content, source_name="factory.csv").manifest


def upload_draft(officer: Any, content: bytes) -> ManifestUpload:
    """Keep ``content`` as ``officer``'s draft upload."""
    return manifest_upload_create(actor=officer, content=content, source_name="factory.csv")


def plan_proposed(officer: Any, manifest: Manifest) -> Plan:
    return plan_propose(actor=officer, manifest=manifest)


def repatriations_of(manifest: Manifest) -> list[Repatriation]:
    return list(
        Repatriation.objects.filter(manifest_record__manifest=manifest).order_by(
            "manifest_record__line"
        )
    )


def held_national(
    officer: Any,
    *,
    given: str,
    county: str = "04023",
    office: str | None = None,
    sector: str | None = None,
    custody_office: str | None = None,
    minor: bool = False,
) -> Encounter:
    """A national apprehended and held, recorded by ``officer`` (by default in their own
    office and sector, in Santa Cruz County, AZ: the Nogales consulate's district)."""
    person = person_create(
        actor=officer, data=PersonData(given_names=given, paternal_surname="Prueba", sex="F")
    )
    return encounter_on(
        officer, person, county=county, office=office, sector=sector,
        custody_office=custody_office, minor=minor,
    )  # fmt: skip


def encounter_on(
    officer: Any,
    person: Any,
    *,
    county: str = "04023",
    office: str | None = None,
    sector: str | None = None,
    custody_office: str | None = None,
    minor: bool = False,
) -> Encounter:
    """Another encounter of ``person``: made by ``office`` (default: the officer's) and held
    by ``custody_office`` (default: the same office)."""
    own = officer.office
    office = office or own.pk
    data = EncounterData(
        kind=EncounterKind.APPREHENSION,
        occurred_at=timezone.now() - timedelta(hours=2),
        agency_id=own.agency_id,
        office_id=office,
        custody_office_id=custody_office or office,
        sector_id=sector if sector is not None else own.sector_id,
        county_id=county,
        unaccompanied_minor=minor,
    )
    return encounter_record(actor=officer, person=person, data=data)


def notification_offered(
    officer: Any, encounter: Encounter, *, consulate: str, notify: bool = False
) -> ConsularNotification:
    """Offer consular notification for ``encounter`` (and, with ``notify``, pass the
    requested notification on to the consulate)."""
    from enlace.consular.services import notification_answer

    offered = timezone.now() - timedelta(minutes=30)
    note = notification_offer(
        actor=officer, encounter_id=encounter.pk, consulate=consulate, at=offered
    )
    if notify:
        note = notification_answer(
            actor=officer, notification_id=note.pk, requested=True,
            at=offered + timedelta(minutes=5),
        )  # fmt: skip
        note = notification_notify(
            actor=officer, notification_id=note.pk, at=offered + timedelta(minutes=10)
        )
    return note


def receipt_offered(sender: Any, receiver: Any, repatriation: Repatriation) -> HandoverReceipt:
    """The delivering officer signs the handover of ``repatriation`` to ``receiver``."""
    return handover_offer(
        actor=sender, repatriation=repatriation, receiving_officer=receiver,
        handed_over_at=repatriation.scheduled_at,
        belongings=[{"description": "mochila / backpack", "quantity": 1}],
    )  # fmt: skip


def api_token(user: Any) -> str:
    """A personal API token of ``user`` (``api.tokens.token_create``). A role that may not
    be issued one gets a token as if issued before its role changed, so the API's own
    refusal is what the caller meets."""
    from enlace.api.tokens import token_create

    try:
        return token_create(actor=user, name="factory")[1]
    except PermissionDenied:
        return _token_stored(user)


def _token_stored(user: Any) -> str:
    import hashlib
    import secrets

    from enlace.api.models import ApiToken

    prefix = secrets.token_hex(4)
    plain = f"enl_{prefix}_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(
        user=user, name="factory", prefix=prefix,
        token_sha256=hashlib.sha256(plain.encode()).hexdigest(),
        expires_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    return plain
