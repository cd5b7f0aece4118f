"""The repatriation app's scope rules, registered with ``enlace.access``: the repatriations
and manifests each role may see, and the persons a repatriation in scope reaches.

A Border Patrol office at a port sees the repatriations through its port; an INM reception
point those addressed to it; DIF the unaccompanied minors received in its state. A role that
sees encounters also *follows* the repatriations that follow them (purpose ``follow``): a
consulate follows its nationals to the handover. Manifests are seen by the office that sent
them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from enlace.access import US_CUSTODY_ROLES, Actor, scope_register, scoped
from enlace.access.scopes import NOTHING, office_of
from enlace.accounts.models import Role, User
from enlace.people.models import Encounter, Person
from enlace.people.scopes import ENCOUNTER_RULES

from .models import Manifest, Repatriation

FOLLOW = "follow"


def _border(user: User) -> Q:
    office = office_of(user)
    return Q(port_id=office.port_id) if office.port_id and not office.sector_id else NOTHING


def _reception(user: User) -> Q:
    point = office_of(user).reception_point_id
    return Q(reception_point_id=point) if point else NOTHING


def _child_protection(user: User) -> Q:
    minors = Q(unaccompanied_minor=True)
    state = office_of(user).mx_state_id
    if state:
        minors &= Q(reception_point__state_id=state)
    return minors


def _following_encounters(user: User) -> Q:
    return Q(encounter__in=scoped(user, Encounter).values("pk"))


def _persons_repatriated(user: User) -> Q:
    return Q(pk__in=scoped(user, Repatriation).values("person_id"))


def _sent_by_office(user: User) -> Q:
    return Q(sending_office_id=user.office_id)


REPATRIATION_RULES = {
    Role.US_BORDER_OFFICER: _border,
    Role.MX_RECEPTION_OFFICER: _reception,
    Role.MX_CHILD_PROTECTION_OFFICER: _child_protection,
}


def register() -> None:
    for role, rule in REPATRIATION_RULES.items():
        scope_register(Repatriation, [role], rule)
        scope_register(Repatriation, [role], rule, purpose=FOLLOW)
    scope_register(Repatriation, list(ENCOUNTER_RULES), _following_encounters, purpose=FOLLOW)
    scope_register(Person, list(REPATRIATION_RULES), _persons_repatriated)
    scope_register(Manifest, list(US_CUSTODY_ROLES), _sent_by_office)


def repatriations_visible(user: Actor | None) -> QuerySet[Repatriation]:
    """Repatriations in the user's scope: the receiving side's work."""
    return scoped(user, Repatriation)


def repatriations_followed(user: Actor | None) -> QuerySet[Repatriation]:
    """Repatriations in scope and those that follow an encounter in scope: for a person's
    history (a consulate follows its nationals to the handover)."""
    return scoped(user, Repatriation, purpose=FOLLOW)
