"""The consular app's scope rules, registered with ``enlace.access``: which consular
notifications each role sees.

- A US office (Border Patrol sector, ICE field office) sees the notifications of the
  encounters it *holds* (``people.scopes.CUSTODY``): the steps it may take are on its own
  custody, and a person in its scope held by another office is that office's to notify.
- A consulate sees the notifications addressed to it.

Every other role sees none: missing and forbidden look the same.
"""

from __future__ import annotations

from django.db.models import Q

from enlace.access import US_CUSTODY_ROLES, Actor, scope_register, scoped
from enlace.access.scopes import NOTHING
from enlace.accounts.models import Role
from enlace.people.models import Encounter
from enlace.people.scopes import CUSTODY

from .models import ConsularNotification


def _held(user: Actor) -> Q:
    return Q(encounter__in=scoped(user, Encounter, purpose=CUSTODY).values("pk"))


def _addressed(user: Actor) -> Q:
    consulate = user.office.consulate_id if user.office is not None else None
    return Q(consulate_id=consulate) if consulate else NOTHING


def register() -> None:
    scope_register(ConsularNotification, US_CUSTODY_ROLES, _held)
    scope_register(ConsularNotification, [Role.MX_CONSULAR_OFFICER], _addressed)
