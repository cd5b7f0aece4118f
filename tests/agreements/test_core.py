"""The pure core: parameter values, versions in force, windows, receivers. No database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from enlace.agreements.core.authored import snapshots_from_file
from enlace.agreements.core.parameters import (
    Interval,
    ParameterKind,
    ParameterValueError,
    Receiver,
    Window,
    check_places,
    format_days,
    parse_days,
    parse_time,
    parse_value,
)
from enlace.agreements.core.rules import (
    designation_for,
    in_force,
    minor_receiver_for,
    parameter_for,
    programs_in_force,
    window_for,
)
from enlace.agreements.core.snapshots import ParameterSnapshot, VersionSnapshot


def _local(zone: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(zone))  # type: ignore[misc]


def _cited(versions: list[VersionSnapshot]) -> list[str]:
    return [version.citation for version in versions]


# --- parameter values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "days"),
    [
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("sat,sun", {5, 6}),
        ("mon,wed-fri", {0, 2, 3, 4}),
        ("MON - SUN", set(range(7))),
    ],
)
def test_days_parse_and_round_trip(raw, days):
    """Day sets are written as names and ranges, and format back to the same set."""
    assert parse_days(raw, "days") == days
    assert parse_days(format_days(days), "days") == days


@pytest.mark.parametrize("raw", ["", "fri-mon", "monday", "mon-", 5, None])
def test_days_refused(raw):
    """A reversed range, an unknown name or a non-string is refused with the "days" code."""
    with pytest.raises(ParameterValueError) as error:
        parse_days(raw, "intervals[0].days")
    assert error.value.code == "days"
    assert error.value.path == "intervals[0].days"


@pytest.mark.parametrize(
    ("raw", "minutes"), [("00:00", 0), ("08:30", 510), ("23:59", 1439), ("24:00", 1440)]
)
def test_time_parse(raw, minutes):
    assert parse_time(raw, "start") == minutes


@pytest.mark.parametrize("raw", ["24:01", "8:00", "08:60", "noon", 800])
def test_time_refused(raw):
    with pytest.raises(ParameterValueError) as error:
        parse_time(raw, "start")
    assert error.value.code == "time"


@pytest.mark.parametrize(
    ("kind", "raw", "path", "code"),
    [
        (ParameterKind.HANDOVER_WINDOW, {"intervals": []}, "intervals", "not_list"),
        (
            ParameterKind.HANDOVER_WINDOW,
            {"intervals": [{"days": "mon-sun", "start": "20:00", "end": "06:00"}]},
            "intervals[0].end",
            "end_before_start",
        ),
        (ParameterKind.HANDOVER_WINDOW, {"intervals": [], "extra": 1}, "extra", "unknown_key"),
        (
            ParameterKind.MINOR_RECEIVERS,
            {"intervals": [], "otherwise": "nobody"},
            "otherwise",
            "choice",
        ),
        (ParameterKind.ADVANCE_NOTICE, {"minutes": -5}, "minutes", "integer"),
        (ParameterKind.ADVANCE_NOTICE, {"minutes": True}, "minutes", "integer"),
        (ParameterKind.ADVANCE_NOTICE, {}, "minutes", "required"),
        (ParameterKind.TVPRA_FROM, {"date": "23/12/2008"}, "date", "date"),
        (ParameterKind.INTERIOR_SECTORS, {"sectors": ["XXX"]}, "sectors[0]", "unknown_sector"),
        (
            ParameterKind.INTERIOR_CONDITIONS,
            {"voluntary": True},
            "mexican_nationals_only",
            "required",
        ),
        (ParameterKind.DESIGNATED_POINT, [], "value", "not_object"),
    ],
)
def test_value_refused_with_path_and_code(kind, raw, path, code):
    """Each problem names where inside the value it is and a code the UI translates."""
    with pytest.raises(ParameterValueError) as error:
        parse_value(kind, raw, known={"sectors": {"TCA", "YUM"}})
    assert (error.value.path, error.value.code) == (path, code)


def test_places_checked_per_kind():
    """A designated point needs a reception point; a TVPRA date takes no port."""
    with pytest.raises(ParameterValueError) as error:
        check_places(ParameterKind.DESIGNATED_POINT, port="2402", reception_point=None)
    assert (error.value.path, error.value.code) == ("reception_point", "place_required")
    with pytest.raises(ParameterValueError) as error:
        check_places(ParameterKind.TVPRA_FROM, port="2402", reception_point=None)
    assert (error.value.path, error.value.code) == ("port", "place_forbidden")
    check_places(ParameterKind.HANDOVER_WINDOW, port=None, reception_point=None)


# --- versions in force -----------------------------------------------------------------------

# El Paso is on Mountain time: 2016-02-23 starts at 07:00 UTC (MST, UTC-7).
# San Diego is on Pacific time: 2008-12-23 starts at 08:00 UTC (PST, UTC-8).
IN_FORCE_CASES = [
    pytest.param(
        "2402",
        datetime(2016, 2, 23, 6, 59, tzinfo=UTC),
        ["mou-2004-repatriation (2004)", "lra-2009-el-paso (2009)"],
        id="el-paso-last-minute-of-2009-arrangement",
    ),
    pytest.param(
        "2402",
        datetime(2016, 2, 23, 7, 0, tzinfo=UTC),
        ["mou-2004-repatriation (2004)", "lra-2016-el-paso (2016)"],
        id="el-paso-first-minute-of-2016-arrangement",
    ),
    pytest.param(
        "2402",
        _local("America/Denver", 2016, 2, 22, 12, 0),
        ["mou-2004-repatriation (2004)", "lra-2009-el-paso (2009)"],
        id="el-paso-day-before",
    ),
    pytest.param(
        "2402",
        _local("America/Denver", 2016, 2, 24, 12, 0),
        ["mou-2004-repatriation (2004)", "lra-2016-el-paso (2016)"],
        id="el-paso-day-after",
    ),
    pytest.param(
        "2402",
        _local("America/Denver", 2009, 4, 2, 23, 59),
        ["mou-2004-repatriation (2004)", "el-paso-juarez-1998 (1998)"],
        id="el-paso-1998-until-2009",
    ),
    pytest.param(
        "2402",
        _local("America/Denver", 2009, 4, 3, 0, 0),
        ["mou-2004-repatriation (2004)", "lra-2009-el-paso (2009)"],
        id="el-paso-2009-from-its-first-day",
    ),
    pytest.param(
        "2402",
        datetime(2000, 6, 1, 18, 0, tzinfo=UTC),
        ["mou-1996-consular-protection (1996)", "el-paso-juarez-1998 (1998)"],
        id="before-2004-the-1996-framework-and-the-local-arrangement",
    ),
    pytest.param("2402", datetime(1996, 5, 1, tzinfo=UTC), [], id="before-any-instrument"),
    pytest.param(
        "2410",
        datetime(2020, 6, 1, 18, 0, tzinfo=UTC),
        ["mou-2004-repatriation (2004)"],
        id="no-local-arrangement-falls-back-to-the-mou",
    ),
    pytest.param(
        "2410",
        datetime(2003, 6, 1, tzinfo=UTC),
        ["mou-1996-consular-protection (1996)"],
        id="no-local-arrangement-before-2004-falls-back-to-1996",
    ),
    pytest.param(
        "2504",
        datetime(2008, 12, 23, 7, 59, tzinfo=UTC),
        ["mou-2004-repatriation (2004)", "california-guidelines (1998)"],
        id="san-diego-guidelines-before-revision",
    ),
    pytest.param(
        "2504",
        datetime(2008, 12, 23, 8, 0, tzinfo=UTC),
        ["mou-2004-repatriation (2004)", "california-guidelines (2008)"],
        id="san-diego-guidelines-revised",
    ),
    pytest.param(
        "2304",
        datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        ["mou-2004-repatriation (2004)", "lra-2016-laredo (2016)"],
        id="laredo-today",
    ),
]


@pytest.mark.parametrize(("port", "at", "expected"), IN_FORCE_CASES)
def test_in_force(file_snapshots, port, at, expected):
    """The MOU in force first, then the most specific local instrument, by local date."""
    assert _cited(in_force(file_snapshots, port_code=port, at=at)) == expected


def test_in_force_needs_an_aware_datetime(file_snapshots):
    with pytest.raises(ValueError, match="timezone-aware"):
        in_force(file_snapshots, port_code="2402", at=datetime(2020, 1, 1))  # noqa: DTZ001


def test_unknown_port_has_nothing_in_force(file_snapshots):
    assert in_force(file_snapshots, port_code="9999", at=datetime(2020, 1, 1, tzinfo=UTC)) == []


def test_most_specific_local_arrangement_wins(file_snapshots):
    """Of two local arrangements covering a port, the one covering fewer ports applies."""
    local = next(s for s in file_snapshots if s.citation == "lra-2016-laredo (2016)")
    wide = replace(local, agreement="zz-wide", ports=local.ports + _ports(file_snapshots, "2402"))
    at = datetime(2020, 6, 1, 18, 0, tzinfo=UTC)
    chosen = in_force([*file_snapshots, wide], port_code="2304", at=at)
    assert chosen[-1].agreement == "lra-2016-laredo"


def _ports(snapshots, code):
    return tuple(p for s in snapshots for p in s.ports if p.code == code)[:1]


def test_programs_in_force(file_snapshots):
    """The interior program's 2004 pilot ran 12 July – 30 September 2004 (Tucson time)."""
    inside = _local("America/Phoenix", 2004, 9, 30, 23, 0)
    after = _local("America/Phoenix", 2004, 10, 1, 0, 0)
    zone = "America/Phoenix"
    assert _cited(programs_in_force(file_snapshots, at=inside, time_zone=zone)) == [
        "interior-repatriation (2004)"
    ]
    assert programs_in_force(file_snapshots, at=after, time_zone=zone) == []


# --- windows ---------------------------------------------------------------------------------


def _window_cases(snapshots):
    """Every interval edge of every authored window: (version, kind, port, interval)."""
    for version in snapshots:
        for parameter in version.parameters:
            if parameter.kind not in (
                ParameterKind.HANDOVER_WINDOW,
                ParameterKind.VULNERABLE_WINDOW,
            ):
                continue
            port = parameter.port or _port_without_override(version, parameter.kind)
            if port is None:
                continue
            for interval in parameter.value.intervals:
                yield pytest.param(
                    version,
                    parameter.kind,
                    port,
                    interval,
                    id=f"{version.citation}-{parameter.kind}-{parameter.port or 'all'}",
                )


def _port_without_override(version, kind):
    overridden = {p.port for p in version.parameters_of(kind) if p.port}
    return next((p.code for p in version.ports if p.code not in overridden), None)


def _day_in(interval: Interval, zone: str) -> date:
    day = date(2021, 7, 5)  # a Monday in summer time
    while day.weekday() not in interval.days:
        day += timedelta(days=1)
    return day


def _at(day: date, minutes: int, zone: str) -> datetime:
    midnight = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return (midnight + timedelta(minutes=minutes)).astimezone(UTC)


def _inside(version, kind, port, at):
    window = version.parameter(kind, port).value
    local = at.astimezone(ZoneInfo(version.port(port).time_zone))
    return window.contains(local)


_SNAPSHOTS = snapshots_from_file()


@pytest.mark.parametrize(("version", "kind", "port", "interval"), list(_window_cases(_SNAPSHOTS)))
def test_window_edges(version, kind, port, interval):
    """At every edge: the minute before the start and the end itself are outside, the start
    and the last minute are inside (in the port's local time)."""
    zone = version.port(port).time_zone
    day = _day_in(interval, zone)
    assert _inside(version, kind, port, _at(day, interval.start, zone))
    assert _inside(version, kind, port, _at(day, interval.end - 1, zone))
    if interval.start > 0:
        assert not _inside(version, kind, port, _at(day, interval.start - 1, zone))
    if interval.end < 24 * 60:
        assert not _inside(version, kind, port, _at(day, interval.end, zone))


@pytest.mark.parametrize(
    ("local", "vulnerable", "inside"),
    [
        ((7, 59), False, False),
        ((8, 0), False, True),
        ((21, 59), False, True),
        ((22, 0), False, False),
        ((7, 59), True, False),
        ((8, 0), True, True),
        ((17, 59), True, True),
        ((18, 0), True, False),
    ],
)
def test_window_for_laredo_2016(file_snapshots, local, vulnerable, inside):
    """Laredo (Tamaulipas points, 08:00–22:00 [P]); vulnerable persons 08:00–18:00 (default),
    on the port's clock (Central daylight time here)."""
    at = _local("America/Chicago", 2021, 7, 6, *local)
    versions = in_force(file_snapshots, port_code="2304", at=at)
    check = window_for(versions, port_code="2304", at=at, vulnerable=vulnerable)
    assert check is not None
    assert check.inside is inside
    assert check.general.citation == "lra-2016-laredo (2016), 9"
    assert check.local.hour == local[0]


@pytest.mark.parametrize(("hour", "minute", "inside"), [(17, 59, True), (18, 0, False)])
def test_tijuana_vulnerable_window(file_snapshots, hour, minute, inside):
    """Tijuana: no unaccompanied minors after 18:00 (the port's own row, not the default)."""
    at = _local("America/Los_Angeles", 2022, 1, 10, hour, minute)
    versions = in_force(file_snapshots, port_code="2504", at=at)
    check = window_for(versions, port_code="2504", at=at, vulnerable=True)
    assert check.inside is inside
    assert check.vulnerable.parameter.port == "2504"
    assert check.vulnerable.clause.confidence == "P"


def test_vulnerable_must_also_be_inside_the_general_window(file_snapshots):
    """A vulnerable window wider than the general one does not widen it."""
    version = next(s for s in file_snapshots if s.citation == "lra-2016-el-paso (2016)")
    wide = Window((Interval(frozenset(range(7)), 0, 24 * 60),))
    parameters = tuple(
        replace(p, value=wide) if p.kind == ParameterKind.VULNERABLE_WINDOW else p
        for p in version.parameters
    )
    patched = replace(version, parameters=parameters)
    at = _local("America/Denver", 2021, 7, 6, 21, 0)  # after the 20:00 default end
    assert window_for(patched, port_code="2402", at=at, vulnerable=True).inside is False


def test_window_falls_back_to_the_mou(file_snapshots):
    """At a port without a local arrangement the MOU's default window applies."""
    at = _local("America/Chicago", 2021, 7, 6, 5, 59)
    versions = in_force(file_snapshots, port_code="2410", at=at)
    check = window_for(versions, port_code="2410", at=at)
    assert check.inside is False
    assert check.general.version.agreement == "mou-2004-repatriation"
    assert check.general.parameter.is_default


@pytest.mark.parametrize(
    ("local", "receiver"),
    [
        ((2010, 6, 7, 8, 59), Receiver.INM_OPI_DIF),  # Monday, before office hours
        ((2010, 6, 7, 9, 0), Receiver.CONSULATE),
        ((2010, 6, 11, 16, 59), Receiver.CONSULATE),  # Friday
        ((2010, 6, 11, 17, 0), Receiver.INM_OPI_DIF),
        ((2010, 6, 12, 12, 0), Receiver.INM_OPI_DIF),  # Saturday
    ],
)
def test_minor_receivers_laredo_2009(file_snapshots, local, receiver):
    """Laredo 2009: the consulate on weekdays in office hours, otherwise INM, then DIF."""
    at = _local("America/Chicago", *local)
    versions = in_force(file_snapshots, port_code="2304", at=at)
    check = minor_receiver_for(versions, port_code="2304", at=at)
    assert check.receiver == receiver
    assert check.rule.version.agreement == "lra-2009-laredo"
    assert check.rule.clause.confidence == "V"


@pytest.mark.parametrize(
    ("port", "listed"), [("2402", True), ("2505", True), ("2410", False), ("2582", False)]
)
def test_designated_points_2016(file_snapshots, port, listed):
    """El Paso and Tecate are designated points in 2016; where only the MOU applies, its
    default list (the ports that hand over to an INM module) leaves Boquillas and CBX out."""
    at = datetime(2020, 6, 1, 18, 0, tzinfo=UTC)
    versions = in_force(file_snapshots, port_code=port, at=at)
    assert designation_for(versions, port_code=port).listed is listed


def test_parameter_for_prefers_the_most_specific_version(file_snapshots):
    at = datetime(2020, 6, 1, 18, 0, tzinfo=UTC)
    versions = in_force(file_snapshots, port_code="2402", at=at)
    notice = parameter_for(versions, kind=ParameterKind.ADVANCE_NOTICE, port_code="2402")
    assert notice.version.agreement == "lra-2016-el-paso"
    assert notice.parameter.value.minutes == 120
    assert notice.parameter.is_default


def test_snapshot_parameter_port_row_before_version_wide():
    version = VersionSnapshot(
        agreement="t",
        kind="local_arrangement",
        status="in_force",
        ins_era=False,
        label="1",
        effective_from=date(2020, 1, 1),
        effective_to=None,
        national=False,
        ports=(),
        sectors=frozenset(),
        reception_points=frozenset(),
        clauses=(),
        parameters=(
            ParameterSnapshot(ParameterKind.ADVANCE_NOTICE, value=None),
            ParameterSnapshot(ParameterKind.ADVANCE_NOTICE, value=None, port="2402"),
        ),
    )
    assert version.parameter(ParameterKind.ADVANCE_NOTICE, "2402").port == "2402"
    assert version.parameter(ParameterKind.ADVANCE_NOTICE, "2304").port is None
