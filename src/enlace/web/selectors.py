"""What each role's home page shows, read through the scoped selectors of the app that owns
the work (each app's ``home`` module): the page is the role's work for today."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any

from enlace.accounts.models import Role
from enlace.reference.models import Consulate, Office, Port, ReceptionPoint, Sector


def _secretariat(user: Any, params: Mapping[str, str]) -> dict[str, Any]:
    return {
        "reference_counts": [
            (Sector._meta.verbose_name_plural, Sector.objects.count()),
            (Port._meta.verbose_name_plural, Port.objects.count()),
            (ReceptionPoint._meta.verbose_name_plural, ReceptionPoint.objects.count()),
            (Consulate._meta.verbose_name_plural, Consulate.objects.count()),
            (Office._meta.verbose_name_plural, Office.objects.count()),
        ],
    }


def _from(path: str) -> Callable[[Any, Mapping[str, str]], dict[str, Any]]:
    """The builder ``module:function`` of another app, imported when first called."""
    module, name = path.split(":")

    def build(user: Any, params: Mapping[str, str]) -> dict[str, Any]:
        builder: Callable[[Any, Mapping[str, str]], dict[str, Any]]
        builder = getattr(import_module(module), name)
        return builder(user, params)

    return build


def _nothing(user: Any, params: Mapping[str, str]) -> dict[str, Any]:
    return {}


_OFFICER = _from("enlace.web.homes.officer:officer_home")
_CONSUL = _from("enlace.consular.home:consular_home")
_RECEPTION = _from("enlace.web.homes.reception:reception_home")
_CHILD_PROTECTION = _from("enlace.web.homes.reception:child_protection_home")
_ANALYST = _from("enlace.stats.selectors:statistics_page")

# role → (template, context builder(user, GET parameters))
HOMES: dict[str, tuple[str, Callable[[Any, Mapping[str, str]], dict[str, Any]]]] = {
    Role.US_BORDER_OFFICER: ("web/home_officer.html", _OFFICER),
    Role.US_REMOVAL_OFFICER: ("web/home_officer.html", _OFFICER),
    Role.MX_CONSULAR_OFFICER: ("web/home_consular.html", _CONSUL),
    Role.MX_RECEPTION_OFFICER: ("web/home_reception.html", _RECEPTION),
    Role.MX_CHILD_PROTECTION_OFFICER: ("web/home_child_protection.html", _CHILD_PROTECTION),
    Role.MEDICAL_EXAMINER: ("web/home_medical_examiner.html", _nothing),
    Role.ANALYST: ("web/home_analyst.html", _ANALYST),
    Role.SECRETARIAT: ("web/home_secretariat.html", _secretariat),
    Role.ADMIN: ("web/home_admin.html", _secretariat),
}
GENERAL_HOME = "web/home_general.html"


def home_page(*, user: Any, params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    """The template and context of the user's home page."""
    template, builder = HOMES.get(getattr(user, "role", ""), (GENERAL_HOME, None))
    context: dict[str, Any] = {"office": user.office}
    if builder is not None:
        context.update(builder(user, params))
    return template, context
