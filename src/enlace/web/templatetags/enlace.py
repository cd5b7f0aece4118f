"""Template helpers shared by every page: bilingual names, durations, a person's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any

from django import template
from django.conf import settings
from django.utils import translation

register = template.Library()


@register.filter
def localized_name(obj: Any) -> str:
    """Return ``name_es`` when Spanish is active, else ``name_en``, for any bilingual row.

    Offices, agencies and languages carry both names; anything else falls back to ``str``.
    """
    if obj is None:
        return ""
    spanish = (translation.get_language() or "").lower().startswith("es")
    name = getattr(obj, "name_es" if spanish else "name_en", None) or getattr(obj, "name_en", None)
    return str(name) if name else str(obj)


@register.simple_tag
def language_choices() -> list[tuple[str, str]]:
    """Return ``(code, name)`` for each configured language, each named in itself.

    A reader who does not understand the active language can still find their own.
    (``get_available_languages`` names them all in the active language instead.)
    """
    choices = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            choices.append((code, str(name)))
    return choices


@register.filter
def minutes(duration: timedelta | None) -> int | None:
    """Return a duration in whole minutes (``None`` stays ``None``), for sentences like the
    lockout notice that name the wait in minutes."""
    if duration is None:
        return None
    return int(duration.total_seconds() // 60)


@dataclass(frozen=True)
class TimelineEntry:
    """One event in a person's history, with the IANA zone its local time is shown in."""

    when: datetime
    time_zone: str
    kind: str  # "encounter" or "repatriation"
    item: Any


@register.simple_tag
def person_timeline(record: Any) -> list[TimelineEntry]:
    """Merge a person record's encounters and repatriations into one list, oldest first.

    Encounters are shown in their office's zone; repatriations in the reception point's
    zone, at the handover time once it happened and the scheduled time before.
    """
    entries = [
        TimelineEntry(
            when=encounter.occurred_at,
            time_zone=encounter.office.time_zone or "UTC",
            kind="encounter",
            item=encounter,
        )
        for encounter in record.encounters
    ]
    entries += [
        TimelineEntry(
            when=repatriation.handed_over_at or repatriation.scheduled_at,
            time_zone=repatriation.reception_point.time_zone or "UTC",
            kind="repatriation",
            item=repatriation,
        )
        for repatriation in record.repatriations
    ]
    return sorted(entries, key=attrgetter("when"))
