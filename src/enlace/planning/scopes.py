"""The planning app's scope rule, registered with ``enlace.access``: a plan is seen by
whoever sees the manifest it plans (the sending office)."""

from __future__ import annotations

from django.db.models import Q

from enlace.access import US_CUSTODY_ROLES, Actor, scope_register, scoped
from enlace.repatriation.models import Manifest

from .models import Plan


def _of_manifests_in_scope(user: Actor) -> Q:
    return Q(manifest__in=scoped(user, Manifest).values("pk"))


def register() -> None:
    scope_register(Plan, list(US_CUSTODY_ROLES), _of_manifests_in_scope)
