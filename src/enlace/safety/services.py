"""Border-safety writes: loading the public files (``safety_data_load``)."""

from __future__ import annotations

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
