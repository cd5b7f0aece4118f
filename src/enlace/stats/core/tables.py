"""The published tables: rows per category, disclosed, and the chart's geometry.

Categories arrive with their labels already in the reader's language (the caller
translates); a table is published only through ``table_publish``, which applies the
disclosure rules, so no table reaches a page or a file undisclosed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from .disclosure import Row, disclose
from .events import counts_by


@dataclass(frozen=True)
class Category:
    """One value a table counts by, with its label in the table and in the chart."""

    key: str
    label: str
    short: str


@dataclass(frozen=True)
class Bar:
    row: Row
    y: int
    events_width: int
    persons_width: int


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    caption: str
    category: str  # the heading of the category column
    rows: list[Row]

    @property
    def chart(self) -> tuple[int, list[Bar]]:
        """The chart's height and bars (see ``chart_layout``)."""
        return chart_layout(self.rows)

    @property
    def chart_geometry(self) -> dict[str, int]:
        """Where the chart's parts go, for the template (``_chart.html``)."""
        return {
            "width": CHART_WIDTH,
            "bars_x": CHART_BARS_X,
            "labels_x": CHART_BARS_X - 6,
            "values_x": CHART_BARS_X + 4,
            "persons_legend_x": CHART_BARS_X + 90,
        }


def table_publish(*, key: str, title: str, caption: str, category: str, rows: list[Row]) -> Table:
    """The table as it may be shown: its rows under disclosure control."""
    return Table(key, title, caption, category, disclose(rows))


# --- chart geometry (a server-rendered SVG, stats/partials/_chart.html) ----------------------

# The chart is drawn 360 units wide, about its width on a phone, so that its 13-unit text is
# never drawn smaller than 12 px; wider screens scale it up.
CHART_WIDTH = 360
CHART_BARS_X = 134  # the labels end left of it, right-aligned
CHART_BAR_SPACE = 180  # the longest bar; its value is written after it
CHART_TOP = 34  # room for the legend
CHART_PITCH = 34  # one category: two bars of 12 and a gap


def chart_layout(rows: Sequence[Row]) -> tuple[int, list[Bar]]:
    """Bars for events and persons, scaled to the largest published figure; a withheld row
    has no bar (its markers are written instead)."""
    top = max((r.events for r in rows if not r.withheld), default=0) or 1
    bars = [
        Bar(
            row=row,
            y=CHART_TOP + i * CHART_PITCH,
            events_width=0 if row.withheld else round(CHART_BAR_SPACE * row.events / top),
            persons_width=0 if row.withheld else round(CHART_BAR_SPACE * row.persons / top),
        )
        for i, row in enumerate(rows)
    ]
    return CHART_TOP + len(rows) * CHART_PITCH + 6, bars


# --- rows ------------------------------------------------------------------------------------


def point_rows(events: pl.DataFrame, points: Sequence[Category]) -> list[Row]:
    """A row per reception point with events, in the order of the points' labels."""
    by_code = {point.key: point for point in points}
    counts = counts_by(events, pl.col("point"))
    return [
        Row(code, by_code[code].label, by_code[code].short, *counts[code])
        for code in sorted(counts, key=lambda code: by_code[code].label)
    ]


# Past this many months from the first to the last with events, the period is counted by year.
LONG_SPAN_MONTHS = 24


def _span_months(first: int, last: int) -> int:
    return (last // 100 - first // 100) * 12 + last % 100 - first % 100 + 1


def period_rows(events: pl.DataFrame) -> tuple[str, list[Row]]:
    """The period's rows, sized to the data: ``("month", rows)`` when the months with events
    span at most ``LONG_SPAN_MONTHS``, else ``("year", rows)``; either way from the first
    to the last period with events (no empty ones before or after)."""
    months = [int(month) for month in events["month"].unique()] if events.height else []
    if not months or _span_months(min(months), max(months)) <= LONG_SPAN_MONTHS:
        return "month", month_rows(events)
    return "year", year_rows(events)


def year_rows(events: pl.DataFrame) -> list[Row]:
    """Every year from the first to the last with events, empty years included."""
    counts: Mapping[int, tuple[int, int]] = counts_by(events, pl.col("month") // 100)
    if not counts:
        return []
    return [
        Row(str(year), str(year), str(year), *counts.get(year, (0, 0)))
        for year in range(min(counts), max(counts) + 1)
    ]


def month_rows(events: pl.DataFrame) -> list[Row]:
    """Every month from the first to the last with events, empty months included."""
    counts: Mapping[int, tuple[int, int]] = counts_by(events, pl.col("month"))
    if not counts:
        return []
    first, last = min(counts), max(counts)
    rows, (year, month) = [], divmod(first, 100)
    while year * 100 + month <= last:
        shown = date(year, month, 1).strftime("%Y-%m")
        rows.append(Row(shown, shown, shown, *counts.get(year * 100 + month, (0, 0))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows


def category_rows(
    events: pl.DataFrame, key: pl.Expr, categories: Sequence[Category], *, optional: Any = None
) -> list[Row]:
    """A row per category, in the given order, zeros included; the ``optional`` category
    (e.g. "not recorded") only when it has events."""
    counts = counts_by(events, key)
    return [
        Row(c.key, c.label, c.short, *counts.get(c.key, (0, 0)))
        for c in categories
        if c.key != optional or c.key in counts
    ]
