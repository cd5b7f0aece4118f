"""The receipts app's scope rule, registered with ``enlace.access``: a handover receipt is
seen by the side that sent the person (the manifest in scope) and by the receiving side
whose scope holds the repatriation; both sign it."""

from __future__ import annotations

from django.db.models import Q

from enlace.access import MX_RECEIVING_ROLES, US_CUSTODY_ROLES, Actor, scope_register, scoped
from enlace.repatriation.models import Manifest, Repatriation

from .models import HandoverReceipt


def _sent_or_received(user: Actor) -> Q:
    sent = Q(repatriation__manifest_record__manifest__in=scoped(user, Manifest).values("pk"))
    return sent | Q(repatriation__in=scoped(user, Repatriation).values("pk"))


def register() -> None:
    scope_register(HandoverReceipt, [*US_CUSTODY_ROLES, *MX_RECEIVING_ROLES], _sent_or_received)
