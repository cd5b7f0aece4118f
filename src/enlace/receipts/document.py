"""Build a receipt's document from the stored handover (plain, JSON-ready values)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from enlace.repatriation.models import Repatriation


def _party(user: Any) -> dict[str, Any]:
    office = user.office
    return {
        "officer": user.username,
        "name": user.get_full_name() or user.username,
        "role": user.role,
        "office": office.code if office else "",
        "office_name_en": office.name_en if office else "",
        "office_name_es": office.name_es if office else "",
    }


def _belongings(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"description": str(item["description"]), "quantity": int(item.get("quantity", 1))}
        for item in items
    ]


def receipt_document(
    *,
    receipt_id: str,
    repatriation: Repatriation,
    delivering: Any,
    receiving: Any,
    handed_over_at: datetime,
    belongings: list[dict[str, Any]],
    remarks: str,
    timing_reason: str = "",
) -> dict[str, Any]:
    """Who handed whom to whom, where and when, with belongings and remarks; and, for a
    handover recorded far from its planned time, the planned time and why (signed with the
    rest: both signatures cover the whole document)."""
    person = repatriation.person
    point = repatriation.reception_point
    record = repatriation.manifest_record
    local = handed_over_at.astimezone(ZoneInfo(point.time_zone))
    return {
        "receipt_id": receipt_id,
        "repatriation_id": repatriation.pk,
        "manifest_id": record.manifest.manifest_id if record else "",
        "record_id": record.record_id if record else "",
        "person": {
            "id": person.pk,
            "given_names": person.given_names,
            "paternal_surname": person.paternal_surname,
            "maternal_surname": person.maternal_surname,
            "curp": person.curp or "",
            "birth_date": person.birth_date.isoformat() if person.birth_date else "",
            "sex": person.sex,
        },
        "unaccompanied_minor": repatriation.unaccompanied_minor,
        "delivering": _party(delivering),
        "receiving": _party(receiving),
        "port": {"code": repatriation.port.code, "name": repatriation.port.name},
        "reception_point": {"code": point.code, "name": point.name, "city": point.city},
        "handed_over_at": handed_over_at.astimezone(UTC).isoformat(timespec="seconds"),
        "handed_over_at_local": local.isoformat(timespec="seconds"),
        "belongings": _belongings(belongings),
        "remarks": remarks,
        "scheduled_at": repatriation.scheduled_at.astimezone(UTC).isoformat(timespec="seconds"),
        "timing_reason": timing_reason,
    }
