"""The repatriation event as counted (ADR 0013), on a Polars frame of plain columns.

The reader (``stats.selectors``) brings the period's events as ``EVENT_COLUMNS``: person id,
reception point code, time (UTC), unaccompanied, sex and birth date, nothing that names
anyone. Here each event gets its local month and its age, and the counts are groupings of
the frame: its rows are events, its distinct person ids unique persons.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import polars as pl

from .disclosure import Summary

EVENT_COLUMNS: dict[str, pl.DataType | type[pl.DataType]] = {
    "person": pl.Int64, "point": pl.String, "at": pl.Datetime("us", "UTC"),
    "unaccompanied": pl.Boolean, "sex": pl.String, "born": pl.Date,
}  # fmt: skip

# Age at the event: the groups UPM publishes for minors (0–11, 12–17), then decades.
# (key, label, first age of the next group)
AGE_GROUPS: tuple[tuple[str, str, int | None], ...] = (
    ("0-11", "0–11", 12),
    ("12-17", "12–17", 18),
    ("18-29", "18–29", 30),
    ("30-39", "30–39", 40),
    ("40-49", "40–49", 50),
    ("50+", "50+", None),
)
UNKNOWN = "unknown"
ACCOMPANIED = ("adult", "accompanied", "unaccompanied", UNKNOWN)


def month_number(day: date) -> int:
    """The month of ``day`` as yyyymm, the form of the ``month`` column."""
    return day.year * 100 + day.month


def _yyyymmdd(column: pl.Expr) -> pl.Expr:
    year, month, day = (part.cast(pl.Int64) for part in (column.dt.year(), column.dt.month(),
                                                          column.dt.day()))  # fmt: skip
    return year * 10000 + month * 100 + day


def events_localize(frame: pl.DataFrame, zones: Mapping[str, str]) -> pl.DataFrame:
    """The events with their local month and age: ``person``, ``point``, ``month`` (yyyymm in
    the zone of the reception point, ``zones`` by point code; UTC for a point without one),
    ``sex`` ("" when not recorded), ``age`` at the event's local date (null when unknown or
    impossible) and ``unaccompanied``. Each row is converted once: the frame is cut by zone."""
    frame = frame.with_columns(
        pl.col("point").replace_strict(zones, default="UTC", return_dtype=pl.String).alias("zone")
    )
    parts = [
        part.with_columns(pl.col("at").dt.convert_time_zone(str(zone)).dt.date().alias("day"))
        for (zone,), part in frame.group_by("zone")
    ]
    frame = pl.concat(parts) if parts else frame.with_columns(pl.col("at").dt.date().alias("day"))
    event, born = _yyyymmdd(pl.col("day")), _yyyymmdd(pl.col("born"))
    age = pl.when(born <= event).then((event - born) // 10000)  # null: unknown or impossible
    return frame.select(
        "person", "point", (event // 100).alias("month"), pl.col("sex").fill_null(""),
        age.alias("age"), "unaccompanied",
    )  # fmt: skip


def events_in_months(
    frame: pl.DataFrame, *, start: date | None = None, end: date | None = None
) -> pl.DataFrame:
    """The localized events from the month of ``start`` to the month of ``end``."""
    if start:
        frame = frame.filter(pl.col("month") >= month_number(start))
    if end:
        frame = frame.filter(pl.col("month") <= month_number(end))
    return frame


def age_group() -> pl.Expr:
    """The key of the event's age group (``AGE_GROUPS``), ``UNKNOWN`` without an age."""
    group: Any = pl.lit(AGE_GROUPS[-1][0])
    for key, _label, limit in reversed(AGE_GROUPS):
        if limit is not None:
            group = pl.when(pl.col("age") < limit).then(pl.lit(key)).otherwise(group)
    return pl.when(pl.col("age").is_null()).then(pl.lit(UNKNOWN)).otherwise(group)


def accompanied() -> pl.Expr:
    """Unaccompanied as the repatriation records it (the officer's determination wins over
    the age); otherwise a minor by age at the event."""
    return (
        pl.when(pl.col("unaccompanied")).then(pl.lit("unaccompanied"))
        .when(pl.col("age").is_null()).then(pl.lit(UNKNOWN))
        .when(pl.col("age") < 18).then(pl.lit("accompanied"))
        .otherwise(pl.lit("adult"))
    )  # fmt: skip


def counts_by(events: pl.DataFrame, key: pl.Expr) -> dict[Any, tuple[int, int]]:
    """Events and distinct persons per value of ``key``."""
    counts = events.group_by(key.alias("key")).agg(
        pl.len().alias("events"), pl.col("person").n_unique().alias("persons")
    )
    return {r["key"]: (r["events"], r["persons"]) for r in counts.iter_rows(named=True)}


def events_summary(events: pl.DataFrame) -> Summary:
    """Events, persons and persons with more than one event."""
    per_person = events.group_by("person").len()
    repeaters = per_person.filter(pl.col("len") > 1).height
    return Summary(events.height, per_person.height, repeaters)
