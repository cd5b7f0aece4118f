"""The fast paths agree with the standard library: timestamps, wall clock, CSV lines."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from enlace.synth.chunk import csv_row
from enlace.synth.clock import Clock, wall

ZONES = [
    ZoneInfo(name)
    for name in (
        "America/Los_Angeles", "America/Phoenix", "America/Denver", "America/Chicago",
        "America/Tijuana", "America/Hermosillo", "America/Ciudad_Juarez", "America/Ojinaga",
        "America/Matamoros", "America/Mexico_City",
    )
]  # fmt: skip


def test_stamps_are_isoformat_in_the_zone() -> None:
    """Clock.stamp writes what datetime.isoformat writes, across changes of offset."""
    clock, rng = Clock(), random.Random(1)
    start = int(datetime(2000, 1, 1, tzinfo=UTC).timestamp()) // 60
    for _ in range(50_000):
        minute, zone = start + rng.randrange(24 * 366 * 1440), rng.choice(ZONES)
        expected = datetime.fromtimestamp(minute * 60, UTC).astimezone(zone)
        assert clock.stamp(minute, zone) == expected.isoformat(timespec="minutes")
        assert clock.local_day(minute, zone) == expected.date().isoformat()


def test_daytime_wall_clock_is_exact() -> None:
    """Clock.wall gives the instant datetime gives for any handover-window time."""
    clock, rng = Clock(), random.Random(2)
    for _ in range(20_000):
        day = date(2000, 1, 1).fromordinal(date(2000, 1, 1).toordinal() + rng.randrange(8766))
        minutes, zone = rng.randrange(6 * 60, 22 * 60), rng.choice(ZONES)
        assert clock.wall(day, minutes, zone) == wall(day, minutes, zone)


@pytest.mark.parametrize(
    "cells",
    [
        ("a", "b", ""),
        ("José Luis", "Hernández-López", "A012345678"),
        ("with, comma", 'with "quote"', "x"),
        ("line\nbreak", "", "z"),
        ("", "", ""),
    ],
)
def test_csv_rows_match_the_csv_module(cells: tuple[str, ...]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)

    assert csv_row(cells) == buffer.getvalue()
