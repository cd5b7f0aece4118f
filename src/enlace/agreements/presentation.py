"""Parameter values as short sentences in the active language, for the agreement's page."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .core.parameters import (
    Conditions,
    Count,
    Days,
    Interval,
    MinorReceivers,
    Minutes,
    NoValue,
    OnDate,
    ParameterKind,
    ParameterValue,
    Receiver,
    Route,
    Season,
    Sectors,
    Window,
    format_time,
)
from .models import Receiver as ReceiverChoice

CONDITION_LABELS = {
    "voluntary": gettext_lazy("Voluntary"),
    "mexican_nationals_only": gettext_lazy("Mexican nationals only"),
    "written_consent": gettext_lazy("Consent confirmed in writing"),
    "private_consular_interview": gettext_lazy("Private interview with consular staff"),
    "family_unity": gettext_lazy("Families kept together"),
    "vulnerable_follow_special_procedures": gettext_lazy(
        "Vulnerable persons follow the special procedures"
    ),
}


def days_text(days: Collection[int]) -> str:
    """Weekdays in the active language: "Mon–Fri", "Sat, Sun", "every day"."""
    ordered = sorted(days)
    if len(ordered) == 7:
        return _("every day")
    if len(ordered) == 1:
        return str(WEEKDAYS[ordered[0]])
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(_run(run) for run in runs)


def _run(run: list[int]) -> str:
    if len(run) >= 3:
        return f"{WEEKDAYS_ABBR[run[0]]}–{WEEKDAYS_ABBR[run[-1]]}"
    return ", ".join(str(WEEKDAYS_ABBR[day]) for day in run)


def interval_text(interval: Interval) -> str:
    return _("%(days)s, %(start)s to %(end)s") % {
        "days": days_text(interval.days),
        "start": format_time(interval.start),
        "end": format_time(interval.end),
    }


def receiver_text(receiver: Receiver) -> str:
    return str(ReceiverChoice(receiver.value).label)


def _date(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def value_lines(
    kind: ParameterKind, value: ParameterValue, *, sector_names: Mapping[str, str]
) -> list[str]:
    """One line per part of the value, in the active language."""
    render = _RENDERERS.get(type(value))
    return render(kind, value, sector_names) if render else [str(value)]


def _minutes_lines(value: Minutes) -> list[str]:
    text = ngettext(
        "%(minutes)d minute before the handover",
        "%(minutes)d minutes before the handover",
        value.minutes,
    )
    return [text % {"minutes": value.minutes}]


def _receiver_lines(value: MinorReceivers) -> list[str]:
    lines = [
        _("%(when)s: %(receiver)s")
        % {"when": interval_text(rule.interval), "receiver": receiver_text(rule.receiver)}
        for rule in value.intervals
    ]
    lines.append(
        _("At any other time: %(receiver)s") % {"receiver": receiver_text(value.otherwise)}
    )
    return lines


def _season_text(value: Season) -> str:
    if value.start and value.end:
        return _("From %(start)s to %(end)s") % {
            "start": _date(value.start),
            "end": _date(value.end),
        }
    if value.start:
        return _("From %(start)s") % {"start": _date(value.start)}
    if value.end:
        return _("Until %(end)s") % {"end": _date(value.end)}
    return _("No season limit")


def _route_text(value: Route) -> str:
    destinations = ", ".join(value.destinations)
    if value.origin:
        return _("From %(origin)s to %(destinations)s") % {
            "origin": value.origin,
            "destinations": destinations,
        }
    return _("To %(destinations)s (departure not stated)") % {"destinations": destinations}


def _count_text(kind: ParameterKind, value: Count) -> str:
    if value.value is None:
        return _("No limit set")
    if kind == ParameterKind.INTERIOR_FLIGHTS_PER_WEEK:
        return ngettext("%(count)d flight a week", "%(count)d flights a week", value.value) % {
            "count": value.value
        }
    return ngettext("%(count)d seat", "%(count)d seats", value.value) % {"count": value.value}


def _condition_text(key: str, flag: bool) -> str:
    label = CONDITION_LABELS.get(key, key)
    return (
        _("%(condition)s: yes") % {"condition": label}
        if flag
        else _("%(condition)s: no") % {"condition": label}
    )


_Renderer = Callable[[ParameterKind, Any, Mapping[str, str]], list[str]]
_RENDERERS: dict[type, _Renderer] = {
    Window: lambda kind, value, names: [interval_text(i) for i in value.intervals],
    MinorReceivers: lambda kind, value, names: _receiver_lines(value),
    Minutes: lambda kind, value, names: _minutes_lines(value),
    OnDate: lambda kind, value, names: [_date(value.date)],
    Season: lambda kind, value, names: [_season_text(value)],
    Route: lambda kind, value, names: [_route_text(value)],
    Sectors: lambda kind, value, names: [", ".join(names.get(c, c) for c in value.sectors)],
    Count: lambda kind, value, names: [_count_text(kind, value)],
    Days: lambda kind, value, names: [days_text(value.days) if value.days else _("any day")],
    Conditions: lambda kind, value, names: [_condition_text(k, f) for k, f in value.flags],
    NoValue: lambda kind, value, names: [],
}
