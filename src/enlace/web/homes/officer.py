"""The Border Patrol / CBP and ICE officer's home: upload, the office's manifests, plans
waiting for acceptance, the handovers to record next (the late ones first) and the
encounters whose consular notification is still to be offered. Assembled from
``repatriation``, ``planning`` and ``consular`` selectors (each scoped; lists of personal
data audited)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from enlace.accounts.models import User
from enlace.consular.selectors import encounter_offerable_count
from enlace.planning.selectors import plans_awaiting
from enlace.repatriation.selectors import handovers_due, manifest_list

RECENT = 10


def officer_home(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``web/home_officer.html``."""
    if not user.office_id:
        return {"manifests": [], "plans_awaiting": [], "handovers": [], "handovers_total": 0,
                "handovers_late": False, "to_offer": 0}  # fmt: skip
    handovers, total = handovers_due(user=user)
    return {
        "manifests": manifest_list(user=user, limit=RECENT),
        "plans_awaiting": plans_awaiting(user=user, limit=RECENT),
        "handovers": handovers,
        "handovers_total": total,
        "handovers_late": any(getattr(h, "late", False) for h in handovers),  # shown first
        "to_offer": encounter_offerable_count(user=user),
    }
