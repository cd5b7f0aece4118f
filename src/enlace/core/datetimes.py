"""Dates and times as a reader sees them: one form per language, in a place's own zone.

- ``local_datetime(at, zone)``: the short form for tables and facts, "4 Dec 2026, 15:17 MST"
  in English and "4 dic 2026, 15:17 MST" in Spanish (day, abbreviated month, year, 24-hour
  time, the zone's abbreviation).
- ``local_datetime_words(at, zone)``: the long form for printed documents, "4 December 2026,
  15:17 (Sonora time)" and "4 de diciembre de 2026, 15:17 h (hora de Sonora)".
- ``zone_name(zone)``: a zone named for people ("Sonora time", "hora de Sonora"), never its
  IANA id.

See docs/dates-and-times.md and ADR 0016.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

MONTHS_ABBR = (
    pgettext_lazy("abbr. month", "Jan"), pgettext_lazy("abbr. month", "Feb"),
    pgettext_lazy("abbr. month", "Mar"), pgettext_lazy("abbr. month", "Apr"),
    pgettext_lazy("abbr. month", "May"), pgettext_lazy("abbr. month", "Jun"),
    pgettext_lazy("abbr. month", "Jul"), pgettext_lazy("abbr. month", "Aug"),
    pgettext_lazy("abbr. month", "Sep"), pgettext_lazy("abbr. month", "Oct"),
    pgettext_lazy("abbr. month", "Nov"), pgettext_lazy("abbr. month", "Dec"),
)  # fmt: skip
MONTHS = (
    gettext_lazy("January"), gettext_lazy("February"), gettext_lazy("March"),
    gettext_lazy("April"), gettext_lazy("May"), gettext_lazy("June"), gettext_lazy("July"),
    gettext_lazy("August"), gettext_lazy("September"), gettext_lazy("October"),
    gettext_lazy("November"), gettext_lazy("December"),
)  # fmt: skip

# The zones of the border's ports and reception points, named as the people there say them.
ZONE_NAMES: dict[str, Promise] = {
    "America/Tijuana": gettext_lazy("Baja California time"),
    "America/Los_Angeles": gettext_lazy("Pacific time"),
    "America/Hermosillo": gettext_lazy("Sonora time"),
    "America/Phoenix": gettext_lazy("Arizona time"),
    "America/Denver": gettext_lazy("Mountain time"),
    "America/Ciudad_Juarez": gettext_lazy("Ciudad Juárez time"),
    "America/Chihuahua": gettext_lazy("Chihuahua time"),
    "America/Ojinaga": gettext_lazy("Ojinaga time"),
    "America/Chicago": gettext_lazy("US Central time"),
    "America/Matamoros": gettext_lazy("Tamaulipas border time"),
    "America/Monterrey": gettext_lazy("Monterrey time"),
    "America/Mexico_City": gettext_lazy("Mexico City time"),
    "America/New_York": gettext_lazy("US Eastern time"),
    "UTC": gettext_lazy("Coordinated Universal Time"),
}


def _zone(zone: str | ZoneInfo | None) -> ZoneInfo:
    if isinstance(zone, ZoneInfo):
        return zone
    try:
        return ZoneInfo(zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def zone_name(zone: str | ZoneInfo | None) -> str:
    """A zone as people name it: "Sonora time" / "hora de Sonora"; an unknown zone by its
    city ("hora de Cancún" for ``America/Cancun``)."""
    key = _zone(zone).key
    if key in ZONE_NAMES:
        return str(ZONE_NAMES[key])
    city = key.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(city)s time") % {"city": city}


def _format(at: datetime | None, zone: str | ZoneInfo | None, *, words: bool) -> str:
    if at is None:
        return ""
    local = at.astimezone(_zone(zone))
    parts = {
        "day": local.day,
        "month": (MONTHS if words else MONTHS_ABBR)[local.month - 1],
        "year": local.year,
        "time": local.strftime("%H:%M"),
    }
    if words:
        parts["zone"] = zone_name(zone)
        return gettext("%(day)d %(month)s %(year)d, %(time)s (%(zone)s)") % parts
    parts["abbreviation"] = local.strftime("%Z")
    return gettext("%(day)d %(month)s %(year)d, %(time)s %(abbreviation)s") % parts


def local_datetime(at: datetime | None, zone: str | ZoneInfo | None) -> str:
    """The short form: "4 Dec 2026, 15:17 MST" / "4 dic 2026, 15:17 MST" ("" for none)."""
    return _format(at, zone, words=False)


def local_datetime_words(at: datetime | None, zone: str | ZoneInfo | None) -> str:
    """The long form for documents: "4 December 2026, 15:17 (Sonora time)" /
    "4 de diciembre de 2026, 15:17 h (hora de Sonora)" ("" for none)."""
    return _format(at, zone, words=True)
