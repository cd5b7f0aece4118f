"""Benchmark the synthetic population generator against its target.

Target (issue 3): 1,000,000 records in under 60 seconds with peak memory under 2 GB on the
project's 2-core machine. The run writes a full output (persons, records, truth, manifests,
violations) for the years 2003-2005 into a temporary folder, then prints records per
second, peak memory (the sum of the resident sizes of the main process and its workers,
sampled every 50 ms) and the ratio of each figure to its target, measured in the same run.

    .venv/bin/python benchmarks/synth.py [--records 1000000] [--workers N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import tempfile
import threading
import time
from pathlib import Path

from enlace.synth import SynthConfig, synth_generate, synth_rows

TARGET_SECONDS = 60.0
TARGET_BYTES = 2 * 1024**3
PILOT_PERSONS = 5000


def _tree_rss(root: int) -> int:
    """Resident bytes of a process and its children (Linux /proc)."""
    total, pids = 0, [root]
    children = Path(f"/proc/{root}/task/{root}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/statm").read_text().split()
        except OSError:
            continue
        total += int(fields[1]) * os.sysconf("SC_PAGE_SIZE")
    return total


class PeakMemory(threading.Thread):
    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            time.sleep(0.05)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _persons_for(records: int, seed: int) -> tuple[int, float]:
    """Persons needed for ``records`` records, from a small pilot run with the same rates."""
    pilot = synth_rows(SynthConfig(persons=PILOT_PERSONS, seed=seed))
    per_person = len(pilot.records) / PILOT_PERSONS
    return math.ceil(records * 1.01 / per_person), per_person


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2003)
    parser.add_argument("--keep", type=Path, default=None, help="keep the output here")
    args = parser.parse_args()

    persons, per_person = _persons_for(args.records, args.seed)
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    scratch = Path(tempfile.mkdtemp(prefix="synth-bench-", dir=os.environ.get("TMPDIR")))
    out = args.keep or scratch / "out"
    sampler = PeakMemory()
    sampler.start()
    started = time.perf_counter()
    config = SynthConfig(persons=persons, seed=args.seed, out=out, workers=args.workers)
    summary = synth_generate(config)
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    load_after = os.getloadavg()[0]
    sampler.running = False
    sampler.join()
    shutil.rmtree(scratch, ignore_errors=True)

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    peak = max(sampler.peak, own)
    rate = summary.records / seconds
    print("synth benchmark (issue 3): 2003-2005, full output written")
    print(f"  persons              {summary.persons:>12,}  ({per_person:.2f} records each)")
    print(f"  records              {summary.records:>12,}")
    files = summary.manifest_files
    print(f"  manifest rows        {summary.manifest_rows:>12,}  in {files:,} files")
    print(f"  violations           {sum(summary.violations.values()):>12,}")
    print(f"  workers              {config.workers if config.workers is not None else 'auto':>12}")
    print(f"  seconds              {seconds:>12.1f}")
    print(f"  records per second   {rate:>12,.0f}")
    print(f"  CPU seconds, all     {cpu:>12.1f}  (this run's processes, user + system)")
    print(f"  load average         {load_before:>12.2f}  before, {load_after:.2f} after")
    print(f"  peak memory (tree)   {peak / 1024**2:>12,.0f} MiB")
    print(f"    main process       {own / 1024**2:>12,.0f} MiB (max RSS)")
    print(f"    largest worker     {largest_child / 1024**2:>12,.0f} MiB (max RSS)")
    print(f"  time / 60 s target   {seconds / TARGET_SECONDS:>12.2f}")
    print(f"  memory / 2 GB target {peak / TARGET_BYTES:>12.2f}")
    cores = len(os.sched_getaffinity(0))
    share = cpu / (cores * TARGET_SECONDS)
    print(
        f"  CPU / ({cores} cores x 60 s) {share:>10.2f}  (the run's own work, whatever else runs)"
    )
    if summary.records < args.records:
        print(f"  note: fewer records than asked ({summary.records:,} < {args.records:,})")


if __name__ == "__main__":
    main()
