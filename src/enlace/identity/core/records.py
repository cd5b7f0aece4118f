"""Read linkage input and turn each record into comparable features. Pure Python + Polars.

The input is a CSV with a header holding ``record_id`` and any of the Mexican columns
(``given_names, paternal_surname, maternal_surname, sex, date_of_birth, curp,
state_of_origin``, optionally ``a_number``) or the US ones (``first_name, middle_name,
last_name``); a row may use either form. Missing columns and empty values are allowed;
other columns are ignored. The whole file is checked before anything is computed.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import polars as pl

from enlace.people.core.names import given_parse, names_resolve, us_name_parse
from enlace.people.core.phonetic import phonetic_key

from .errors import LinkError, LinkErrorCode

MEXICAN_COLUMNS = (
    "given_names",
    "paternal_surname",
    "maternal_surname",
    "sex",
    "date_of_birth",
    "curp",
    "state_of_origin",
    "a_number",
)
US_COLUMNS = ("first_name", "middle_name", "last_name")
_CURP = r"^[A-Z]{4}\d{6}[HMX][A-Z]{5}[A-Z0-9]\d$"
_NAME_INPUTS = ("given_names", "paternal_surname", "maternal_surname", *US_COLUMNS)


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LinkError(LinkErrorCode.UNDECODABLE, line=line) from None


def records_parse(raw: bytes) -> pl.DataFrame:
    """Check and read a CSV (bytes): every known column as text, ``record_id`` first.

    Raise ``LinkError`` for an undecodable file, a missing ``record_id`` column, an empty
    or duplicated record id (naming the line), or a malformed CSV.
    """
    text = _decoded(raw)
    try:
        frame = pl.read_csv(io.StringIO(text), infer_schema=False, empty_string_is_null=False)
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as exc:
        raise LinkError(LinkErrorCode.MALFORMED, detail=str(exc).splitlines()[0]) from None
    frame = frame.rename({c: c.strip().lower() for c in frame.columns}).fill_null("")
    if "record_id" not in frame.columns:
        raise LinkError(LinkErrorCode.NO_RECORD_ID)
    ids = frame["record_id"].str.strip_chars()
    empty = ids.eq("").arg_true()
    if len(empty):
        raise LinkError(LinkErrorCode.EMPTY_RECORD_ID, line=int(empty[0]) + 2)
    duplicated = ids.is_duplicated().arg_true()
    if len(duplicated):
        first = int(duplicated[0])
        again = int(ids.eq(ids[first]).arg_true()[1])
        raise LinkError(
            LinkErrorCode.DUPLICATE_RECORD_ID, record_id=ids[first], line=again + 2, first=first + 2
        )
    present = [c for c in (*MEXICAN_COLUMNS, *US_COLUMNS) if c in frame.columns]
    missing = [c for c in (*MEXICAN_COLUMNS, *US_COLUMNS) if c not in frame.columns]
    return frame.select(
        ids.alias("record_id"),
        *(pl.col(c).str.strip_chars() for c in present),
        *(pl.lit("").alias(c) for c in missing),
    )


def records_frame(rows: list[dict[str, str]]) -> pl.DataFrame:
    """Records held in memory (one dict per record, ``record_id`` required) as read from a CSV."""
    columns = ("record_id", *MEXICAN_COLUMNS, *US_COLUMNS)
    data = {c: [str(row.get(c) or "").strip() for row in rows] for c in columns}
    return pl.DataFrame(data, schema=dict.fromkeys(columns, pl.String))


def records_read(path: Path) -> pl.DataFrame:
    try:
        raw = path.read_bytes()
    except OSError:
        raise LinkError(LinkErrorCode.UNREADABLE, path=str(path)) from None
    return records_parse(raw)


def _name_features(keys: pl.DataFrame) -> pl.DataFrame:
    """One row of name features per distinct combination of the name inputs."""
    rows: dict[str, list[object]] = {k: [] for k in _FEATURE_NAMES}
    for given, paternal, maternal, first, middle, last in keys.iter_rows():
        if not (given or paternal or maternal) and (first or middle or last):
            given, paternal, maternal = us_name_parse(first, middle, last)
        given_plain, paternal_plain, maternal_plain = names_resolve(given, paternal, maternal)
        parsed = given_parse(given_plain)
        values = (
            parsed.full or None,
            parsed.first or None,
            list(parsed.candidates) or None,
            phonetic_key(parsed.first) or None,
            paternal_plain or None,
            phonetic_key(paternal_plain) or None,
            maternal_plain or None,
            phonetic_key(maternal_plain) or None,
        )
        for name, value in zip(_FEATURE_NAMES, values, strict=True):
            rows[name].append(value)
    return pl.concat([keys, pl.DataFrame(rows, schema=_FEATURE_SCHEMA)], how="horizontal")


_FEATURE_SCHEMA: dict[str, Any] = {
    "given_full": pl.String,
    "given_first": pl.String,
    "given_cands": pl.List(pl.String),
    "given_ph": pl.String,
    "pat": pl.String,
    "pat_ph": pl.String,
    "mat": pl.String,
    "mat_ph": pl.String,
}
_FEATURE_NAMES = tuple(_FEATURE_SCHEMA)


def _null_if_empty(expr: pl.Expr) -> pl.Expr:
    return pl.when(expr.eq("")).then(None).otherwise(expr)


def _dates(curp: pl.Expr) -> list[pl.Expr]:
    """Birth date (full), year, and the day/month-swapped date; gaps filled from the CURP."""
    written = pl.col("date_of_birth")
    full: pl.Expr = pl.when(written.str.contains(r"^\d{4}-\d{2}-\d{2}$")).then(written)
    year: pl.Expr = pl.when(written.str.contains(r"^\d{4}")).then(written.str.slice(0, 4))
    century = pl.when(curp.str.slice(16, 1).str.contains(r"\d")).then(pl.lit("19"))
    from_curp = (
        century.otherwise(pl.lit("20"))
        + curp.str.slice(4, 2)
        + "-"
        + curp.str.slice(6, 2)
        + "-"
        + curp.str.slice(8, 2)
    )
    full = pl.coalesce(
        full,
        pl.when(year.is_null() | year.eq(from_curp.str.slice(0, 4))).then(from_curp),
    )
    year = pl.coalesce(year, full.str.slice(0, 4))
    day, month = full.str.slice(8, 2), full.str.slice(5, 2)
    swapped = pl.when((day.cast(pl.Int32, strict=False) <= 12) & day.ne(month)).then(
        full.str.slice(0, 5) + day + "-" + month
    )
    return [full.alias("dob"), year.alias("dob_year"), swapped.alias("dob_swapped")]


def features_build(records: pl.DataFrame) -> pl.DataFrame:
    """The comparison columns of every record (``unique_id`` is the record id)."""
    keys = records.select(_NAME_INPUTS).unique()
    names = _name_features(keys)
    curp_text = records["curp"].str.to_uppercase().str.replace_all(r"[\s-]", "")
    curp = pl.when(pl.col("curp_text").str.contains(_CURP)).then(pl.col("curp_text"))
    sex_written = pl.col("sex").str.to_uppercase().str.slice(0, 1)
    sex_curp = curp.str.slice(10, 1).replace({"H": "M", "M": "F"})
    sex = pl.when(sex_written.is_in(["F", "M"])).then(sex_written)
    state_curp = pl.when(curp.str.slice(11, 2).ne("NE")).then(curp.str.slice(11, 2))
    a_number = pl.col("a_number").str.replace_all(r"[^0-9]", "").str.strip_chars_start("0")
    return (
        records.with_columns(curp_text=curp_text)
        .join(names, on=list(_NAME_INPUTS), how="left", nulls_equal=True)
        .select(
            pl.col("record_id").alias("unique_id"),
            *_FEATURE_NAMES,
            *_dates(curp),
            pl.coalesce(sex, sex_curp.replace({"X": None})).alias("sex"),
            pl.coalesce(
                _null_if_empty(pl.col("state_of_origin").str.to_uppercase()), state_curp
            ).alias("state"),
            curp.alias("curp"),
            _null_if_empty(a_number).alias("a_number"),
        )
    )


def record_is_empty(features: pl.DataFrame) -> pl.Series:
    """Records with nothing to compare but their id (left unlinked)."""
    compared = [c for c in features.columns if c != "unique_id"]
    empty = pl.all_horizontal([pl.col(c).is_null() for c in compared]).alias("empty")
    return features.select(empty).to_series()
