"""Which persons, encounters and repatriations a user may see, as querysets.

One rule per role, drawn from the user's office. Roles with no rule see nothing: the analyst
(aggregates only), labor and Central Authority officers (their cases come later), the
secretariat and the administrator (reference data and users, never case content).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from enlace.accounts.models import Role
from enlace.repatriation.models import Repatriation

from .models import Encounter, Person

_NOTHING = Q(pk__in=[])


def _border(office: Any) -> tuple[Q, Q]:
    if office.sector_id:
        return Q(sector_id=office.sector_id), _NOTHING
    if office.port_id:
        return Q(port_id=office.port_id), Q(port_id=office.port_id)
    return _NOTHING, _NOTHING


def _removal(office: Any) -> tuple[Q, Q]:
    return Q(office_id=office.pk) | Q(custody_office_id=office.pk), _NOTHING


def _consular(office: Any) -> tuple[Q, Q]:
    if not office.consulate_id:
        return _NOTHING, _NOTHING
    in_district = Q(county__consulates=office.consulate_id)
    notified = Q(consular_notification__consulate_id=office.consulate_id)
    return in_district | Q(consulate_id=office.consulate_id) | notified, _NOTHING


def _reception(office: Any) -> tuple[Q, Q]:
    if not office.reception_point_id:
        return _NOTHING, _NOTHING
    return _NOTHING, Q(reception_point_id=office.reception_point_id)


def _child_protection(office: Any) -> tuple[Q, Q]:
    minors = Q(unaccompanied_minor=True)
    if office.mx_state_id:
        minors &= Q(reception_point__state_id=office.mx_state_id)
    return _NOTHING, minors


# role -> (encounters it may see, repatriations it may see), given the office
_RULES: dict[str, Callable[[Any], tuple[Q, Q]]] = {
    Role.US_BORDER_OFFICER: _border,
    Role.US_REMOVAL_OFFICER: _removal,
    Role.MX_CONSULAR_OFFICER: _consular,
    Role.MX_RECEPTION_OFFICER: _reception,
    Role.MX_CHILD_PROTECTION_OFFICER: _child_protection,
}


def _rules(user: Any) -> tuple[Q, Q]:
    rule = _RULES.get(getattr(user, "role", ""))
    office = getattr(user, "office", None)
    if rule is None or office is None or not user.is_active:
        return _NOTHING, _NOTHING
    return rule(office)


def sees_persons(user: Any) -> bool:
    """Whether the user's role gives access to any person records at all."""
    return (
        getattr(user, "is_active", False)
        and getattr(user, "role", "") in _RULES
        and getattr(user, "office", None) is not None
    )


def encounters_visible(user: Any) -> QuerySet[Encounter]:
    encounter_q, _ = _rules(user)
    return Encounter.objects.filter(encounter_q)


def repatriations_visible(user: Any) -> QuerySet[Repatriation]:
    _, repatriation_q = _rules(user)
    return Repatriation.objects.filter(repatriation_q)


def repatriations_followed(user: Any) -> QuerySet[Repatriation]:
    """Repatriations in scope, and those that follow an encounter in scope: a consulate
    follows its nationals to the handover, a Border Patrol sector the persons it
    apprehended. For a person's history; the receiving side's work stays
    ``repatriations_visible``."""
    encounter_q, repatriation_q = _rules(user)
    following = Q(encounter__in=Encounter.objects.filter(encounter_q).values("pk"))
    return Repatriation.objects.filter(repatriation_q | following)


def persons_visible(user: Any) -> QuerySet[Person]:
    """Persons with at least one encounter or repatriation in the user's scope."""
    encounter_q, repatriation_q = _rules(user)
    via_encounters = Encounter.objects.filter(encounter_q).values("person_id")
    via_repatriations = Repatriation.objects.filter(repatriation_q).values("person_id")
    return Person.objects.filter(Q(pk__in=via_encounters) | Q(pk__in=via_repatriations))
