"""Family units of a manifest frame, with what the planner needs to know about each.

A unit is the rows of one manifest sharing a ``family_group_id`` (a person alone is a unit
of one): they are handed over together, at one point and one time. For each unit: its
size, whether any member is vulnerable (the compliance engine's definition) or an
unaccompanied minor, when it is ready (the latest apprehension plus the processing time,
not before a PGR notice already sent), the earliest the receiving side can be told, where
it is held (apprehension point, else the sector's headquarters) and whether every member
consented to an interior flight. Pure Python (Polars, NumPy).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from .calendar import EPOCH, sector_places
from .defaults import PlanningDefaults

_TIMES = ("apprehended_at", "notice_sent_at", "pgr_notice_sent_at", "interior_consent_at")


def _flag(name: str) -> pl.Expr:
    return (pl.col(name).str.to_lowercase() == "true").fill_null(False)


def _minutes(name: str) -> pl.Expr:
    moment = pl.col(name).str.to_datetime(time_zone="UTC", time_unit="us", strict=False)
    return ((moment - pl.lit(EPOCH)).dt.total_minutes()).alias(f"{name}_min")


@dataclass
class Units:
    """One entry per unit, in order of first appearance; ``members`` are row positions."""

    keys: list[str]
    members: list[list[int]]
    size: np.ndarray
    vulnerable: np.ndarray
    minor: np.ndarray
    ready: np.ndarray  # epoch minutes
    notice_base: np.ndarray  # handover - lead must not be earlier (epoch minutes)
    lat: np.ndarray  # NaN: unknown
    lon: np.ndarray
    located_by: list[str]  # "apprehension", "sector", ""
    sector: list[str]
    interior: np.ndarray  # every member consented to an interior flight and may take one

    def __len__(self) -> int:
        return len(self.keys)

    def take(self, index: np.ndarray) -> Units:
        """The units at ``index``, in that order."""
        picked = index.tolist()
        return Units(
            keys=[self.keys[i] for i in picked],
            members=[self.members[i] for i in picked],
            size=self.size[index],
            vulnerable=self.vulnerable[index],
            minor=self.minor[index],
            ready=self.ready[index],
            notice_base=self.notice_base[index],
            lat=self.lat[index],
            lon=self.lon[index],
            located_by=[self.located_by[i] for i in picked],
            sector=[self.sector[i] for i in picked],
            interior=self.interior[index],
        )


def unit_keys(frame: pl.DataFrame) -> pl.Series:
    """The unit of each row: manifest id and family group, or the record itself."""
    family = pl.col("family_group_id").fill_null("")
    return frame.select(
        pl.when(family != "")
        .then(pl.col("manifest_id") + "\x1fG" + family)
        .otherwise(pl.col("manifest_id") + "\x1fR" + pl.col("record_id"))
        .alias("unit")
    )["unit"]


def _prepared(frame: pl.DataFrame, defaults: PlanningDefaults) -> pl.DataFrame:
    ill = pl.col("medical_condition").is_in(["stable", "serious"]).fill_null(False)
    vulnerable = _flag("unaccompanied_minor") | _flag("pregnant") | _flag("disability") | ill
    interior = (
        _flag("interior_repatriation")
        & pl.col("interior_consent_at").is_not_null()
        & (pl.col("nationality") == "MEX")
        & ~_flag("unaccompanied_minor")
        & (pl.col("medical_condition") != "serious").fill_null(True)
    )
    places = sector_places()
    sector = pl.col("apprehension_sector").fill_null("")
    return frame.with_columns(
        unit_keys(frame),
        pl.int_range(pl.len()).alias("row"),
        vulnerable.alias("vulnerable"),
        _flag("unaccompanied_minor").alias("minor"),
        interior.alias("interior"),
        pl.col("apprehension_lat").cast(pl.Float64, strict=False).alias("lat"),
        pl.col("apprehension_lon").cast(pl.Float64, strict=False).alias("lon"),
        sector.replace_strict(
            {k: v[0] for k, v in places.items()}, default=None, return_dtype=pl.Float64
        ).alias("sector_lat"),
        sector.replace_strict(
            {k: v[1] for k, v in places.items()}, default=None, return_dtype=pl.Float64
        ).alias("sector_lon"),
        sector.alias("sector"),
        *[_minutes(name) for name in _TIMES],
    )


def units_build(
    frame: pl.DataFrame, defaults: PlanningDefaults, *, not_before: int | None = None
) -> Units:
    """The units of ``frame`` (manifest text columns; empty cells null)."""
    prepared = _prepared(frame, defaults)
    processing = int(defaults.processing_hours * 60)
    grouped = (
        prepared.group_by("unit", maintain_order=True)
        .agg(
            pl.col("row"),
            pl.len().alias("size"),
            pl.col("vulnerable").any(),
            pl.col("minor").any(),
            pl.col("interior").all(),
            pl.col("apprehended_at_min").max().alias("apprehended"),
            pl.col("pgr_notice_sent_at_min").max().alias("pgr"),
            pl.col("notice_sent_at_min").max().alias("notice"),
            pl.col("lat").drop_nulls().first(),
            pl.col("lon").drop_nulls().first(),
            pl.col("sector_lat").drop_nulls().first(),
            pl.col("sector_lon").drop_nulls().first(),
            pl.col("sector").first(),
        )
        .with_columns(
            pl.max_horizontal(
                pl.col("apprehended") + processing, pl.col("pgr"), pl.lit(not_before)
            ).alias("ready"),
            pl.max_horizontal(
                pl.col("notice").fill_null(pl.col("apprehended")), pl.lit(not_before)
            ).alias("notice_base"),
            pl.col("lat").is_not_null().alias("by_point"),
            pl.col("lat").fill_null(pl.col("sector_lat")),
            pl.col("lon").fill_null(pl.col("sector_lon")),
        )
    )
    located = [
        "apprehension" if point else ("sector" if lat is not None else "")
        for point, lat in zip(grouped["by_point"], grouped["lat"], strict=True)
    ]
    return Units(
        keys=grouped["unit"].to_list(),
        members=grouped["row"].to_list(),
        size=grouped["size"].to_numpy().astype(np.int64),
        vulnerable=grouped["vulnerable"].to_numpy(),
        minor=grouped["minor"].to_numpy(),
        ready=grouped["ready"].to_numpy().astype(np.int64),
        notice_base=grouped["notice_base"].to_numpy().astype(np.int64),
        lat=grouped["lat"].fill_null(float("nan")).to_numpy(),
        lon=grouped["lon"].fill_null(float("nan")).to_numpy(),
        located_by=located,
        sector=grouped["sector"].to_list(),
        interior=grouped["interior"].to_numpy(),
    )
