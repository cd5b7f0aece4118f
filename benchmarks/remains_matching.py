"""Remains matching (issue 15): families' reports against the real PCOME remains.

Remains are built from the real PCOME / Humane Borders records (sex, age, reporting date,
position, post-mortem interval class, body condition; names stay masked), with the fields
the records lack drawn from documented distributions; missing-person reports are written
from them under a noise model (``enlace.safety.core.noise``), and a share of the reports
describe persons whose remains were held out of the file (decoys: the right answer is no
candidate). Two noise models, ``moderate`` and ``harsh`` (another seed; more blanks, a
larger displacement of the place last seen, 5 % wrong sex), are run in one go.

For each, enlace's matching (``enlace.safety.core.matching``, the weights of ADR 0018 set
before any run and not fitted to this generator) and a baseline that ranks by distance and
dates alone are scored: top-1 and top-5 recall over the reports that have a match, the
candidates listed per report (enlace lists only scores above 0 — and, as a second operating
point, above ln N, N the number of remains: posterior odds of at least 1 under a uniform
prior over the remains; the baseline always lists ``--top``), the decoys given no
candidate, and the true pairs a hard exclusion removed.

    .venv/bin/python benchmarks/remains_matching.py [--reports 2000] [--decoys 0.3] [--top 5]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings.dev")

PCOME = ROOT / "src/enlace/safety/data/pcome_humane_borders_deceased.csv"
BASELINE_KM = 50.0  # baseline: 50 km count as much as 30 days of date mismatch
BASELINE_DAYS = 30.0
UNKNOWN_PENALTY = 10.0  # baseline: a distance or date not known counts as 500 km / 300 days


@dataclass(frozen=True)
class Scores:
    method: str
    top1: float
    top5: float
    per_matched: float
    per_decoy: float
    decoys_without: float
    excluded: float
    seconds: float


def _baseline(benchmark, top: int) -> dict[str, list[str]]:
    """Rank by distance and by how far the dates are from the post-mortem interval's middle."""
    remains = benchmark.remains
    lat = np.radians([r.found_lat for r in remains])
    lon = np.radians([r.found_lon for r in remains])
    found = np.array([r.found_date.toordinal() for r in remains], dtype=float)
    middle = np.array(
        [
            (r.pmi_min_days + r.pmi_max_days) / 2 if r.pmi_max_days is not None else math.nan
            for r in remains
        ]
    )
    ranked = {}
    for report in benchmark.missing:
        km_term = np.full(len(remains), UNKNOWN_PENALTY)
        if report.last_seen_lat is not None:
            phi = math.radians(report.last_seen_lat)
            dlam = np.radians(report.last_seen_lon) - lon
            h = np.sin((phi - lat) / 2) ** 2 + np.cos(lat) * math.cos(phi) * np.sin(dlam / 2) ** 2
            km_term = 2 * 6371 * np.arcsin(np.sqrt(h)) / BASELINE_KM
        date_term = np.full(len(remains), UNKNOWN_PENALTY)
        allowed = np.ones(len(remains), dtype=bool)
        if report.last_seen_date is not None:
            days = found - report.last_seen_date.toordinal()
            allowed = days >= 0
            gap = np.where(np.isnan(middle), days, np.abs(days - middle))
            date_term = gap / BASELINE_DAYS
        score = np.where(allowed, km_term + date_term, np.inf)
        order = np.argsort(score, kind="stable")[:top]
        ranked[report.report_id] = [remains[i].case_id for i in order if np.isfinite(score[i])]
    return ranked


def _enlace(benchmark, top: int, similarity) -> dict[str, list[tuple[str, float]]]:
    from enlace.safety.core.matching import candidates

    ranked: dict[str, list[tuple[str, float]]] = {r.report_id: [] for r in benchmark.missing}
    for candidate in candidates(
        benchmark.missing, benchmark.remains, top=top, name_similarity=similarity
    ):
        ranked[candidate.report_id].append((candidate.case_id, candidate.score))
    return ranked


def _above(ranked: dict[str, list[tuple[str, float]]], threshold: float) -> dict[str, list[str]]:
    return {r: [case for case, score in found if score > threshold] for r, found in ranked.items()}


def _excluded(benchmark) -> float:
    """The share of true pairs a hard exclusion removes (sex, dates, birth)."""
    from enlace.safety.core.matching import compare

    remains = {r.case_id: r for r in benchmark.remains}
    pairs = [(m, remains[benchmark.truth[m.report_id]]) for m in benchmark.missing
             if benchmark.truth[m.report_id]]  # fmt: skip
    return sum(bool(compare(m, r).exclusions) for m, r in pairs) / len(pairs)


def _score(method, ranked, benchmark, seconds, excluded) -> Scores:
    matched = [r for r, case in benchmark.truth.items() if case is not None]
    decoys = [r for r, case in benchmark.truth.items() if case is None]
    truth = benchmark.truth
    return Scores(
        method=method,
        top1=sum(ranked[r][:1] == [truth[r]] for r in matched) / len(matched),
        top5=sum(truth[r] in ranked[r][:5] for r in matched) / len(matched),
        per_matched=sum(len(ranked[r]) for r in matched) / len(matched),
        per_decoy=sum(len(ranked[r]) for r in decoys) / max(1, len(decoys)),
        decoys_without=sum(not ranked[r] for r in decoys) / max(1, len(decoys)),
        excluded=excluded,
        seconds=seconds,
    )


def run(noise, cases, args, similarity) -> list[Scores]:
    from enlace.safety.core.noise import benchmark_build

    benchmark = benchmark_build(cases, noise, reports=args.reports, decoy_share=args.decoys)
    matched = sum(case is not None for case in benchmark.truth.values())
    print(
        f"\n{noise.name} (seed {noise.seed}): {len(benchmark.remains)} remains, "
        f"{len(benchmark.missing)} reports ({matched} with a match, "
        f"{len(benchmark.missing) - matched} decoys); blank {noise.blank:.0%}, wrong sex "
        f"{noise.sex_error:.0%}, displacement mean {noise.displacement_km:.0f} km, "
        f"last-seen date error SD {noise.date_sd_days:.0f} d, height error SD "
        f"{noise.height_sd_cm:.0f} cm"
    )
    started = time.perf_counter()
    ranked = _enlace(benchmark, args.top, similarity)
    enlace_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = _baseline(benchmark, args.top)
    baseline_seconds = time.perf_counter() - started
    excluded = _excluded(benchmark)
    prior = math.log(len(benchmark.remains))
    return [
        _score("enlace (score > 0)", _above(ranked, 0.0), benchmark, enlace_seconds, excluded),
        _score(
            f"enlace (score > ln N = {prior:.1f})",
            _above(ranked, prior),
            benchmark,
            enlace_seconds,
            excluded,
        ),  # fmt: skip
        _score("baseline (distance + dates)", baseline, benchmark, baseline_seconds, math.nan),
    ]


def _print(rows: list[Scores]) -> None:
    print(
        f"  {'method':30} {'top-1':>6} {'top-5':>6} {'cand/match':>10} {'cand/decoy':>10} "
        f"{'decoys 0':>8} {'excluded':>8} {'time':>7}"
    )
    for s in rows:
        excluded = "" if math.isnan(s.excluded) else f"{s.excluded:.1%}"
        print(
            f"  {s.method:30} {s.top1:6.1%} {s.top5:6.1%} {s.per_matched:10.2f} "
            f"{s.per_decoy:10.2f} {s.decoys_without:8.1%} {excluded:>8} {s.seconds:6.1f}s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--decoys", type=float, default=0.3, help="share of reports with no match")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument(
        "--core-names",
        action="store_true",
        help="compare document names with the core's default, not the person search's",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from enlace.safety.core.matching import default_name_similarity
    from enlace.safety.core.noise import HARSH, MODERATE, pcome_read
    from enlace.safety.management.commands.remains import name_similarity

    cases = pcome_read(PCOME)
    print(f"PCOME records with a date and a position: {len(cases)} ({PCOME.name})")
    similarity = default_name_similarity if args.core_names else name_similarity
    for noise in (MODERATE, HARSH):
        _print(run(noise, cases, args, similarity))
    print(
        "\ncand/match, cand/decoy: candidates listed per report with / without a match; "
        "decoys 0: decoys given no candidate;\nexcluded: true pairs removed by a hard "
        "exclusion (their report's sex or last-seen date contradicts the remains)."
    )


if __name__ == "__main__":
    main()
