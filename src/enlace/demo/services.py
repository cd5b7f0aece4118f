"""Load the demo: one user per role and a small synthetic population, through the services."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from enlace.accounts.models import User
from enlace.agreements.services import secretariat_permissions_grant
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.people.core.curp import curp_build
from enlace.people.models import DocumentKind, Person
from enlace.people.services import (
    EncounterData,
    PersonData,
    document_add,
    encounter_record,
    family_group_create,
    family_member_add,
    person_create,
)
from enlace.repatriation.services import repatriation_schedule

from .accounts import DEMO_PASSWORD, DEMO_USERS, DemoUser
from .population import DemoEvent, demo_coordinates, demo_population


@dataclass(frozen=True)
class DemoSummary:
    users: int
    persons: int
    loaded: bool


def demo_users_ensure() -> list[DemoUser]:
    """Create or reset the demo users (one per role) with the demo password."""
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(username=demo.username)
        user.role = demo.role
        user.office_id = demo.office_code
        user.is_staff = user.is_superuser = demo.role == "admin"
        user.set_password(DEMO_PASSWORD)
        user.save()
        action = AuditAction.CREATE if created else AuditAction.UPDATE
        audit_record(actor=None, action=action, subject=user, detail={"demo": True})
    return list(DEMO_USERS)


def _load_event(event: DemoEvent, *, actor: User, rng: random.Random, groups: dict) -> None:
    p = event.person
    curp = curp_build(
        given_names=p.given_names,
        paternal_surname=p.paternal_surname,
        maternal_surname=p.maternal_surname,
        birth_date=p.birth_date,
        sex=p.sex,
        state_code=p.state_code,
        homonym=rng.randrange(10),
    )
    if Person.objects.filter(curp=curp).exists():
        curp = ""  # an invented homonym: keep the person, leave the CURP unknown
    person = person_create(
        actor=actor,
        data=PersonData(
            given_names=p.given_names,
            paternal_surname=p.paternal_surname,
            maternal_surname=p.maternal_surname,
            sex=p.sex,
            date_of_birth=p.birth_date.isoformat(),
            curp=curp,
            state_of_birth_id=_state_inegi(p.state_code),
            languages=list(p.languages),
            needs_interpreter=p.languages[0] != "spa",
        ),
    )
    document_add(actor=actor, person=person, kind=DocumentKind.A_NUMBER, number=event.a_number)
    group = None
    if event.family:
        group = groups.get(event.family)
        if group is None:
            group = groups[event.family] = family_group_create(
                actor=actor, reference=event.family, members=[]
            )
        family_member_add(actor=actor, group=group, person=person, relationship=event.relationship)
    lat, lon = demo_coordinates(event.place, rng)
    place = event.place
    encounter = encounter_record(
        actor=actor,
        person=person,
        data=EncounterData(
            kind="detention" if place.agency == "ICE-ERO" else "apprehension",
            occurred_at=event.encountered_at,
            agency_id=place.agency,
            office_id=place.office,
            custody_office_id=place.office,
            sector_id=place.sector or None,
            county_id=place.county,
            latitude=lat,
            longitude=lon,
            family_group=group,
            unaccompanied_minor=event.unaccompanied_minor,
        ),
    )
    repatriation_schedule(
        actor=actor,
        person=person,
        encounter=encounter,
        port_id=place.port,
        reception_point_id=place.reception_point,
        scheduled_at=event.handover_at,
        unaccompanied_minor=event.unaccompanied_minor,
    )


def _state_inegi(curp_code: str) -> str | None:
    from enlace.reference.models import State

    return State.objects.filter(curp_code=curp_code).values_list("inegi_code", flat=True).first()


def demo_load(*, seed: int = 2003, today: date, size: int = 120) -> DemoSummary:
    """Create the demo users and, unless persons already exist, the demo population."""
    with transaction.atomic():
        users = demo_users_ensure()
        secretariat_permissions_grant(user=User.objects.get(username="secretariat"))
        if Person.objects.exists():
            return DemoSummary(users=len(users), persons=Person.objects.count(), loaded=False)
        actor = User.objects.get(username="border.tucson")
        rng = random.Random(seed + 1)  # noqa: S311  (synthetic demo data)
        groups: dict = {}
        for event in demo_population(seed=seed, today=today, size=size):
            _load_event(event, actor=actor, rng=rng, groups=groups)
    return DemoSummary(users=len(users), persons=Person.objects.count(), loaded=True)
