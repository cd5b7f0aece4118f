"""Score a clustering against the truth: pairwise and B-cubed measures. Pure Polars.

Pairwise: a pair of records is predicted when both are in one cluster and true when both
belong to one person; precision, recall and F1 over those pairs. B-cubed (Bagga and
Baldwin, 1998; Amigó et al., 2009): per record, the share of its cluster that is the same
person (precision) and the share of its person found in its cluster (recall), averaged over
records; unlike pairwise scores it is not dominated by the largest clusters. ``exact`` is
the share of true persons whose records form exactly one predicted cluster.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import polars as pl


@dataclass(frozen=True)
class Scores:
    records: int
    persons_true: int
    persons_found: int
    pairs_true: int
    pairs_found: int
    pairs_correct: int
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    exact_clusters: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pairs(frame: pl.DataFrame, keys: list[str]) -> int:
    sizes = frame.group_by(keys).len()["len"].cast(pl.Int64)
    return int((sizes * (sizes - 1) // 2).sum())


def _mean(values: pl.Series) -> float:
    mean = values.mean()
    return float(mean) if isinstance(mean, int | float) else 0.0


def _ratio(num: float, den: float) -> float:
    return num / den if den else 1.0


def _harmonic(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def scores_compute(clusters: pl.DataFrame, truth: pl.DataFrame) -> Scores:
    """Compare ``clusters`` (record_id, person_id) with ``truth`` (record_id, person_id)."""
    joined = clusters.select("record_id", pl.col("person_id").cast(pl.String).alias("found")).join(
        truth.select("record_id", pl.col("person_id").cast(pl.String).alias("true")),
        on="record_id",
    )
    found, true = _pairs(joined, ["found"]), _pairs(joined, ["true"])
    correct = _pairs(joined, ["found", "true"])
    precision, recall = _ratio(correct, found), _ratio(correct, true)
    sized = joined.with_columns(
        both=pl.len().over("found", "true"),
        found_size=pl.len().over("found"),
        true_size=pl.len().over("true"),
    )
    b_precision = _mean(sized["both"] / sized["found_size"])
    b_recall = _mean(sized["both"] / sized["true_size"])
    exact = sized.filter(
        (pl.col("both") == pl.col("found_size")) & (pl.col("both") == pl.col("true_size"))
    )["true"].n_unique()
    persons = joined["true"].n_unique()
    return Scores(
        records=joined.height,
        persons_true=persons,
        persons_found=joined["found"].n_unique(),
        pairs_true=true,
        pairs_found=found,
        pairs_correct=correct,
        precision=precision,
        recall=recall,
        f1=_harmonic(precision, recall),
        bcubed_precision=b_precision,
        bcubed_recall=b_recall,
        bcubed_f1=_harmonic(b_precision, b_recall),
        exact_clusters=_ratio(exact, persons),
    )
