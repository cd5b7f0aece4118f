"""Missing-person reports (a consulate's protection desk) and remains cases (a medical
examiner): recorded in one transaction, audited, read only in scope (``scopes.py``).

The matching of reports with remains (``enlace.safety.core.matching``, issue 15) reads these
records' fields, which are the columns of ``enlace remains match``.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from enlace.access import Capability
from enlace.access.capabilities import capability_require
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .models import MissingReport, RemainsCase

_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CURP = re.compile(r"^[A-Z]{4}\d{6}[HM][A-Z]{5}[A-Z0-9]\d$")


class CaseInputError(ValueError):
    """A report or case refused: ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _common_checks(record_id: str, sex: str, curp: str, errors: dict[str, str]) -> None:
    if not record_id.strip():
        errors["id"] = gettext("Id: a value is required.")
    if sex not in ("", "M", "F"):
        errors["sex"] = gettext("Sex: write M, F or leave it empty.")
    if curp and not _CURP.match(curp):
        errors["curp"] = gettext("CURP: %(value)s is not a valid CURP.") % {"value": curp}


def missing_report_record(
    *, actor: Any, consent_medical_examiner: bool, consent_other_government: bool, **fields: Any
) -> MissingReport:
    """The protection desk of the actor's consulate records a family's report, with the
    family's consent for sharing it; audited."""
    capability_require(actor, Capability.MISSING_REPORT)
    errors: dict[str, str] = {}
    consulate_id = actor.office.consulate_id if actor.office is not None else None
    if not consulate_id:
        errors["consulate"] = gettext("Your office is not a consulate.")
    _common_checks(
        fields.get("report_id", ""), fields.get("sex", ""), fields.get("curp", ""), errors
    )
    birth = fields.get("date_of_birth", "")
    if birth and not _PARTIAL_DATE.match(birth):
        errors["date_of_birth"] = gettext("Date of birth: write YYYY, YYYY-MM or YYYY-MM-DD.")
    seen = fields.get("last_seen_date")
    if isinstance(seen, datetime.date) and seen > clock.now().date():
        errors["last_seen_date"] = gettext("Last seen on: the date cannot be after today.")
    if MissingReport.objects.filter(report_id=fields.get("report_id", "")).exists():
        errors["report_id"] = gettext("Report id: this report already exists.")
    if errors or consulate_id is None:
        raise CaseInputError(errors)
    with transaction.atomic():
        report = MissingReport.objects.create(
            consulate_id=consulate_id,
            share_with_medical_examiner=consent_medical_examiner,
            share_with_other_government=consent_other_government,
            recorded_by=actor,
            recorded_at=clock.now(),
            **fields,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            subject=report,
            detail={
                "share_with_medical_examiner": consent_medical_examiner,
                "share_with_other_government": consent_other_government,
            },
        )
    return report


def remains_case_record(*, actor: Any, **fields: Any) -> RemainsCase:
    """The actor's medical examiner's office records a remains case; audited."""
    capability_require(actor, Capability.REMAINS_RECORD)
    errors: dict[str, str] = {}
    if not actor.office_id:
        errors["office"] = gettext("Your account has no office.")
    _common_checks(
        fields.get("case_id", ""), fields.get("sex", ""), fields.get("document_curp", ""), errors
    )
    for low, high, label in (
        ("age_min", "age_max", gettext("Age")),
        ("stature_min_cm", "stature_max_cm", gettext("Stature")),
        ("pmi_min_days", "pmi_max_days", gettext("Post-mortem interval")),
    ):
        a, b = fields.get(low), fields.get(high)
        if a is not None and b is not None and a > b:
            errors[low] = gettext("%(field)s: the minimum is above the maximum.") % {"field": label}
    if RemainsCase.objects.filter(case_id=fields.get("case_id", "")).exists():
        errors["case_id"] = gettext("Case id: this case already exists.")
    if errors:
        raise CaseInputError(errors)
    with transaction.atomic():
        case = RemainsCase.objects.create(
            office_id=actor.office_id, recorded_by=actor, recorded_at=clock.now(), **fields
        )
        audit_record(actor=actor, action=AuditAction.CREATE, subject=case, detail={})
    return case
