"""The Border Patrol / CBP and ICE officer's home: upload, the office's manifests, plans
waiting for acceptance, the handovers to record next and the encounters whose consular
notification is still to be offered."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from enlace.consular.selectors import encounter_offerable_count
from enlace.planning.models import Plan, PlanStatus

from .selectors import handovers_due, manifest_list

RECENT = 10


def _plans_awaiting(user: Any) -> list[Plan]:
    """Proposed plans of the office's manifests (ids and counts, no personal data)."""
    return list(
        Plan.objects.filter(
            manifest__sending_office_id=user.office_id, status=PlanStatus.PROPOSED
        ).select_related("manifest")[:RECENT]
    )


def officer_home(user: Any, params: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``web/home_officer.html``."""
    if not getattr(user, "office_id", None):
        return {"manifests": [], "plans_awaiting": [], "handovers": [], "handovers_total": 0,
                "to_offer": 0}  # fmt: skip
    handovers, total = handovers_due(user=user)
    return {
        "manifests": manifest_list(user=user, limit=RECENT),
        "plans_awaiting": _plans_awaiting(user),
        "handovers": handovers,
        "handovers_total": total,
        "to_offer": encounter_offerable_count(user=user),
    }
