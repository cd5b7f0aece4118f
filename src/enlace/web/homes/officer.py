"""The Border Patrol / CBP and ICE officer's home: upload, the office's manifests, plans
waiting for acceptance, the handovers to record next (nothing recorded yet, the late ones
first: a handover waiting for the receiving side is followed on ``/handovers/``) and the
encounters whose consular notification is still to be offered. Assembled from
``repatriation``, ``planning``, ``receipts`` and ``consular`` selectors (each scoped; lists of
personal data audited)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from enlace.accounts.models import User
from enlace.consular.selectors import encounter_offerable_count
from enlace.planning.selectors import plans_awaiting
from enlace.receipts.worklist import Show, handover_worklist
from enlace.repatriation.selectors import manifest_list

RECENT = 10
TO_RECORD_SHOWN = 10


def officer_home(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``web/home_officer.html``."""
    if not user.office_id:
        return {"manifests": [], "plans_awaiting": [], "handovers": [], "handovers_total": 0,
                "handovers_late": False, "to_offer": 0}  # fmt: skip
    to_record = handover_worklist(user=user, show=Show.TO_RECORD, per_page=TO_RECORD_SHOWN)
    return {
        "manifests": manifest_list(user=user, limit=RECENT),
        "plans_awaiting": plans_awaiting(user=user, limit=RECENT),
        "handovers": to_record.rows,
        "handovers_total": to_record.total,
        "handovers_late": to_record.counts[Show.LATE] > 0,  # shown first
        "to_offer": encounter_offerable_count(user=user),
    }
