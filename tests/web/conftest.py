"""A small, self-contained border scenario and named actors for the web tests.

Every code starts with "T" so the rows never collide with the reference data or demo
population a session may load, and the tests pass whether that data is present or not.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from enlace.accounts.models import Role
from enlace.people.models import Encounter, EncounterKind, Person, PersonLanguage
from enlace.reference.models import (
    Agency,
    Consulate,
    County,
    Language,
    Office,
    Port,
    ReceptionPoint,
    Sector,
    State,
)
from enlace.repatriation.models import Repatriation

from .support import OCCURRED_AT, PASSWORD, SCHEDULED_AT


def _place() -> SimpleNamespace:
    state = State.objects.create(
        inegi_code="T1", curp_code="TT", name="Estado de Prueba", abbreviation="Pba."
    )
    sector = Sector.objects.create(
        code="TSC",
        name="Testing Sector",
        us_state="AZ",
        headquarters="Tucson",
        latitude=Decimal("32.2"),
        longitude=Decimal("-110.9"),
        time_zone="America/Phoenix",
        order=99,
    )
    port = Port.objects.create(
        code="T001",
        name="Testport",
        us_state="AZ",
        mx_city="Ciudad Prueba",
        mx_state=state,
        sector=sector,
        latitude=Decimal("31.3"),
        longitude=Decimal("-110.9"),
        time_zone="America/Phoenix",
        mx_time_zone="America/Hermosillo",
        source="test",
    )
    reception_point = ReceptionPoint.objects.create(
        code="T-RP",
        name="Módulo de Prueba",
        city="Tijuana",
        state=state,
        latitude=Decimal("32.5"),
        longitude=Decimal("-117.0"),
        time_zone="America/Tijuana",
        source="test",
    )
    reception_point.ports.add(port)
    county = County.objects.create(fips="T0001", name="Testing County", us_state="AZ")
    consulate = Consulate.objects.create(
        code="T-CONS",
        city="Testville",
        us_state="AZ",
        category=Consulate.Category.GENERAL,
        latitude=Decimal("32.2"),
        longitude=Decimal("-110.9"),
        time_zone="America/Phoenix",
        source="test",
    )
    consulate.district.add(county)
    return SimpleNamespace(
        state=state,
        sector=sector,
        port=port,
        reception_point=reception_point,
        county=county,
        consulate=consulate,
    )


def _agency(code: str, country: str, name_en: str, name_es: str) -> Agency:
    return Agency.objects.create(code=code, country=country, name_en=name_en, name_es=name_es)


def _offices(place: SimpleNamespace) -> dict[str, Office]:
    sre = _agency("T-SRE", "MX", "Test Foreign Ministry", "Secretaría de Prueba")
    usbp = _agency("T-USBP", "US", "Test Border Patrol", "Patrulla Fronteriza de Prueba")
    inm = _agency("T-INM", "MX", "Test Migration Institute", "Instituto de Migración de Prueba")
    wg = _agency("T-WG", "MX", "Test Working Group", "Grupo de Trabajo de Prueba")

    def office(code: str, agency: Agency, name_en: str, name_es: str, **scope: Any) -> Office:
        return Office.objects.create(
            code=code,
            agency=agency,
            name_en=name_en,
            name_es=name_es,
            time_zone="America/Phoenix",
            **scope,
        )

    return {
        "consulate": office(
            "T-CONS-OFF",
            sre,
            "Consulate General of Mexico in Testville",
            "Consulado General de México en Testville",
            consulate=place.consulate,
        ),
        "sector": office(
            "T-SECTOR-OFF",
            usbp,
            "Testing Sector station",
            "Estación del Sector de Prueba",
            sector=place.sector,
        ),
        "port": office(
            "T-PORT-OFF",
            usbp,
            "Testport field office",
            "Oficina del puerto de prueba",
            port=place.port,
        ),
        "reception": office(
            "T-RP-OFF",
            inm,
            "Test reception module",
            "Módulo de recepción de prueba",
            reception_point=place.reception_point,
        ),
        "general": office("T-WG-OFF", wg, "Test secretariat", "Secretariado de prueba"),
        "empty_consulate": office(
            "T-CONS-EMPTY", sre, "Consulate with no district", "Consulado sin circunscripción"
        ),
    }


def _person(place: SimpleNamespace, office: Office, agency: Agency) -> Person:
    person = Person.objects.create(
        given_names="Xochiquetzal",
        paternal_surname="Pruebatlán",
        maternal_surname="Ensayo",
        sex="F",
        birth_date=date(1990, 5, 1),
        birth_date_precision="month",
        birth_date_approximate=True,
        state_of_birth=place.state,
        needs_interpreter=True,
    )
    language = Language.objects.create(
        code="qtz", name_en="Testing language", name_es="Lengua de prueba", indigenous=True
    )
    PersonLanguage.objects.create(person=person, language=language, primary=True)
    encounter = Encounter.objects.create(
        person=person,
        kind=EncounterKind.APPREHENSION,
        occurred_at=OCCURRED_AT,
        agency=agency,
        office=office,
        sector=place.sector,
        port=place.port,
        county=place.county,
    )
    Repatriation.objects.create(
        person=person,
        encounter=encounter,
        port=place.port,
        reception_point=place.reception_point,
        scheduled_at=SCHEDULED_AT,
        unaccompanied_minor=True,
    )
    return person


@pytest.fixture
def scenario(db: None) -> SimpleNamespace:
    """One person apprehended in the Testing Sector, in the Testville consulate's district,
    and scheduled for handover at the Tijuana test module."""
    place = _place()
    offices = _offices(place)
    person = _person(place, offices["sector"], offices["sector"].agency)
    return SimpleNamespace(**vars(place), offices=offices, person=person)


@pytest.fixture
def make_user(django_user_model: Any) -> Callable[..., Any]:
    """Create a user with a role and an office; the password is ``PASSWORD``."""

    def make(role: str, office: Office | None, *, username: str | None = None, **extra: Any):
        return django_user_model.objects.create_user(
            username=username or f"t-{role}",
            password=PASSWORD,
            role=role,
            office=office,
            **extra,
        )

    return make


# role -> the office key in ``scenario.offices`` it belongs to
ROLE_OFFICES = {
    Role.US_BORDER_OFFICER: "sector",
    Role.US_REMOVAL_OFFICER: "sector",
    Role.MX_CONSULAR_OFFICER: "consulate",
    Role.MX_RECEPTION_OFFICER: "reception",
    Role.MX_CHILD_PROTECTION_OFFICER: "reception",
    Role.MEDICAL_EXAMINER: "general",
    Role.ANALYST: "general",
    Role.LABOR_OFFICER: "general",
    Role.CENTRAL_AUTHORITY_OFFICER: "general",
    Role.SECRETARIAT: "general",
    Role.ADMIN: "general",
}


@pytest.fixture
def signed_in(client: Any, scenario: SimpleNamespace, make_user: Callable[..., Any]):
    """Sign the test client in as a new user of ``role``, in that role's scenario office."""

    def sign_in(role: str, office_key: str | None = None, **extra: Any):
        office = scenario.offices[office_key or ROLE_OFFICES[role]]
        user = make_user(role, office, **extra)
        client.force_login(user)
        return user

    return sign_in
