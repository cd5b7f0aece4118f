"""The statistics' domain core on plain frames, without Django or a database: the event's
local month and age, the categories, the counts, the disclosure of each table and the chart."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime

import polars as pl
import pytest

from enlace.stats import core
from enlace.stats.core import Category, Row, Summary

TIJUANA = {"tij": "America/Tijuana"}


def _frame(*events: tuple) -> pl.DataFrame:
    """Raw events as the reader brings them: (person, point, at, unaccompanied, sex, born)."""
    return pl.DataFrame(list(events), schema=core.EVENT_COLUMNS, orient="row")


def _at(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def _ages(*ages: int | None, unaccompanied: bool = False) -> pl.DataFrame:
    return pl.DataFrame(
        {"person": list(range(len(ages))), "age": list(ages),
         "unaccompanied": [unaccompanied] * len(ages)},
        schema={"person": pl.Int64, "age": pl.Int64, "unaccompanied": pl.Boolean},
    )  # fmt: skip


def test_the_month_and_age_are_those_of_the_points_local_date():
    """05:00 UTC on 1 April is 22:00 on 31 March in Tijuana: March, and the day before a
    birthday; a point without a known zone counts in UTC."""
    raw = _frame(
        (1, "tij", _at(2025, 4, 1, 5), False, "M", date(2010, 4, 1)),
        (2, "tij", _at(2025, 4, 1, 5), False, None, date(2010, 3, 31)),
        (3, "elsewhere", _at(2025, 4, 1, 5), False, "F", date(2010, 4, 1)),
        (4, "tij", _at(2025, 4, 1, 5), False, "F", date(2026, 1, 1)),  # born after the event
        (5, "tij", _at(2025, 4, 1, 5), False, "F", None),
    )

    events = core.events_localize(raw, TIJUANA).sort("person")

    assert events.columns == ["person", "point", "month", "sex", "age", "unaccompanied"]
    assert events["month"].to_list() == [202503, 202503, 202504, 202503, 202503]
    assert events["age"].to_list() == [14, 15, 15, None, None]
    assert events["sex"].to_list() == ["M", "", "F", "F", "F"]


def test_the_period_is_cut_by_local_month():
    events = core.events_localize(
        _frame(
            (1, "tij", _at(2025, 4, 1, 5), False, "M", None),  # March in Tijuana
            (2, "tij", _at(2025, 4, 2, 18), False, "M", None),
            (3, "tij", _at(2025, 5, 2, 18), False, "M", None),
        ),
        TIJUANA,
    )

    april = core.events_in_months(events, start=date(2025, 4, 1), end=date(2025, 4, 30))

    assert april["person"].to_list() == [2]
    assert core.events_in_months(events).height == 3


@pytest.mark.parametrize(
    ("age", "group"),
    [(0, "0-11"), (11, "0-11"), (12, "12-17"), (17, "12-17"), (18, "18-29"), (29, "18-29"),
     (30, "30-39"), (49, "40-49"), (50, "50+"), (97, "50+"), (None, core.UNKNOWN)],
)  # fmt: skip
def test_age_groups_split_minors_as_upm_does(age, group):
    assert _ages(age).select(core.age_group().alias("group"))["group"].to_list() == [group]


@pytest.mark.parametrize(
    ("age", "unaccompanied", "status"),
    [(17, False, "accompanied"), (18, False, "adult"), (None, False, core.UNKNOWN),
     (18, True, "unaccompanied"), (None, True, "unaccompanied"), (9, True, "unaccompanied")],
)  # fmt: skip
def test_the_officers_unaccompanied_determination_wins_over_the_age(age, unaccompanied, status):
    frame = _ages(age, unaccompanied=unaccompanied)

    assert frame.select(core.accompanied().alias("status"))["status"].to_list() == [status]


def test_events_and_unique_persons_and_repeaters():
    events = pl.DataFrame({"person": [1, 1, 1, 2, 3, 3], "point": ["a", "a", "a", "a", "b", "b"]})

    assert core.counts_by(events, pl.col("point")) == {"a": (4, 2), "b": (2, 1)}
    assert core.events_summary(events) == Summary(events=6, persons=3, repeaters=2)


def test_months_run_from_the_first_to_the_last_empty_ones_included():
    events = pl.DataFrame({"person": [1, 2, 2], "month": [202411, 202502, 202502]})

    rows = core.month_rows(events)

    assert [(r.key, r.events, r.persons) for r in rows] == [
        ("2024-11", 1, 1), ("2024-12", 0, 0), ("2025-01", 0, 0), ("2025-02", 2, 1),
    ]  # fmt: skip
    assert core.month_rows(events.clear()) == []


def test_fixed_categories_keep_their_order_and_zeros_and_the_optional_one_only_with_events():
    categories = [Category("F", "Female", "F"), Category("M", "Male", "M"),
                  Category("", "Not recorded", "?")]  # fmt: skip
    events = pl.DataFrame({"person": [1, 2], "sex": ["M", "M"]})

    rows = core.category_rows(events, pl.col("sex"), categories, optional="")
    with_unknown = core.category_rows(
        pl.DataFrame({"person": [1], "sex": [""]}), pl.col("sex"), categories, optional=""
    )

    assert [(r.key, r.label, r.events) for r in rows] == [("F", "Female", 0), ("M", "Male", 2)]
    assert [r.key for r in with_unknown] == ["F", "M", ""]


def test_points_are_listed_by_their_label():
    points = [Category("b", "Alpha", "A"), Category("a", "Beta", "B"), Category("c", "Gamma", "")]
    events = pl.DataFrame({"person": [1, 2, 3], "point": ["a", "b", "b"]})

    rows = core.point_rows(events, points)

    assert [(r.key, r.short, r.events) for r in rows] == [("b", "A", 2), ("a", "B", 1)]


def test_a_published_table_is_disclosed_and_its_chart_draws_no_withheld_bar():
    rows = [Row("a", "", "", 20, 10), Row("b", "", "", 3, 2), Row("c", "", "", 8, 6)]

    table = core.table_publish(key="k", title="T", caption="C", category="X", rows=rows)
    height, bars = table.chart

    assert [r.withheld for r in table.rows] == ["", "small", "secondary"]
    space = core.tables.CHART_BAR_SPACE
    assert [(b.events_width, b.persons_width) for b in bars] == [
        (space, space // 2),
        (0, 0),
        (0, 0),
    ]
    assert [b.y for b in bars] == [34, 68, 102]
    assert height == 34 + 3 * 34 + 6


def test_published_figures_stay_numbers_and_withheld_ones_become_markers():
    published, small, large_small = core.disclose(
        [Row("a", "", "", 1234, 900), Row("b", "", "", 4, 3), Row("c", "", "", 9, 4)]
    )

    assert (published.events_shown, published.persons_shown) == (1234, 900)
    assert (small.events_shown, small.persons_shown) == ("<5", "<5")
    assert (large_small.events_shown, large_small.persons_shown) == ("[c]", "<5")


@pytest.mark.parametrize(
    ("persons", "repeaters", "rate"),
    [(0, 0, "–"), (10, 3, "[c]"), (10, 8, "[c]"), (10, 0, 0.0), (15, 5, 33.3), (8, 8, 100.0)],
)
def test_the_repeat_rate_is_withheld_when_either_side_is_small(persons, repeaters, rate):
    assert (
        Summary(events=persons + repeaters, persons=persons, repeaters=repeaters).repeat_rate
        == rate
    )


def test_a_total_of_one_to_four_persons_is_withheld_too():
    assert Summary(events=6, persons=3, repeaters=2).row.persons_shown == "<5"
    assert Summary(events=0, persons=0, repeaters=0).row.persons_shown == 0


def test_the_core_runs_without_django():
    """The core imports no Django (the import-linter contract says so too; this proves the
    package runs in a bare interpreter)."""
    script = (
        "import sys, enlace.stats.core as c; "
        "assert c.disclose([c.Row('a', '', '', 1, 1)])[0].withheld == 'small'; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", script], check=False).returncode == 0  # noqa: S603
