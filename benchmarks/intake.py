"""Benchmark storing a submitted manifest: 100,000 rows through ``manifest_submit``.

Target (issue 4): 100,000 rows in under 10 seconds, with the bulk paths (COPY on
PostgreSQL). The run creates a throwaway database on the server ``DATABASE_URL`` names
(PostgreSQL; default ``postgres://postgres@127.0.0.1:5432/postgres``), migrates it, loads the
reference data and the agreements, builds one valid manifest of synthetic rows and times the
whole submission (read, validate, check, store in one transaction), then drops the database.

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
        from enlace.repatriation.intake import manifest_check, manifest_submit

        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        agreements_load()
        content = _manifest(args.rows, folder)
        started = time.perf_counter()
        checked = manifest_check(content=content)
        reading = time.perf_counter() - started
        path = "row by row" if checked.parsed is not None else "columns (fast path)"
        started = time.perf_counter()
        manifest = manifest_submit(actor=None, content=content, source_name="bench.csv").manifest
        seconds = time.perf_counter() - started
        connection.close()
        print(
            f"rows stored:   {manifest.record_count:,} in one manifest "
            f"({manifest.blocking_count:,} blocking findings)"
        )
        print(f"database:      {connection.vendor}")
        print(f"read + check:  {reading:.2f} s ({path}; timed apart, once more)")
        print(
            f"submission:    {seconds:.2f} s, {manifest.record_count / seconds:,.0f} rows/s "
            f"(read, check, store, commit; target {TARGET_SECONDS:.0f} s: "
            f"ratio {seconds / TARGET_SECONDS:.2f})"
        )
        print(f"  of which store + commit: about {seconds - reading:.2f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
