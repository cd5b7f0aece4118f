"""Benchmark storing a submitted manifest: 100,000 rows through ``manifest_store``.

Target (issue 4): 100,000 rows in under 10 seconds, with the bulk paths (COPY on
PostgreSQL). The run creates a throwaway database on the server ``DATABASE_URL`` names
(PostgreSQL; default ``postgres://postgres@127.0.0.1:5432/postgres``), migrates it, loads the
reference data and the agreements, builds one valid manifest of synthetic rows, and times
reading and checking it, storing it (one transaction, commit included: the target), and the
whole submission of a second manifest of the same rows; then drops the database.

    .venv/bin/python benchmarks/intake.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import psycopg

TARGET_SECONDS = 10.0


def _manifest(rows: int, folder: Path) -> bytes:
    from enlace.synth import SynthConfig, synth_generate

    synth_generate(SynthConfig(persons=rows, seed=5, out=folder / "synth"))
    files = [f for f in sorted((folder / "synth" / "manifests").glob("*.csv"))
             if f.name != "violations.csv"]  # fmt: skip
    frame = pl.concat([pl.read_csv(f, infer_schema=False) for f in files])
    copies = -(-rows // frame.height)
    frame = pl.concat(
        frame.with_columns(pl.col("record_id") + f"-{i}", pl.col("family_group_id") + f"-{i}")
        for i in range(copies)
    ).head(rows)
    frame = frame.with_columns(
        pl.lit("bench-manifest-1").alias("manifest_id"),
        pl.lit("usbp-tca").alias("sending_office"),
        pl.lit(None, dtype=pl.String).alias("curp"),
        pl.lit(None, dtype=pl.String).alias("a_number"),
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name = f"enlace_bench_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + f"/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings.dev")
    folder = Path(tempfile.mkdtemp(prefix="enlace-bench-"))
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from enlace.agreements.services import agreements_load
        from enlace.repatriation.intake import manifest_check, manifest_store, manifest_submit

        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        agreements_load()
        content = _manifest(args.rows, folder)
        started = time.perf_counter()
        checked = manifest_check(content=content)
        reading = time.perf_counter() - started
        path = "row by row" if checked.parsed is not None else "columns (fast path)"
        started = time.perf_counter()
        stored = manifest_store(actor=None, checked=checked, content=content).manifest
        storing = time.perf_counter() - started
        second = content.replace(b"bench-manifest-1", b"bench-manifest-2")
        started = time.perf_counter()
        manifest_submit(actor=None, content=second, source_name="bench.csv")
        seconds = time.perf_counter() - started
        connection.close()
        print(
            f"rows stored:   {stored.record_count:,} in one manifest "
            f"({stored.blocking_count:,} blocking findings), then the same rows again"
        )
        print(f"database:      {connection.vendor}")
        print(f"read + check:  {reading:.2f} s ({path})")
        print(
            f"store:         {storing:.2f} s, {stored.record_count / storing:,.0f} rows/s "
            f"(one transaction, commit included; target {TARGET_SECONDS:.0f} s: "
            f"ratio {storing / TARGET_SECONDS:.2f})"
        )
        print(
            f"submission:    {seconds:.2f} s (read, check and store a second manifest of the "
            f"same rows: the whole path; ratio to {TARGET_SECONDS:.0f} s: "
            f"{seconds / TARGET_SECONDS:.2f})"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
