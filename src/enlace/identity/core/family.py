"""Which persons may be family: shared surnames, one encounter, one custody. Pure Polars.

Mexican naming makes kinship visible: children carry the father's first surname and the
mother's first surname, siblings share both, and a mother keeps her own. Two persons are
proposed as family when they share a surname (after normalization) **and** were
encountered together — in the same family group an agency recorded, or by the same office
on the same day — **and** were held by the same custody office (or neither was).
"""

from __future__ import annotations

import polars as pl

from enlace.people.core.names import surname_plain

ENCOUNTER_COLUMNS = (
    "person_id",
    "paternal_surname",
    "maternal_surname",
    "family_group_id",
    "office_id",
    "custody_office_id",
    "day",
)


def _surnames(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pat=pl.col("paternal_surname").map_elements(surname_plain, return_dtype=pl.String),
        mat=pl.col("maternal_surname").map_elements(surname_plain, return_dtype=pl.String),
    )


def _shared_surname() -> pl.Expr:
    def agree(left: str, right: str) -> pl.Expr:
        return (pl.col(left) != "") & (pl.col(left) == pl.col(right))

    return (
        agree("pat", "pat_r")
        | agree("pat", "mat_r")
        | agree("mat", "pat_r")
        | agree("mat", "mat_r")
    )


def family_pairs(encounters: pl.DataFrame) -> pl.DataFrame:
    """Pairs (person_a < person_b) with the reasons, from one row per encounter."""
    rows = _surnames(encounters.select(ENCOUNTER_COLUMNS))
    by_group = rows.filter(pl.col("family_group_id").is_not_null()).join(
        rows, on="family_group_id", suffix="_r"
    )
    by_day = rows.join(rows, on=["office_id", "day"], suffix="_r")
    together = pl.concat(
        [
            by_group.with_columns(reason=pl.lit("same_family_group")).select(_PAIR_COLUMNS),
            by_day.with_columns(reason=pl.lit("same_office_and_day")).select(_PAIR_COLUMNS),
        ]
    )
    custody = pl.col("custody_office_id").eq_missing(pl.col("custody_office_id_r"))
    kept = together.filter(
        (pl.col("person_id") < pl.col("person_id_r")) & _shared_surname() & custody
    )
    return (
        kept.group_by(
            pl.col("person_id").alias("person_a"), pl.col("person_id_r").alias("person_b")
        )
        .agg(pl.col("reason").unique().sort())
        .with_columns(
            reasons=pl.concat_list(pl.col("reason"), pl.lit(["shared_surname", "same_custody"]))
        )
        .select("person_a", "person_b", "reasons")
        .sort("person_a", "person_b")
    )


_PAIR_COLUMNS = [
    "person_id",
    "person_id_r",
    "pat",
    "mat",
    "pat_r",
    "mat_r",
    "custody_office_id",
    "custody_office_id_r",
    "reason",
]
