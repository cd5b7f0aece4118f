"""Reads of plans, scoped like the manifests they plan (``scopes``: the sending office),
audited when they carry rows."""

from __future__ import annotations

from enlace.access import Actor, get_in_scope, scoped
from enlace.repatriation.models import Manifest

from .models import Plan, PlanStatus


def plan_get(*, user: Actor, plan_id: int) -> Plan:
    """A plan in the user's scope, with its manifest and rows, its read audited; 404 alike
    for a plan of another office and one that does not exist."""
    plans = Plan.objects.select_related("manifest").prefetch_related("rows__record")
    return get_in_scope(user, plans, pk=plan_id)


def plan_list(*, user: Actor, manifest: Manifest) -> list[Plan]:
    """The plans of a manifest in the user's scope, newest first (no personal data)."""
    return list(scoped(user, Plan).filter(manifest=manifest))


def plans_awaiting(*, user: Actor, limit: int = 10) -> list[Plan]:
    """Proposed plans in the user's scope, waiting for acceptance (ids and counts)."""
    proposed = scoped(user, Plan).filter(status=PlanStatus.PROPOSED)
    return list(proposed.select_related("manifest")[:limit])
