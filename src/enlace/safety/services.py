"""Border-safety writes: loading the public files (``safety_data_load``), recording a rescue."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.reference.services import ReferenceDataError

from .loader import (
    DATA_DIR,
    DEATHS_FILE,
    FILES,
    IOM_FILE,
    PCOME_FILE,
    PROFILE_FILE,
    LoadProblem,
    read_safety_dir,
)
from .models import Incident, OfficialCount

_BATCH_SIZE = 500
_PROBLEM_LIMIT = 20
LOAD_PROBLEMS = {
    "missing_file": gettext_noop("the file is missing"),
    "encoding": gettext_noop("the file is not UTF-8 text"),
    "missing_column": gettext_noop("this column is missing from the header"),
    "required": gettext_noop("a value is required"),
    "unreadable": gettext_noop('"%(value)s" cannot be read as this field'),
    "duplicate": gettext_noop("this record already appears on line %(value)s"),
}


def load_problem_message(problem: LoadProblem) -> str:
    """A translated sentence naming file, line and field of ``problem``."""
    context = {
        "file": problem.file,
        "line": problem.line,
        "field": problem.field,
        "problem": gettext(LOAD_PROBLEMS[problem.code]) % {"value": problem.value},
    }
    if problem.line is None:
        return gettext("%(file)s: %(problem)s") % context
    return gettext('%(file)s, line %(line)d, field "%(field)s": %(problem)s') % context


def safety_data_dir() -> Path:
    """Where the safety files are read from (setting ``ENLACE_SAFETY_DATA_DIR`` or the package)."""
    return Path(getattr(settings, "ENLACE_SAFETY_DATA_DIR", None) or DATA_DIR)


def safety_data_load(actor: Any = None, *, data_dir: Path | None = None) -> dict[str, int]:
    """Check and load the safety files; upsert by source record id; all or nothing.

    Registered as a loader of ``enlace load-reference`` (apps.py); raises
    ``ReferenceDataError`` listing every problem (up to 20 per file) and writes nothing.
    """
    data, problems = read_safety_dir(data_dir or safety_data_dir())
    if problems:
        messages: list[str] = []
        for name in {p.file for p in problems}:
            mine = [p for p in problems if p.file == name]
            messages.extend(load_problem_message(p) for p in mine[:_PROBLEM_LIMIT])
        raise ReferenceDataError(messages)
    incident_fields = [f for f in data[PCOME_FILE][0] if f not in {"source", "source_record_id"}]
    count_fields = ["sector_id", "deaths", "rescues"]
    with transaction.atomic():
        for name in (PCOME_FILE, IOM_FILE):
            Incident.objects.bulk_create(
                [Incident(**row) for row in data[name]],
                batch_size=_BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["source", "source_record_id"],
                update_fields=incident_fields,
            )
        for name in (DEATHS_FILE, PROFILE_FILE):
            OfficialCount.objects.bulk_create(
                [OfficialCount(**row) for row in data[name]],
                batch_size=_BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["series", "sector_label", "fiscal_year"],
                update_fields=count_fields,
            )
        counts = {name: len(data[name]) for name in FILES}
        for name, rows in counts.items():
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                subject=("safety.file", name),
                detail={"rows": rows},
            )
    return counts


class RescueInputError(ValueError):
    """A rescue refused: ``errors`` maps each field to its message in the user's language."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


RESCUE_CIRCUMSTANCES = {
    "heat": gettext_noop("Heat exposure or dehydration"),
    "water": gettext_noop("Water (river or canal)"),
    "injury": gettext_noop("Injury or illness"),
    "lost": gettext_noop("Lost or abandoned"),
    "other": gettext_noop("Other"),
}


def rescue_record(
    *,
    actor: Any,
    rescued_on: str,
    latitude: str,
    longitude: str,
    persons: str,
    circumstance: str,
    location: str = "",
) -> Incident:
    """A Border Patrol officer records a rescue in the sector of the officer's office; one
    transaction, audited; bad input refused field by field, nothing written."""
    import datetime
    from decimal import Decimal, InvalidOperation

    from enlace.access import Capability
    from enlace.access.capabilities import capability_require
    from enlace.core import clock

    capability_require(actor, Capability.RESCUE_RECORD)
    errors: dict[str, str] = {}
    today = clock.now().date()
    day: datetime.date | None = None
    try:
        day = datetime.date.fromisoformat(rescued_on.strip())
    except ValueError:
        errors["rescued_on"] = gettext("Date: write the date as YYYY-MM-DD.")
    if day is not None and day > today:
        errors["rescued_on"] = gettext("Date: a rescue cannot be after today.")
    point: dict[str, Decimal] = {}
    for name, raw, low, high, label in (
        ("latitude", latitude, 25, 34, gettext("Latitude")),
        ("longitude", longitude, -118, -96, gettext("Longitude")),
    ):
        try:
            value = Decimal(raw.strip()).quantize(Decimal("0.000001"))
        except (InvalidOperation, ValueError):
            value = None
        if value is None or not low <= value <= high:
            errors[name] = gettext(
                "%(field)s: write a number between %(min)s and %(max)s (the border zone)."
            ) % {"field": label, "min": low, "max": high}
        else:
            point[name] = value
    count = int(persons) if persons.strip().isdigit() else 0
    if not 1 <= count <= 500:
        errors["persons"] = gettext("Persons rescued: write a whole number between 1 and 500.")
    if circumstance not in RESCUE_CIRCUMSTANCES:
        errors["circumstance"] = gettext("Circumstance: choose one from the list.")
    office = getattr(actor, "office", None)
    sector_id = getattr(office, "sector_id", None)
    if not sector_id:
        errors["sector"] = gettext("Your office is not a Border Patrol sector.")
    if errors:
        raise RescueInputError(errors)
    with transaction.atomic():
        rescue = Incident.objects.create(
            kind="rescue",
            source="enlace",
            source_record_id=f"rescue-{uuid.uuid4().hex[:16]}",
            occurred_on=day,
            latitude=point["latitude"],
            longitude=point["longitude"],
            sector_id=sector_id,
            location=location.strip()[:300],
            cause=RESCUE_CIRCUMSTANCES[circumstance],
            survivors=count,
            reliability=5,
            information_source="U.S. Border Patrol",
            recorded_by=actor,
            recorded_at=clock.now(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            subject=rescue,
            detail={"persons": count, "sector": sector_id},
        )
    return rescue
