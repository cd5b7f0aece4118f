"""Read a plainly well-formed CSV manifest as columns, in a fraction of the row reader's time.

The row reader (``reading.py``) is the definition of the format: it names every problem by
line and field. This module is a fast path in front of it and never its rival: it accepts
only files it can judge with column operations — UTF-8, no quoting, no blank or ragged
lines, every cell inside a stricter shape than the row reader allows (``[0-9]`` digits,
years 1000-2999, canonical timestamps) — and then produces exactly the values the row
reader would. Anything else, an error included, returns ``None`` and the caller reads the
file row by row, which either finds the errors or accepts what this path was too strict for.
Tests hold the two paths to the same result.

The frame has every column of the format as trimmed text (empty cells are null), ``line``
(the header is line 1) and the normalized identifiers ``curp_normalized`` and
``a_number_normalized``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from enlace.people.core.identifiers import InvalidIdentifier, a_number_normalize, curp_normalize

from .format import (
    COLUMNS,
    MAX_AGE,
    MAX_TEXT,
    REQUIRED,
    Belongings,
    Catalog,
    ManifestError,
    ManifestRow,
    MedicalCondition,
    Relationship,
)
from .reading import MAX_ROWS, read_manifest

# Past this size the row reader streams the file and refuses it at MAX_ROWS.
MAX_FAST_BYTES = 256 << 20
NORMALIZED = ("curp_normalized", "a_number_normalized")

_YEAR = "[12][0-9]{3}"
_DATE = f"{_YEAR}-[0-9]{{2}}-[0-9]{{2}}"
_TIMESTAMP = (
    rf"^{_DATE}T(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{{1,6}})?)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$"
)
_TIMESTAMP_PARTS = (
    rf"^({_DATE})T([0-9]{{2}}):([0-9]{{2}})(?::([0-9]{{2}})(?:\.([0-9]{{1,6}}))?)?"
    r"(Z|([+-])([0-9]{2}):([0-9]{2}))$"
)
_BIRTH = rf"^{_YEAR}(?:-[0-9]{{2}}(?:-[0-9]{{2}})?)?$"
_COORDINATE = r"^-?[0-9]{1,3}(?:\.[0-9]{1,12})?$"
_BOOLEAN = "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$"
_CONTROL = "[\x00-\x1f\x7f-\x9f]"

TEXT = (
    "manifest_id",
    "record_id",
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "family_group_id",
    "receiving_official",
)
BOOLEANS = (
    "unaccompanied_minor",
    "pregnant",
    "medical_clearance",
    "disability",
    "consular_notification_requested",
    "criminal_record",
    "interior_repatriation",
)
TIMESTAMPS = (
    "apprehended_at",
    "consular_notification_offered_at",
    "consulate_notified_at",
    "pgr_notice_sent_at",
    "interior_consent_at",
    "tvpra_screened_at",
    "notice_sent_at",
    "handover_at",
)
_CHOICES: dict[str, Iterable[str]] = {
    "sex": ("F", "M", "X"),
    "relationship": [r.value for r in Relationship],
    "medical_condition": [m.value for m in MedicalCondition],
    "belongings_status": [b.value for b in Belongings],
}
_CODES = {
    "sending_office": "offices",
    "apprehension_sector": "sectors",
    "state_of_origin": "states",
    "consulate": "consulates",
    "handover_port": "ports",
}
_RANGES = {"apprehension_lat": (14.0, 42.0), "apprehension_lon": (-125.0, -86.0)}


def timestamp_utc(name: str) -> pl.Expr:
    """A timestamp cell of the fast path's shape as a UTC datetime (microseconds)."""
    parts = pl.col(name).str.extract_groups(_TIMESTAMP_PARTS)
    day = parts.struct.field("1").str.to_date("%Y-%m-%d", strict=False)
    fraction = parts.struct.field("5").fill_null("0").str.pad_end(6, "0").cast(pl.Int64)
    sign = pl.when(parts.struct.field("7") == "-").then(-1).otherwise(1)
    offset = (
        parts.struct.field("8").cast(pl.Int64) * 60 + parts.struct.field("9").cast(pl.Int64)
    ).fill_null(0) * sign
    local = day.cast(pl.Datetime("us")) + pl.duration(
        hours=parts.struct.field("2").cast(pl.Int64),
        minutes=parts.struct.field("3").cast(pl.Int64),
        seconds=parts.struct.field("4").fill_null("0").cast(pl.Int64),
        microseconds=fraction,
    )
    return (local - pl.duration(minutes=offset)).dt.replace_time_zone("UTC")


def birth_date(name: str = "date_of_birth") -> tuple[pl.Expr, pl.Expr]:
    """The first day of a birth date's period, and its precision (day, month, year)."""
    text = pl.col(name)
    length = text.str.len_bytes()
    padded = (
        pl.when(length == 4)
        .then(text + "-01-01")
        .when(length == 7)
        .then(text + "-01")
        .otherwise(text)
    )
    precision = (
        pl.when(length == 4).then(pl.lit("year")).when(length == 7).then(pl.lit("month"))
    ).otherwise(pl.lit("day"))
    return padded.str.to_date("%Y-%m-%d", strict=False), precision


def _lines(data: bytes) -> list[str] | None:
    if len(data) > MAX_FAST_BYTES or data.lstrip()[:1] in (b"[", b"{") or b'"' in data:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines if len(lines) >= 2 else None


def _cells(lines: list[str]) -> pl.DataFrame | None:
    header = [name.strip() for name in lines[0].removesuffix("\r").split(",")]
    if sorted(header) != sorted(COLUMNS):
        return None
    body = pl.Series("line", lines[1:], dtype=pl.String).str.strip_suffix("\r")
    if not body.str.count_matches(",", literal=True).eq(len(header) - 1).all():
        return None
    if body.str.contains(_CONTROL).any():
        return None
    split = body.str.split_exact(",", len(header) - 1).struct.rename_fields(header)
    frame = split.struct.unnest().select(
        [pl.col(name).str.strip_chars().replace("", None) for name in COLUMNS]
    )
    return frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("line"))


def _normalized(column: pl.Series, normalize: Callable[[str], str]) -> pl.Series | None:
    """Apply a Python normalizer to the distinct values; ``None`` if any is invalid."""
    mapping: dict[str, str] = {}
    for value in column.drop_nulls().unique():
        try:
            mapping[value] = normalize(value)
        except InvalidIdentifier:
            return None
    return column.replace_strict(mapping, default=None, return_dtype=pl.String)


def _checks(catalog: Catalog) -> list[pl.Expr]:
    """One boolean per cell rule: true where the cell is inside the fast path's shapes."""
    col = pl.col
    ok: list[pl.Expr] = [col(name).is_not_null() for name in REQUIRED]
    ok += [col(name).str.len_chars() <= MAX_TEXT for name in TEXT]
    ok += [col(name).is_in(list(values)) for name, values in _CHOICES.items()]
    ok += [col(name).str.contains(_BOOLEAN) for name in BOOLEANS]
    ok += [col(name).str.contains(_TIMESTAMP) for name in TIMESTAMPS]
    ok += [timestamp_utc(name).is_not_null() | col(name).is_null() for name in TIMESTAMPS]
    ok += [col(name).is_in(list(getattr(catalog, kind))) for name, kind in _CODES.items()]
    ok.append(col("nationality").str.contains("^[A-Z]{3}$"))
    ok.append(col("date_of_birth").str.contains(_BIRTH))
    born, _ = birth_date()
    ok.append(born.is_not_null() | col("date_of_birth").is_null())
    for name, (low, high) in _RANGES.items():
        value = col(name).cast(pl.Float64, strict=False)
        ok.append(col(name).str.contains(_COORDINATE) & value.is_between(low, high))
    return [check.fill_null(True) for check in ok]


def _consistent() -> pl.Expr:
    """The row reader's consistency rules (a surname; a possible age; an unaccompanied minor
    is a minor; no pregnant man), with the age as it computes it."""
    col = pl.col
    when = col("apprehended_at").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False)
    born, _ = birth_date()
    earlier = (when.dt.month() < born.dt.month()) | (
        (when.dt.month() == born.dt.month()) & (when.dt.day() < born.dt.day())
    )
    age = when.dt.year().cast(pl.Int64) - born.dt.year().cast(pl.Int64) - earlier.cast(pl.Int64)
    unaccompanied = col("unaccompanied_minor").str.to_lowercase() == "true"
    pregnant = col("pregnant").str.to_lowercase() == "true"
    return (
        (col("paternal_surname").is_not_null() | col("maternal_surname").is_not_null())
        & (age.is_between(0, MAX_AGE) | age.is_null())
        & ~(unaccompanied.fill_null(False) & (age >= 18).fill_null(False))
        & ~(pregnant.fill_null(False) & (col("sex") == "M").fill_null(False))
    )


def read_manifest_fast(data: bytes, *, catalog: Catalog, max_rows: int) -> pl.DataFrame | None:
    """The manifest's cells as a frame when the file is plainly well formed, else ``None``."""
    lines = _lines(data)
    if lines is None or len(lines) - 1 > max_rows:
        return None
    frame = _cells(lines)
    if frame is None:
        return None
    if frame.select(pl.all_horizontal(_checks(catalog)).all() & _consistent().all()).item():
        ids = frame.select(
            pl.col("record_id").is_duplicated().any(),
            pl.col("manifest_id").n_unique() > 1,
            pl.col("sending_office").n_unique() > 1,
        ).row(0)
        if any(ids):
            return None
    else:
        return None
    curps = _normalized(frame["curp"], curp_normalize)
    numbers = _normalized(frame["a_number"], a_number_normalize)
    if curps is None or numbers is None:
        return None
    return frame.with_columns(curps.alias(NORMALIZED[0]), numbers.alias(NORMALIZED[1]))


def frame_cells(frame: pl.DataFrame) -> list[dict[str, str]]:
    """The frame's rows as manifest cells (column → text, empty for missing), in order."""
    return [
        {name: value or "" for name, value in row.items()}
        for row in frame.select(COLUMNS).iter_rows(named=True)
    ]


def frame_from_parsed(rows: Iterable[ManifestRow]) -> pl.DataFrame:
    """The same frame from rows the row reader parsed (cells as received, trimmed)."""
    rows = list(rows)
    columns: dict[str, list[Any]] = {
        name: [row.raw.get(name) or None for row in rows] for name in COLUMNS
    }
    columns["line"] = [row.line for row in rows]
    columns[NORMALIZED[0]] = [row.curp or None for row in rows]
    columns[NORMALIZED[1]] = [row.a_number or None for row in rows]
    schema: dict[str, Any] = dict.fromkeys(COLUMNS, pl.String)
    schema.update({"line": pl.Int64, NORMALIZED[0]: pl.String, NORMALIZED[1]: pl.String})
    return pl.DataFrame(columns, schema=schema)


@dataclass(frozen=True)
class FrameResult:
    """A manifest read as a frame (``frame`` set, ``errors`` empty) or refused (``errors``).
    ``rows`` holds the parsed rows when the row reader read the file."""

    frame: pl.DataFrame | None
    errors: list[ManifestError]
    rows: list[ManifestRow] | None = None

    @property
    def manifest_id(self) -> str:
        return "" if self.frame is None or not self.frame.height else self.frame["manifest_id"][0]


def read_manifest_frame(data: bytes, *, catalog: Catalog) -> FrameResult:
    """Read a manifest in memory as a frame: the fast path when it can, else row by row."""
    frame = read_manifest_fast(data, catalog=catalog, max_rows=MAX_ROWS)
    if frame is not None:
        return FrameResult(frame, [])
    result = read_manifest(data, catalog=catalog)
    if result.errors:
        return FrameResult(None, result.errors)
    return FrameResult(frame_from_parsed(result.rows), [], result.rows)
