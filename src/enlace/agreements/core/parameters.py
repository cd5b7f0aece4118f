"""The parameters an arrangement version sets, and the checks on their values. Pure Python.

A parameter is stored as a kind, an optional port or reception point, and a small JSON
value whose shape depends on the kind (``KIND_SPECS``). ``parse_value`` turns the JSON into
a typed, frozen value or raises ``ParameterValueError`` naming the path inside the value
(``intervals[1].end``), a problem code and its parameters; the caller translates the code.

Times are minutes after local midnight, 0 to 1440 (``"24:00"`` is the end of the day);
an interval is ``[start, end)``. Days are 0 (Monday) to 6 (Sunday), written in the JSON as
``"mon-fri"``, ``"sat,sun"`` or ``"mon-sun"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .values import (  # re-exported: the values are read through this module too
    ENFORCEABLE_RULES,
    INTERIOR_CONDITION_KEYS,
    Conditions,
    Confidence,
    Count,
    Days,
    DefaultReason,
    Interval,
    MinorReceivers,
    Minutes,
    NoValue,
    OnDate,
    ParameterKind,
    ParameterValue,
    Place,
    Receiver,
    ReceiverInterval,
    Route,
    Season,
    Sectors,
    Window,
)

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MINUTES_PER_DAY = 24 * 60
MAX_LEAD_MINUTES = 7 * MINUTES_PER_DAY
_TIME = re.compile(r"([01]\d|2[0-4]):([0-5]\d)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ParameterValueError(Exception):
    """A value that does not fit its kind: ``path`` inside the value, ``code``, ``params``."""

    def __init__(self, path: str, code: str, **params: Any) -> None:
        super().__init__(f"{path}: {code}")
        self.path = path
        self.code = code
        self.params = params


# --- parsing helpers ----------------------------------------------------------------------


def _object(raw: Any, path: str, keys: Collection[str], optional: Collection[str] = ()) -> dict:
    if not isinstance(raw, dict):
        raise ParameterValueError(path or "value", "not_object")
    for key in raw:
        if key not in keys:
            raise ParameterValueError(_join(path, key), "unknown_key", allowed=", ".join(keys))
    for key in keys:
        if key not in raw and key not in optional:
            raise ParameterValueError(_join(path, key), "required")
    return raw


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_time(raw: Any, path: str) -> int:
    """``"HH:MM"`` from 00:00 to 24:00 → minutes after midnight."""
    match = _TIME.fullmatch(raw) if isinstance(raw, str) else None
    minutes = int(match.group(1)) * 60 + int(match.group(2)) if match else -1
    if not 0 <= minutes <= MINUTES_PER_DAY:
        raise ParameterValueError(path, "time", value=str(raw))
    return minutes


def format_time(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_days(raw: Any, path: str) -> frozenset[int]:
    """``"mon-fri"``, ``"sat,sun"``, ``"mon,wed-fri"`` → weekday numbers (Monday is 0)."""
    if not isinstance(raw, str) or not raw.strip():
        raise ParameterValueError(path, "days", value=str(raw))
    days: set[int] = set()
    for part in raw.replace(" ", "").lower().split(","):
        first, dash, last = part.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES):
            raise ParameterValueError(path, "days", value=raw)
        low, high = DAY_NAMES.index(first), DAY_NAMES.index(last or first)
        if high < low:
            raise ParameterValueError(path, "days", value=raw)
        days.update(range(low, high + 1))
    return frozenset(days)


def format_days(days: Collection[int]) -> str:
    """The inverse of ``parse_days``, with runs of three or more days written as ranges."""
    ordered = sorted(days)
    parts: list[str] = []
    run: list[int] = []
    for day in ordered:
        if run and day != run[-1] + 1:
            parts.append(_run_text(run))
            run = []
        run.append(day)
    if run:
        parts.append(_run_text(run))
    return ",".join(parts)


def _run_text(run: list[int]) -> str:
    if len(run) >= 3:
        return f"{DAY_NAMES[run[0]]}-{DAY_NAMES[run[-1]]}"
    return ",".join(DAY_NAMES[day] for day in run)


def _interval(raw: Any, path: str, extra: Collection[str] = ()) -> Interval:
    data = _object(raw, path, ("days", "start", "end", *extra))
    interval = Interval(
        days=parse_days(data["days"], _join(path, "days")),
        start=parse_time(data["start"], _join(path, "start")),
        end=parse_time(data["end"], _join(path, "end")),
    )
    if interval.end <= interval.start:
        raise ParameterValueError(_join(path, "end"), "end_before_start")
    return interval


def _list(raw: Any, path: str, *, allow_empty: bool = False) -> list:
    if not isinstance(raw, list) or (not raw and not allow_empty):
        raise ParameterValueError(path, "not_list")
    return raw


def _receiver(raw: Any, path: str) -> Receiver:
    try:
        return Receiver(raw)
    except ValueError:
        choices = ", ".join(r.value for r in Receiver)
        raise ParameterValueError(path, "choice", value=str(raw), choices=choices) from None


def parse_date(raw: Any, path: str) -> date:
    """``"YYYY-MM-DD"`` → a date."""
    try:
        if not isinstance(raw, str) or not _ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise ParameterValueError(path, "date", value=str(raw)) from None


def _integer(raw: Any, path: str, low: int, high: int, *, required: bool = True) -> int | None:
    if raw is None and not required:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise ParameterValueError(path, "integer", value=str(raw), min=low, max=high)
    return raw


def _text(raw: Any, path: str, *, required: bool = True) -> str | None:
    if raw is None and not required:
        return None
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 120:
        raise ParameterValueError(path, "text", max=120)
    return raw.strip()


# --- one parser per kind -------------------------------------------------------------------


def _window(raw: Any, known: Mapping[str, Collection[str]]) -> Window:
    data = _object(raw, "", ("intervals",))
    items = _list(data["intervals"], "intervals")
    return Window(tuple(_interval(item, f"intervals[{i}]") for i, item in enumerate(items)))


def _minor_receivers(raw: Any, known: Mapping[str, Collection[str]]) -> MinorReceivers:
    data = _object(raw, "", ("intervals", "otherwise"))
    rules = []
    for i, item in enumerate(_list(data["intervals"], "intervals", allow_empty=True)):
        path = f"intervals[{i}]"
        interval = _interval(item, path, extra=("receiver",))
        rules.append(ReceiverInterval(interval, _receiver(item["receiver"], f"{path}.receiver")))
    return MinorReceivers(tuple(rules), _receiver(data["otherwise"], "otherwise"))


def _advance_notice(raw: Any, known: Mapping[str, Collection[str]]) -> Minutes:
    data = _object(raw, "", ("minutes",))
    return Minutes(_integer(data["minutes"], "minutes", 0, MAX_LEAD_MINUTES) or 0)


def _on_date(raw: Any, known: Mapping[str, Collection[str]]) -> OnDate:
    data = _object(raw, "", ("date",))
    return OnDate(parse_date(data["date"], "date"))


def _season(raw: Any, known: Mapping[str, Collection[str]]) -> Season:
    data = _object(raw, "", ("start", "end"))
    season = Season(
        None if data["start"] is None else parse_date(data["start"], "start"),
        None if data["end"] is None else parse_date(data["end"], "end"),
    )
    if season.start and season.end and season.end < season.start:
        raise ParameterValueError("end", "end_before_start")
    return season


def _route(raw: Any, known: Mapping[str, Collection[str]]) -> Route:
    data = _object(raw, "", ("origin", "destinations"))
    items = _list(data["destinations"], "destinations")
    destinations = tuple(_text(item, f"destinations[{i}]") or "" for i, item in enumerate(items))
    return Route(_text(data["origin"], "origin", required=False), destinations)


def _sectors(raw: Any, known: Mapping[str, Collection[str]]) -> Sectors:
    data = _object(raw, "", ("sectors",))
    codes = _list(data["sectors"], "sectors")
    allowed = known.get("sectors")
    for i, code in enumerate(codes):
        if not isinstance(code, str) or (allowed is not None and code not in allowed):
            raise ParameterValueError(f"sectors[{i}]", "unknown_sector", value=str(code))
    return Sectors(tuple(codes))


def _count(high: int) -> Callable[[Any, Mapping[str, Collection[str]]], Count]:
    def parse(raw: Any, known: Mapping[str, Collection[str]]) -> Count:
        data = _object(raw, "", ("value",))
        return Count(_integer(data["value"], "value", 1, high, required=False))

    return parse


def _days_value(raw: Any, known: Mapping[str, Collection[str]]) -> Days:
    data = _object(raw, "", ("days",))
    if data["days"] is None:
        return Days(None)
    return Days(parse_days(data["days"], "days"))


def _conditions(raw: Any, known: Mapping[str, Collection[str]]) -> Conditions:
    data = _object(raw, "", INTERIOR_CONDITION_KEYS)
    for key in INTERIOR_CONDITION_KEYS:
        if not isinstance(data[key], bool):
            raise ParameterValueError(key, "boolean", value=str(data[key]))
    return Conditions(tuple((key, data[key]) for key in INTERIOR_CONDITION_KEYS))


def _no_value(raw: Any, known: Mapping[str, Collection[str]]) -> NoValue:
    _object(raw, "", ())
    return NoValue()


@dataclass(frozen=True)
class KindSpec:
    """What a kind needs: its parser, and whether it names a port and a reception point."""

    parse: Callable[[Any, Mapping[str, Collection[str]]], ParameterValue]
    port: Place
    reception_point: Place
    example: str


_WINDOW_EXAMPLE = '{"intervals": [{"days": "mon-sun", "start": "08:00", "end": "18:00"}]}'

KIND_SPECS: dict[ParameterKind, KindSpec] = {
    ParameterKind.DESIGNATED_POINT: KindSpec(_no_value, Place.OPTIONAL, Place.REQUIRED, "{}"),
    ParameterKind.HANDOVER_WINDOW: KindSpec(
        _window, Place.OPTIONAL, Place.FORBIDDEN, _WINDOW_EXAMPLE
    ),
    ParameterKind.VULNERABLE_WINDOW: KindSpec(
        _window, Place.OPTIONAL, Place.FORBIDDEN, _WINDOW_EXAMPLE
    ),
    ParameterKind.MINOR_RECEIVERS: KindSpec(
        _minor_receivers,
        Place.OPTIONAL,
        Place.FORBIDDEN,
        '{"intervals": [{"days": "mon-fri", "start": "09:00", "end": "17:00", '
        '"receiver": "consulate"}], "otherwise": "inm_opi_dif"}',
    ),
    ParameterKind.ADVANCE_NOTICE: KindSpec(
        _advance_notice, Place.OPTIONAL, Place.FORBIDDEN, '{"minutes": 120}'
    ),
    ParameterKind.TVPRA_FROM: KindSpec(
        _on_date, Place.FORBIDDEN, Place.FORBIDDEN, '{"date": "2008-12-23"}'
    ),
    ParameterKind.INTERIOR_SEASON: KindSpec(
        _season, Place.FORBIDDEN, Place.FORBIDDEN, '{"start": "2004-07-12", "end": "2004-09-30"}'
    ),
    ParameterKind.INTERIOR_ROUTE: KindSpec(
        _route,
        Place.FORBIDDEN,
        Place.FORBIDDEN,
        '{"origin": "Tucson, AZ", "destinations": ["Ciudad de México", "Guadalajara"]}',
    ),
    ParameterKind.INTERIOR_SECTORS: KindSpec(
        _sectors, Place.FORBIDDEN, Place.FORBIDDEN, '{"sectors": ["TCA", "YUM"]}'
    ),
    ParameterKind.INTERIOR_FLIGHTS_PER_WEEK: KindSpec(
        _count(100), Place.FORBIDDEN, Place.FORBIDDEN, '{"value": 3}'
    ),
    ParameterKind.INTERIOR_FLIGHT_DAYS: KindSpec(
        _days_value, Place.FORBIDDEN, Place.FORBIDDEN, '{"days": "mon,wed,fri"}'
    ),
    ParameterKind.INTERIOR_SEATS: KindSpec(
        _count(1000), Place.FORBIDDEN, Place.FORBIDDEN, '{"value": null}'
    ),
    ParameterKind.INTERIOR_CONDITIONS: KindSpec(
        _conditions,
        Place.FORBIDDEN,
        Place.FORBIDDEN,
        "{" + ", ".join(f'"{key}": true' for key in INTERIOR_CONDITION_KEYS) + "}",
    ),
}


def parse_kind(raw: Any) -> ParameterKind:
    try:
        return ParameterKind(raw)
    except ValueError:
        choices = ", ".join(kind.value for kind in ParameterKind)
        raise ParameterValueError("kind", "choice", value=str(raw), choices=choices) from None


def parse_value(
    kind: ParameterKind, raw: Any, *, known: Mapping[str, Collection[str]] | None = None
) -> ParameterValue:
    """Check ``raw`` (decoded JSON) against ``kind``; ``known`` may hold the valid sector
    codes (``{"sectors": {...}}``). Raises ``ParameterValueError``."""
    return KIND_SPECS[kind].parse(raw, known or {})


def check_places(kind: ParameterKind, *, port: str | None, reception_point: str | None) -> None:
    """Raise ``ParameterValueError`` when a port or reception point is missing or not
    expected for ``kind``."""
    spec = KIND_SPECS[kind]
    for field, given, rule in (
        ("port", port, spec.port),
        ("reception_point", reception_point, spec.reception_point),
    ):
        if rule is Place.REQUIRED and not given:
            raise ParameterValueError(field, "place_required")
        if rule is Place.FORBIDDEN and given:
            raise ParameterValueError(field, "place_forbidden")


__all__ = [
    "Conditions",
    "Confidence",
    "Count",
    "DAY_NAMES",
    "Days",
    "DefaultReason",
    "ENFORCEABLE_RULES",
    "INTERIOR_CONDITION_KEYS",
    "Interval",
    "KIND_SPECS",
    "KindSpec",
    "MAX_LEAD_MINUTES",
    "MINUTES_PER_DAY",
    "MinorReceivers",
    "Minutes",
    "NoValue",
    "OnDate",
    "ParameterKind",
    "ParameterValue",
    "ParameterValueError",
    "Place",
    "Receiver",
    "ReceiverInterval",
    "Route",
    "Season",
    "Sectors",
    "Window",
    "check_places",
    "format_days",
    "format_time",
    "parse_date",
    "parse_days",
    "parse_kind",
    "parse_time",
    "parse_value",
]
