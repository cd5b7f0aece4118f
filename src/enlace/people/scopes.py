"""The people app's scope rules, registered with ``enlace.access``: which encounters each
role may see (drawn from the user's office), and the persons those encounters reach.

Other apps add their own ways to reach a person (``repatriation`` registers the persons with
a repatriation in scope), so ``people`` never imports the apps above it. Roles with no rule
see no person: the analyst (aggregates only), labor and Central Authority officers (their
modules register their own), the secretariat and the administrator.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from enlace.access import Actor, Capability, capability_has, scope_register, scoped
from enlace.access.scopes import NOTHING
from enlace.accounts.models import Role

from .models import Encounter, Person


def _border(user: Actor) -> Q:
    office = user.office
    if office is None:  # the registry calls a rule only for a user with an office
        return NOTHING
    if office.sector_id:
        return Q(sector_id=office.sector_id)
    if office.port_id:
        return Q(port_id=office.port_id)
    return NOTHING


def _removal(user: Actor) -> Q:
    return Q(office_id=user.office_id) | Q(custody_office_id=user.office_id)


def _consular(user: Actor) -> Q:
    consulate = user.office.consulate_id if user.office is not None else None
    if not consulate:
        return NOTHING
    in_district = Q(county__consulates=consulate)
    notified = Q(consular_notification__consulate_id=consulate)
    return in_district | Q(consulate_id=consulate) | notified


def _held(user: Actor) -> Q:
    """Encounters whose person the office holds now (the custody office, else the office
    that made the encounter): what its officers may act on, narrower than what they read."""
    me = user.office_id
    return Q(custody_office_id=me) | Q(custody_office__isnull=True, office_id=me)


def _persons_encountered(user: Actor) -> Q:
    return Q(pk__in=scoped(user, Encounter).values("person_id"))


ENCOUNTER_RULES = {
    Role.US_BORDER_OFFICER: _border,
    Role.US_REMOVAL_OFFICER: _removal,
    Role.MX_CONSULAR_OFFICER: _consular,
}
# what an office holds, for the acts only the holder may take
CUSTODY = "custody"


def register() -> None:
    for role, rule in ENCOUNTER_RULES.items():
        scope_register(Encounter, [role], rule)
    scope_register(
        Encounter, [Role.US_BORDER_OFFICER, Role.US_REMOVAL_OFFICER], _held, purpose=CUSTODY
    )
    scope_register(Person, list(ENCOUNTER_RULES), _persons_encountered)


def sees_persons(user: Actor) -> bool:
    """Whether the user's role gives access to any person records at all."""
    return capability_has(user, Capability.PERSON_READ)


def encounters_visible(user: Actor) -> QuerySet[Encounter]:
    return scoped(user, Encounter)


def persons_visible(user: Actor) -> QuerySet[Person]:
    """Persons reached by at least one record in the user's scope, whatever app owns it."""
    return scoped(user, Person)
