"""Run every rule over a frame of manifest rows and collect the findings.

Speed matters (a million rows in seconds), so the preparation avoids strings where it can:
timestamps in the canonical form are parsed by position, the rule table is joined on one
integer key (port, weekday, local day), and family unity is computed on family rows only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from ..manifest import ManifestRow
from .registry import RULES, RuleId, Severity
from .table import RuleTable, segment_key

BOOLEANS = (
    "unaccompanied_minor", "pregnant", "medical_clearance", "disability",
    "consular_notification_requested", "criminal_record", "interior_repatriation",
)  # fmt: skip
# Timestamps the rules compare; the others are only checked for presence.
PARSED = ("apprehended_at", "pgr_notice_sent_at", "tvpra_screened_at", "notice_sent_at",
          "handover_at")  # fmt: skip
PRESENT = ("consular_notification_offered_at", "consulate_notified_at", "interior_consent_at")
ENGINE_COLUMNS = (
    "manifest_id", "record_id", "sex", "date_of_birth", "nationality", "state_of_origin",
    "family_group_id", "relationship", "medical_condition", "belongings_status",
    "receiving_official", "handover_port", *BOOLEANS, *PARSED, *PRESENT,
)  # fmt: skip
_CANONICAL_LENGTH = len("2004-07-12T09:30-07:00")
_EPOCH = date(1900, 1, 1)


@dataclass(frozen=True)
class Finding:
    record_id: str
    rule: RuleId
    severity: Severity
    agreement: str
    version: str
    clause: str
    params: dict[str, Any] = field(default_factory=dict)


def _utc_name(column: str) -> str:
    return column.removesuffix("_at") + "_utc"


def _parse_canonical(name: str) -> pl.Expr:
    """``YYYY-MM-DDTHH:MM±HH:MM`` (what enlace writes) parsed by position, to UTC."""
    text = pl.col(name)
    local = text.str.slice(0, 16).str.strptime(pl.Datetime("us"), "%Y-%m-%dT%H:%M")
    sign = pl.when(text.str.slice(16, 1) == "-").then(-1).otherwise(1)
    hours = text.str.slice(17, 2).cast(pl.Int64)
    minutes = text.str.slice(20, 2).cast(pl.Int64)
    offset = pl.duration(minutes=sign * (hours * 60 + minutes))
    return (local - offset).dt.replace_time_zone("UTC")


def _timestamps(frame: pl.DataFrame) -> list[pl.Expr]:
    """One UTC column per compared timestamp; any other ISO form falls back to strptime."""
    lengths = frame.select(
        [(pl.col(c).str.len_bytes() == _CANONICAL_LENGTH).or_(pl.col(c).is_null()).all()
         for c in PARSED]
    ).row(0)  # fmt: skip
    return [
        (_parse_canonical(c) if canonical
         else pl.col(c).str.to_datetime(time_zone="UTC", time_unit="us")).alias(_utc_name(c))
        for c, canonical in zip(PARSED, lengths, strict=True)
    ]  # fmt: skip


def _boolean(frame: pl.DataFrame, name: str) -> pl.Expr:
    column = pl.col(name)
    if frame.schema[name] != pl.Boolean:
        column = column.str.to_lowercase() == "true"
    return column.fill_null(False)


def _nulls_for_empty(frame: pl.DataFrame) -> pl.DataFrame:
    """Empty text cells are missing values (the CSV reader already says so; frames built
    by hand may carry ``""``). Only columns that hold an empty string are rewritten."""
    text = [c for c, dtype in frame.schema.items() if dtype == pl.String]
    has_empty = frame.select([(pl.col(c) == "").any() for c in text]).row(0)
    return frame.with_columns(
        [pl.col(c).replace("", None) for c, empty in zip(text, has_empty, strict=True) if empty]
    )


def _typed(frame: pl.DataFrame) -> pl.DataFrame:
    """Booleans and UTC datetimes (timestamps carry their own offsets)."""
    frame = _nulls_for_empty(frame)
    return frame.with_columns(
        *[_boolean(frame, c) for c in BOOLEANS],
        *_timestamps(frame),
        *[pl.col(c).alias(_utc_name(c)) for c in PRESENT],
    )


def _localized(frame: pl.DataFrame, table: RuleTable) -> pl.DataFrame:
    """Add the port index, the moment's local time at the port and the segment key.

    The time zone conversion runs per zone on a narrow frame, then is put back in row
    order, so the wide frame is never reordered."""
    port_index = pl.col("handover_port").replace_strict(
        table.ports, default=0, return_dtype=pl.Int64
    )
    moment = pl.col("handover_utc").fill_null(pl.col("apprehended_utc"))
    frame = frame.with_columns(port_index.alias("port_index"), moment.alias("moment"))
    narrow = frame.select(
        "row_order",
        "moment",
        pl.col("port_index").replace_strict(table.zone_of, default="UTC").alias("zone"),
    )
    parts = [
        part.select(
            "row_order",
            pl.col("moment")
            .dt.convert_time_zone(str(zone))
            .dt.replace_time_zone(None)
            .alias("local"),
        )
        for (zone,), part in narrow.group_by("zone")
    ]
    local = pl.concat(parts).sort("row_order")["local"]
    return frame.with_columns(local.alias("local")).with_columns(
        (pl.col("local").dt.hour().cast(pl.Int32) * 60 + pl.col("local").dt.minute()).alias(
            "local_minute"
        ),
        segment_key(
            pl.col("port_index"),
            pl.col("local").dt.weekday().cast(pl.Int64),
            (pl.col("local").dt.date() - pl.lit(_EPOCH)).dt.total_days(),
        ).alias("segment_key"),
    )


def _parameters(frame: pl.DataFrame, table: RuleTable) -> pl.DataFrame:
    """The rule table's row in force for each row (an as-of match on the segment key,
    done on a narrow frame), gathered in row order."""
    matched = (
        frame.select("row_order", "segment_key")
        .sort("segment_key")
        .join_asof(
            table.frame.select("segment_key", "segment_id"),
            on="segment_key",
            strategy="backward",
            check_sortedness=False,
        )
        .sort("row_order")
    )
    return table.frame.drop("segment_key")[matched["segment_id"]]


def _family_split(frame: pl.DataFrame) -> pl.Expr:
    """An expression: the row is a family member handed over apart from the family's main
    (port, time): the slot with most members, then the one with the head, then the first."""
    keys = ["manifest_id", "family_group_id"]
    slot = pl.col("handover_utc").dt.epoch("s") * 1000 + pl.col("port_index")
    families = frame.filter(
        pl.col("family_group_id").is_not_null()
        & pl.col("handover_port").is_not_null()
        & pl.col("handover_utc").is_not_null()
    ).select([*keys, "row_order", slot.alias("slot"), (pl.col("relationship") == "head")
              .fill_null(False).alias("head")])  # fmt: skip
    main = (
        families.group_by([*keys, "slot"])
        .agg(pl.len().alias("members"), pl.col("head").any(), pl.col("row_order").min())
        .sort(["members", "head", "row_order"], descending=[True, True, False])
        .group_by(keys, maintain_order=True)
        .first()
        .select([*keys, pl.col("slot").alias("main_slot")])
    )
    apart = families.join(main, on=keys).filter(pl.col("slot") != pl.col("main_slot"))
    return pl.col("row_order").is_in(apart["row_order"].implode())


def _vulnerable() -> pl.Expr:
    ill = pl.col("medical_condition").is_in(["stable", "serious"]).fill_null(False)
    return pl.col("unaccompanied_minor") | pl.col("pregnant") | pl.col("disability") | ill


def _now_column(now: datetime | None) -> pl.Expr:
    """The moment of the check (UTC), or null when the caller gives none."""
    moment = now.astimezone(UTC).replace(tzinfo=None) if now is not None else None
    return pl.lit(moment, dtype=pl.Datetime("us")).dt.replace_time_zone("UTC").alias("now_utc")


def prepare(frame: pl.DataFrame, table: RuleTable, now: datetime | None = None) -> pl.DataFrame:
    """Types, local times, the rule table's parameters and the family column, joined (and
    ``now_utc``, the moment of the check, null without one)."""
    if now is not None and now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    frame = frame.select(*ENGINE_COLUMNS).with_columns(
        pl.int_range(pl.len()).alias("row_order"), _now_column(now)
    )
    frame = _localized(_typed(frame), table)
    frame = frame.hstack(_parameters(frame, table))
    return frame.with_columns(
        _vulnerable().alias("vulnerable"), _family_split(frame).alias("family_split")
    )


_LOCAL_TEXT = pl.col("local").dt.strftime("%Y-%m-%d %H:%M").alias("local_text")
_PARAMS: dict[RuleId, list[pl.Expr]] = {
    RuleId.HOURS: [_LOCAL_TEXT, pl.col("adult_text")],
    RuleId.VULNERABLE_HOURS: [_LOCAL_TEXT, pl.col("vuln_text")],
    RuleId.ADVANCE_NOTICE: [pl.col("lead_minutes")],
    RuleId.PORT: [pl.col("handover_port")],
    RuleId.HANDOVER_PAST: [_LOCAL_TEXT],
}


def check_frame(
    frame: pl.DataFrame, table: RuleTable, *, now: datetime | None = None
) -> pl.DataFrame:
    """Every finding as a frame: record_id, rule, severity, agreement, version, clause, and
    the parameters of its message (``local_text``, ``adult_text``, ``vuln_text``…), in row
    order then rule order. ``now`` (aware) is the moment of the check: given, a handover
    already past is found (``HANDOVER_PAST``); without it that rule does not apply."""
    prepared = prepare(frame, table, now)
    parts = []
    for order, rule in enumerate(RULES.values()):
        cite = f"cite_{rule.id.value}"
        hits = prepared.filter(rule.violated().fill_null(False)).join(
            table.cites.select("segment_id", cite), on="segment_id"
        )
        parts.append(
            hits.filter(pl.col(cite).is_not_null())
            .select(
                pl.col("record_id"),
                pl.col("row_order"),
                pl.lit(order).alias("rule_order"),
                pl.lit(rule.id.value).alias("rule"),
                pl.lit(rule.severity.value).alias("severity"),
                pl.col(cite)
                .str.split_exact("|", 2)
                .struct.rename_fields(["agreement", "version", "clause"])
                .alias("cite"),
                pl.struct(_PARAMS.get(rule.id) or [pl.lit(None).alias("none")]).alias("params"),
            )
            .unnest("cite")
        )
    found = pl.concat(parts, how="diagonal_relaxed").sort(["row_order", "rule_order"])
    return found.drop("row_order", "rule_order")


def findings_from_frame(result: pl.DataFrame) -> list[Finding]:
    return [
        Finding(
            record_id=row["record_id"],
            rule=RuleId(row["rule"]),
            severity=Severity(row["severity"]),
            agreement=row["agreement"],
            version=row["version"],
            clause=row["clause"] or "",
            params={k: v for k, v in (row["params"] or {}).items() if v is not None},
        )
        for row in result.iter_rows(named=True)
    ]


def frame_from_rows(rows: Iterable[ManifestRow]) -> pl.DataFrame:
    """A frame of the rows' cells as received (the intake path); empty cells are null."""
    columns = {name: [row.raw.get(name) or None for row in rows] for name in ENGINE_COLUMNS}
    return pl.DataFrame(columns, schema=dict.fromkeys(ENGINE_COLUMNS, pl.String))


def check_rows(
    rows: Sequence[ManifestRow], table: RuleTable, *, now: datetime | None = None
) -> list[Finding]:
    """The findings for parsed rows, in row order then rule order (``now``: as for
    ``check_frame``)."""
    if not rows:
        return []
    return findings_from_frame(check_frame(frame_from_rows(rows), table, now=now))


def read_csv_frame(path: Path | str) -> pl.DataFrame:
    """The columns the rules read from a manifest CSV (booleans typed by the reader)."""
    booleans = dict.fromkeys(BOOLEANS, pl.Boolean)
    return (
        pl.scan_csv(path, infer_schema=False, schema_overrides=booleans)
        .select(ENGINE_COLUMNS)
        .collect()
    )
