"""Template helpers shared by every page: bilingual names, language choices, durations."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import ngettext

from enlace.core import datetimes

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


@register.filter
def elapsed(start: datetime | None, end: datetime | None = None) -> str:
    """The time from ``start`` to ``end`` (default now) in its two largest units, "1 day
    5 hours", "3 hours 20 minutes" (Django's ``timesince`` joins them with a comma that the
    Spanish catalog writes without a space)."""
    if start is None:
        return ""
    seconds = max(0, int(((end or timezone.now()) - start).total_seconds()))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    units = [
        ngettext("%(n)d day", "%(n)d days", days) % {"n": days} if days else "",
        ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours} if hours else "",
        ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
        if minutes or not (days or hours)
        else "",
    ]
    return " ".join([unit for unit in units if unit][:2])


@register.filter(name="local_datetime")
def local_datetime_filter(value: datetime | None, zone: Any = None) -> str:
    """``{{ at|local_datetime:zone }}``: "4 Dec 2026, 15:17 MST" / "4 dic 2026, 15:17 MST", in
    the given place's zone (an IANA id or anything with a ``time_zone``), see
    ``enlace.core.datetimes``."""
    return datetimes.local_datetime(value, getattr(zone, "time_zone", zone))


@register.filter(name="local_datetime_words")
def local_datetime_words_filter(value: datetime | None, zone: Any = None) -> str:
    """``{{ at|local_datetime_words:zone }}``: "4 de diciembre de 2026, 15:17 h (hora de
    Sonora)", the long form for printed documents."""
    return datetimes.local_datetime_words(value, getattr(zone, "time_zone", zone))


@register.filter(name="zone_name")
def zone_name_filter(zone: Any) -> str:
    """``{{ point.time_zone|zone_name }}``: "Sonora time" / "hora de Sonora", never the id."""
    return datetimes.zone_name(getattr(zone, "time_zone", zone))
