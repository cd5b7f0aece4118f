"""The same linkage on Spark (pyspark local mode, Java 17): the path past one machine."""

from __future__ import annotations

import logging

import polars as pl
import pytest

from enlace.identity.core.evaluate import scores_compute
from enlace.identity.core.pipeline import LinkOptions, linkage_run
from enlace.identity.core.records import features_build, records_read

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark_api(tmp_path_factory):
    pyspark = pytest.importorskip("pyspark.sql")
    from splink import SparkAPI
    from splink.internals.spark.jar_location import similarity_jar_location

    checkpoints = tmp_path_factory.mktemp("spark-checkpoints")
    spark = (
        pyspark.SparkSession.builder.master("local[2]")
        .appName("enlace-identity-test")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(str(checkpoints))
    spark.sparkContext.setLogLevel("ERROR")
    logging.getLogger("py4j").setLevel(logging.ERROR)  # no chatter at interpreter exit
    yield SparkAPI(spark_session=spark, num_partitions_on_repartition=4)
    spark.stop()


def test_spark_gives_the_duckdb_linkage(population, spark_api):
    records = records_read(population / "records.csv").head(900)
    truth = pl.read_csv(population / "truth.csv", infer_schema=False)
    features = features_build(records)
    options = LinkOptions(em_min_records=500, u_max_pairs=5e4, em_max_pairs=5e4)

    on_spark = linkage_run(features, options=options, db_api=spark_api).clusters
    on_duckdb = linkage_run(features, options=options).clusters

    assert on_spark.height == on_duckdb.height == records.height
    spark_scores = scores_compute(on_spark, truth)
    duckdb_scores = scores_compute(on_duckdb, truth)
    assert spark_scores.f1 >= 0.95
    assert abs(spark_scores.f1 - duckdb_scores.f1) < 0.02
