"""Run the linkage: train the Splink model, score blocked pairs, cluster into persons.

The same code runs on DuckDB (the default, in-process) and on Spark (pass a ``SparkAPI``):
only the table registration differs. Records with nothing but an id are never scored:
each is a person of its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from splink import DuckDBAPI, Linker, block_on
from splink.internals.exceptions import SplinkException

from .model import settings_build, training_rules
from .records import record_is_empty

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.5
SEED = 2004


@dataclass(frozen=True)
class LinkOptions:
    """How hard to train and where to cut. The defaults suit 10^4-10^6 records."""

    threshold: float = DEFAULT_THRESHOLD
    pairs_threshold: float | None = None  # keep scored pairs at or above this probability
    u_max_pairs: float = 3e6
    em_max_pairs: float = 1e6
    u_min_records: int = 1_000
    em_min_records: int = 5_000
    seed: int = SEED


@dataclass
class LinkResult:
    clusters: pl.DataFrame  # record_id, person_id
    pairs: pl.DataFrame | None  # unique_id_l, unique_id_r, match_probability, mw_* …
    level_labels: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)


def _register(db_api: Any, features: pl.DataFrame) -> Any:
    if isinstance(db_api, DuckDBAPI):
        return db_api.register(features.to_arrow(), dataset_display_name="records")
    spark = db_api.spark
    frame = spark.createDataFrame(features.to_pandas())
    return db_api.register(frame, dataset_display_name="records")


def _train(linker: Linker, options: LinkOptions, *, with_a_number: bool, records: int) -> None:
    deterministic: list[Any] = [block_on("curp"), block_on("given_full", "pat", "dob")]
    if with_a_number:
        deterministic.append(block_on("a_number"))
    try:
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.8)
    except (ValueError, SplinkException):
        logger.warning("prior not estimated (too few exact matches)")
    settings = linker._settings_obj
    if not settings._probability_two_random_records_match > 0:
        # No exact match to count from: about one duplicate per record is the usual case.
        settings._probability_two_random_records_match = 1 / max(records, 2)
    if records < options.u_min_records:
        return  # too few random pairs to count from: the prior m and u values stand
    linker.training.estimate_u_using_random_sampling(
        max_pairs=options.u_max_pairs, seed=options.seed
    )
    if records < options.em_min_records:
        return  # too few pairs for expectation maximisation: the prior m values stand
    for rule in training_rules():
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, max_pairs=options.em_max_pairs, estimate_without_term_frequencies=True
            )
        except (ValueError, SplinkException):
            logger.warning("expectation maximisation failed on one rule; prior m values kept")


def level_labels(linker: Linker) -> dict[str, list[tuple[float, str]]]:
    """Comparison name → (match weight, words) of each level, the null level first."""
    labels: dict[str, list[tuple[float, str]]] = {}
    for comparison in linker._settings_obj.comparisons:
        labels[comparison.output_column_name] = [
            (
                0.0 if level.is_null_level else float(level._log2_bayes_factor),
                level.label_for_charts,
            )
            for level in comparison.comparison_levels
        ]
    return labels


def _singletons(ids: pl.Series) -> pl.DataFrame:
    return pl.DataFrame({"record_id": ids, "person_id": ids})


def linkage_run(
    features: pl.DataFrame, *, options: LinkOptions | None = None, db_api: Any = None
) -> LinkResult:
    """Link the records of ``features`` into persons (``person_id`` = a member record id)."""
    options = options or LinkOptions()
    empty = record_is_empty(features)
    scored = features.filter(~empty)
    if scored.height < 2:
        return LinkResult(_singletons(features["unique_id"]), None)
    db_api = db_api or DuckDBAPI()
    explain = options.pairs_threshold is not None
    with_a_number = scored["a_number"].null_count() < scored.height
    linker = Linker(
        _register(db_api, scored),
        settings_build(with_a_number=with_a_number, explain=explain),
        log_level=logging.ERROR,
    )
    _train(linker, options, with_a_number=with_a_number, records=scored.height)
    # Training may reset this flag on the shared settings; the pairs need the gamma columns.
    linker._settings_obj._retain_intermediate_calculation_columns = explain
    cut = min(options.threshold, options.pairs_threshold or options.threshold)
    predictions = linker.inference.predict(threshold_match_probability=cut, warning_mode="never")
    clustered = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=options.threshold
    )
    clusters = (
        pl.from_arrow(clustered.as_duckdbpyrelation().arrow())
        if isinstance(db_api, DuckDBAPI)
        else pl.from_pandas(clustered.as_pandas_dataframe())
    )
    assert isinstance(clusters, pl.DataFrame)  # noqa: S101 - from_arrow of a table
    clusters = clusters.select(
        pl.col("unique_id").alias("record_id"), pl.col("cluster_id").alias("person_id")
    )
    pairs = None
    if options.pairs_threshold is not None:
        pairs = _pairs_frame(predictions, db_api, options.pairs_threshold)
    rest = _singletons(features.filter(empty)["unique_id"])
    return LinkResult(
        pl.concat([clusters, rest]),
        pairs,
        level_labels(linker),
        linker.misc.save_model_to_json(),
    )


def _pairs_frame(predictions: Any, db_api: Any, threshold: float) -> pl.DataFrame:
    if isinstance(db_api, DuckDBAPI):
        relation = predictions.as_duckdbpyrelation()
        frame = pl.from_arrow(relation.arrow())
    else:
        frame = pl.from_pandas(predictions.as_pandas_dataframe())
    assert isinstance(frame, pl.DataFrame)  # noqa: S101
    weights = [c for c in frame.columns if c.startswith("mw_") and not c.startswith("mw_tf_")]
    return frame.filter(pl.col("match_probability") >= threshold).select(
        "unique_id_l", "unique_id_r", "match_probability", "match_weight", *weights
    )


def _level_text(column: str, levels: list[tuple[float, str]]) -> pl.Expr:
    """The words of the level whose match weight the pair got (Splink 5 keeps no gammas)."""
    expr: Any = pl.when(pl.col(column).is_null()).then(pl.lit(""))
    null_label = "missing on one side"
    for weight, text in levels:
        words = null_label if weight == 0.0 and text.endswith("is NULL") else text
        expr = expr.when((pl.col(column) - weight).abs() < 1e-9).then(pl.lit(words))
    return expr.otherwise(pl.lit(""))


def pairs_explain(pairs: pl.DataFrame, labels: dict[str, list[tuple[float, str]]]) -> pl.DataFrame:
    """Scored pairs with each comparison's level in words."""
    columns: list[pl.Expr] = [
        pl.col("unique_id_l").alias("record_id_l"),
        pl.col("unique_id_r").alias("record_id_r"),
        pl.col("match_probability").round(6),
        pl.col("match_weight").round(3),
    ]
    for name, levels in labels.items():
        if f"mw_{name}" in pairs.columns:
            columns.append(_level_text(f"mw_{name}", levels).alias(name))
    return pairs.select(columns).sort("match_probability", descending=True)
