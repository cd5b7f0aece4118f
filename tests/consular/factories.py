"""Encounters and notifications in the Nogales consulate's district, built through the services.

The Tucson sector's Border Patrol office (``border.tucson``, office usbp-tca) holds the
national; the encounter is in Santa Cruz County, AZ, the district of the Consulate of Mexico
in Nogales (office sre-nogales, ``consul.nogales``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from enlace.accounts.models import Role, User
from enlace.consular.models import ConsularNotification
from enlace.consular.services import (
    notification_acknowledge,
    notification_answer,
    notification_notify,
    notification_offer,
)
from enlace.people.models import Encounter, EncounterKind
from enlace.people.services import EncounterData, PersonData, encounter_record, person_create

NOGALES_COUNTY = "04023"  # Santa Cruz County, AZ
STEPS = ("offered", "requested", "notified", "acknowledged")
STEP_GAP = timedelta(minutes=10)


def held_national(
    officer: Any, *, since: datetime | None = None, minor: bool = False, given: str = "Ana"
) -> Encounter:
    """A national apprehended by the officer's office in the Nogales district, still held."""
    person = person_create(
        actor=officer, data=PersonData(given_names=given, paternal_surname="Prueba", sex="F")
    )
    office = officer.office
    data = EncounterData(
        kind=EncounterKind.APPREHENSION,
        occurred_at=since or timezone.now() - timedelta(hours=2),
        agency_id=office.agency_id,
        office_id=office.pk,
        custody_office_id=office.pk,
        sector_id=office.sector_id,
        county_id=NOGALES_COUNTY,
        unaccompanied_minor=minor,
    )
    return encounter_record(actor=officer, person=person, data=data)


def notification_upto(
    officer: Any,
    consul: Any,
    encounter: Encounter,
    step: str,
    *,
    started: datetime | None = None,
    consulate: str = "nogales",
) -> ConsularNotification:
    """Walk a notification through the steps up to ``step``, ten minutes apart from
    ``started`` (default: an hour after the encounter)."""
    at = started or encounter.occurred_at + timedelta(hours=1)
    n = notification_offer(actor=officer, encounter_id=encounter.pk, consulate=consulate, at=at)
    walk = {
        "requested": lambda t: notification_answer(
            actor=officer, notification_id=n.pk, requested=True, at=t
        ),
        "notified": lambda t: notification_notify(actor=officer, notification_id=n.pk, at=t),
        "acknowledged": lambda t: notification_acknowledge(
            actor=consul, notification_id=n.pk, at=t
        ),
    }
    for name in STEPS[1 : STEPS.index(step) + 1]:
        at += STEP_GAP
        n = walk[name](at)
    return n


def consul_elsewhere(username: str = "consul.tucson.test") -> User:
    """A consular officer of another consulate (Tucson)."""
    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": Role.MX_CONSULAR_OFFICER, "office_id": "sre-tucson"}
    )
    return User.objects.select_related("office").get(pk=user.pk)
