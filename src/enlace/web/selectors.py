"""What each role's home page shows, read through the scoped selectors."""

from __future__ import annotations

from typing import Any

from enlace.accounts.models import Role
from enlace.people import selectors as people
from enlace.reference.models import Consulate, Office, Port, ReceptionPoint, Sector


def _officer(user: Any) -> dict[str, Any]:
    return {"persons": people.person_list(user=user, limit=25)}


def _reception(user: Any) -> dict[str, Any]:
    return {"repatriations": people.repatriation_list(user=user, limit=100)}


def _analyst(user: Any) -> dict[str, Any]:
    return {
        "by_sector": people.encounter_counts(by="sector"),
        "by_month": people.encounter_counts(by="month"),
    }


def _secretariat(user: Any) -> dict[str, Any]:
    return {
        "reference_counts": [
            (Sector._meta.verbose_name_plural, Sector.objects.count()),
            (Port._meta.verbose_name_plural, Port.objects.count()),
            (ReceptionPoint._meta.verbose_name_plural, ReceptionPoint.objects.count()),
            (Consulate._meta.verbose_name_plural, Consulate.objects.count()),
            (Office._meta.verbose_name_plural, Office.objects.count()),
        ],
    }


_BUILDERS = {
    Role.US_BORDER_OFFICER: _officer,
    Role.US_REMOVAL_OFFICER: _officer,
    Role.MX_CONSULAR_OFFICER: _officer,
    Role.MX_RECEPTION_OFFICER: _reception,
    Role.MX_CHILD_PROTECTION_OFFICER: _reception,
    Role.ANALYST: _analyst,
    Role.SECRETARIAT: _secretariat,
    Role.ADMIN: _secretariat,
}


def home_context(*, user: Any) -> dict[str, Any]:
    builder = _BUILDERS.get(user.role)
    context: dict[str, Any] = {"office": user.office}
    if builder is not None:
        context.update(builder(user))
    return context
