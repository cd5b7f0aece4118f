"""Benchmark the compliance engine against a plain per-row Python implementation.

Target (issue 4): one million manifest rows, read from CSV and checked, in under 5 seconds
on the project's 2-core machine, and at least 20 times the per-row baseline
(``benchmarks/compliance_baseline.py``). The rows are synthetic manifests from
``enlace synth`` (with planted violations), repeated under new manifest and record ids up to
the requested count and written to one CSV file. The 5-second target covers reading the CSV
and checking. The speed-up compares the checks alone, both sides on rows already in memory
(the baseline gets them as dicts); the ratio with the engine's CSV read counted is printed
too. The baseline runs on a slice of the same rows (``--baseline-rows``, default 100,000; it
takes minutes on all of them) and the benchmark asserts that both find exactly the same
findings there.

    .venv/bin/python benchmarks/compliance.py [--rows 1000000] [--baseline-rows 100000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.compliance_baseline import Baseline  # noqa: E402
from enlace.agreements.core.authored import snapshots_from_file  # noqa: E402
from enlace.repatriation.core.compliance import check_frame, read_csv_frame, rule_table  # noqa: E402
from enlace.synth import SynthConfig, synth_generate  # noqa: E402

TARGET_SECONDS = 5.0
TARGET_SPEEDUP = 20.0


def manifest_rows(folder: Path, rows: int, seed: int) -> Path:
    """Write ``rows`` synthetic manifest rows to one CSV file and return its path."""
    synth_generate(
        SynthConfig(
            persons=20_000, seed=seed, first_year=2003, last_year=2019, out=folder / "synth"
        )
    )
    files = [
        f
        for f in sorted((folder / "synth" / "manifests").glob("*.csv"))
        if f.name != "violations.csv"
    ]
    base = pl.concat([pl.read_csv(f, infer_schema=False) for f in files])
    copies = []
    for copy in range(-(-rows // base.height)):
        suffix = pl.lit(f"-{copy:03d}")
        copies.append(
            base.with_columns(pl.col("manifest_id") + suffix, pl.col("record_id") + suffix)
        )
    path = folder / "manifest-1m.csv"
    pl.concat(copies).head(rows).write_csv(path)
    return path


def _findings(frame: pl.DataFrame) -> list[tuple]:
    return sorted(
        (r["record_id"], r["rule"], r["agreement"], r["version"], r["clause"] or "")
        for r in frame.iter_rows(named=True)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2004)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="enlace-bench-"))
    try:
        path = manifest_rows(folder, args.rows, args.seed)
        snapshots = snapshots_from_file()
        table = rule_table(snapshots)
        started = time.perf_counter()
        frame = read_csv_frame(path)
        read_seconds = time.perf_counter() - started
        found = check_frame(frame, table)
        engine_seconds = time.perf_counter() - started
        check_seconds = engine_seconds - read_seconds

        sample = frame.head(args.baseline_rows)
        # The baseline reads the cells as text, as a plain implementation would.
        text = pl.read_csv(path, infer_schema=False, n_rows=args.baseline_rows)
        sample_rows = [{k: v or "" for k, v in row.items()} for row in text.iter_rows(named=True)]
        started = time.perf_counter()
        plain = Baseline(snapshots).check(sample_rows)
        baseline_seconds = time.perf_counter() - started
        engine_sample = _findings(check_frame(sample, table))
        if engine_sample != sorted(plain):
            raise SystemExit("engine and baseline findings differ")

        rate = frame.height / engine_seconds
        check_rate = frame.height / check_seconds
        baseline_rate = len(sample_rows) / baseline_seconds
        print(f"rows checked:            {frame.height:,} (read from CSV and checked)")
        print(
            f"findings:                {found.height:,} "
            f"({found.filter(pl.col('severity') == 'block').height:,} blocking)"
        )
        print(
            f"engine:                  {engine_seconds:.2f} s, {rate:,.0f} rows/s "
            f"(target {TARGET_SECONDS:.0f} s: ratio {engine_seconds / TARGET_SECONDS:.2f})"
        )
        print(
            f"per-row baseline:        {baseline_rate:,.0f} rows/s on {len(sample_rows):,} rows "
            f"({len(plain):,} findings, identical to the engine's on those rows)"
        )
        print(
            f"engine checks alone:     {check_seconds:.2f} s, {check_rate:,.0f} rows/s "
            "(rows in memory, like the baseline's)"
        )
        print(
            f"speed-up over baseline:  {check_rate / baseline_rate:.1f}x on the checks "
            f"(target {TARGET_SPEEDUP:.0f}x); {rate / baseline_rate:.1f}x counting the "
            "engine's CSV read"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
