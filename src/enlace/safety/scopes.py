"""The safety app's scope rules, registered with ``enlace.access``.

- A consulate sees the missing-person reports its protection desk took (its district's).
- A medical examiner sees its own office's remains cases, and the missing reports whose
  family consented to sharing them with the medical examiner.
- Every other role, the analyst included, sees none: names stay with those handling a case.
"""

from __future__ import annotations

from django.db.models import Q

from enlace.access import Actor, scope_register
from enlace.access.scopes import NOTHING
from enlace.accounts.models import Role

from .models import MissingReport, RemainsCase


def _consulate_reports(user: Actor) -> Q:
    consulate = user.office.consulate_id if user.office is not None else None
    return Q(consulate_id=consulate) if consulate else NOTHING


def _shared_with_examiner(user: Actor) -> Q:
    return Q(share_with_medical_examiner=True) if user.office_id else NOTHING


def _own_remains(user: Actor) -> Q:
    return Q(office_id=user.office_id) if user.office_id else NOTHING


def register() -> None:
    scope_register(MissingReport, [Role.MX_CONSULAR_OFFICER], _consulate_reports)
    scope_register(MissingReport, [Role.MEDICAL_EXAMINER], _shared_with_examiner)
    scope_register(RemainsCase, [Role.MEDICAL_EXAMINER], _own_remains)
