"""The receiving side's home pages: the INM reception officer's arrivals for today and
tomorrow at the point, by local hour, and the DIF officer's unaccompanied minors expected in
the state. Assembled from ``receipts`` (``selectors.arrival_list``, scoped and audited,
and ``arrivals`` for their presentation)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from enlace.accounts.models import User
from enlace.core import clock
from enlace.receipts.arrivals import arrival_of, counts_of, hours_group, receivers_fill
from enlace.receipts.selectors import ARRIVAL_RELATED, arrival_list
from enlace.repatriation.selectors import handovers_late

RECEPTION_DAYS = 2  # today and tomorrow
CHILD_PROTECTION_DAYS = 7  # today, tomorrow and the next days
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BAD_DAY = _("The day must be a date written YYYY-MM-DD. Showing today instead.")


def day_parse(params: Mapping[str, str], today: date) -> tuple[date, str]:
    """The ``day`` asked for, or today and an error message when it is not a date."""
    raw = (params.get("day") or "").strip()
    if not raw:
        return today, ""
    try:
        if not _DAY.match(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw), ""
    except ValueError:
        return today, str(BAD_DAY)


def _window(day: date, days: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=days), time.min, tzinfo=zone)


def _navigation(day: date, step: int) -> dict[str, str]:
    return {
        "previous": (day - timedelta(days=step)).isoformat(),
        "next": (day + timedelta(days=step)).isoformat(),
    }


def _home(user: User, params: Mapping[str, str], zone_name: str, days: int) -> dict[str, Any]:
    zone = ZoneInfo(zone_name)
    now = clock.now()
    today = now.astimezone(zone).date()
    day, day_error = day_parse(params, today)
    start, end = _window(day, days, zone)
    arrivals = [arrival_of(r, user) for r in arrival_list(user=user, start=start, end=end)]
    late_rows, late_total = handovers_late(user=user, now=now, related=ARRIVAL_RELATED)
    late = [arrival_of(r, user) for r in late_rows]
    receivers_fill([*arrivals, *late])
    passed = {
        a.repatriation.pk for a in arrivals if a.scheduled and a.repatriation.scheduled_at < now
    }
    return {
        "late": late,  # passed unrecorded, the oldest first
        "late_total": late_total,
        "late_ids": passed | {a.repatriation.pk for a in late},
        "day": day,
        "last_day": day + timedelta(days=days - 1),
        "today": today,
        "day_error": day_error,
        "time_zone": zone_name,
        "days": hours_group(arrivals),
        "counts": counts_of(arrivals),
        "navigation": _navigation(day, 1),
    }


def reception_home(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    """Arrivals today and tomorrow (or from ``?day=``) at the officer's reception point,
    by hour in the point's local time; above them the handovers whose time passed with
    nothing recorded (late), the oldest first, and those rows marked late in the hours."""
    point = getattr(user.office, "reception_point", None) if user.office else None
    if point is None:
        return {"point": None}
    return {"point": point, **_home(user, params, point.time_zone, RECEPTION_DAYS)}


def child_protection_home(user: User, params: Mapping[str, str]) -> dict[str, Any]:
    """Unaccompanied minors expected in the office's state over the coming days, each with
    the receiving official (the receipt's, else the one the agreements designate)."""
    office = user.office
    zone_name = office.time_zone if office and office.time_zone else "America/Mexico_City"
    context = _home(user, params, zone_name, CHILD_PROTECTION_DAYS)
    context["navigation"] = _navigation(context["day"], CHILD_PROTECTION_DAYS)
    return context
