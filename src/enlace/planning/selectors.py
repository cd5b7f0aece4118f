"""Reads of plans, scoped like the manifests they plan (the sending office), audited."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .models import Plan


def _plans_visible(user: Any) -> QuerySet[Plan]:
    office_id = getattr(user, "office_id", None)
    if not office_id or not user.is_active:
        return Plan.objects.none()
    return Plan.objects.filter(manifest__sending_office_id=office_id)


def plan_get(*, user: Any, plan_id: int) -> Plan:
    """A plan of a manifest the user's office sent, with its rows; 404 for a plan of
    another office and for one that does not exist."""
    plan = (
        _plans_visible(user)
        .select_related("manifest")
        .prefetch_related("rows__record")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404
    audit_record(actor=user, action=AuditAction.VIEW, subject=plan)
    return plan


def plan_list(*, user: Any, manifest_id: str) -> list[Plan]:
    """The plans of one of the office's manifests, newest first (no personal data)."""
    return list(_plans_visible(user).filter(manifest__manifest_id=manifest_id))
