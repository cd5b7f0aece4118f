"""Draw the synthetic population's distributions beside the statistics they come from.

Writes ``docs/img/synth-*.png`` for ``docs/synthetic-data.md``:

- ``synth-sectors-by-month.png``: Border Patrol manifest rows by sector and month against
  the sector's Mexican apprehensions that month (both as shares of their total);
- ``synth-age-pyramid.png``: persons by age band and sex at their first encounter, and the
  FY2011 southwest-border shares (female, juveniles) the defaults were set from;
- ``synth-states.png``: state of origin, generated against the stated source weights.

    .venv/bin/python scripts/synth_figures.py [--persons 30000] [--seed 2003]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)

from enlace.synth import PopulationRates, SynthConfig, SynthRows, synth_rows  # noqa: E402
from enlace.synth.population import origin_weights  # noqa: E402
from enlace.synth.seasons import SECTOR_CODES, monthly_counts  # noqa: E402
from enlace.synth.tables import tables_load  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"
ERA_CODES = {"MAR": "BBT", "MCA": "RGV"}
REAL, MADE = "#1f4e79", "#d9822b"
BANDS = [(0, 4), (5, 9), (10, 14), (15, 17), (18, 24), (25, 29), (30, 34), (35, 39), (40, 44)]
BANDS += [(45, 49), (50, 54), (55, 59), (60, 79)]


def _months(first: int, last: int) -> list[tuple[int, int]]:
    return [(y, m) for y in range(first, last + 1) for m in range(1, 13)]


def sectors_by_month(rows: SynthRows, first: int, last: int) -> None:
    months = _months(first, last)
    counts = monthly_counts()
    real_total = sum(counts.get((ym, s), 0.0) for ym in months for s in SECTOR_CODES.values())
    made: Counter[tuple[tuple[int, int], str]] = Counter()
    for row in rows.manifest_rows:
        if row["apprehension_sector"]:
            when = (int(row["apprehended_at"][:4]), int(row["apprehended_at"][5:7]))
            made[(when, ERA_CODES.get(row["apprehension_sector"], row["apprehension_sector"]))] += 1
    made_total = sum(made.values())
    figure, axes = plt.subplots(3, 3, figsize=(12, 8.5), sharex=True)
    names = {code: name.title() for name, code in SECTOR_CODES.items()}
    x = list(range(len(months)))
    for axis, code in zip(axes.flat, SECTOR_CODES.values(), strict=True):
        real = [100 * counts.get((ym, code), 0.0) / real_total for ym in months]
        generated = [100 * made[(ym, code)] / made_total for ym in months]
        axis.plot(x, real, color=REAL, label="USBP statistics (Mexican apprehensions)")
        axis.plot(x, generated, color=MADE, label="generated manifest rows", alpha=0.85)
        axis.set_title(f"{names[code]} ({code})", fontsize=10)
        axis.set_xticks([i for i, (_, m) in enumerate(months) if m == 1])
        axis.set_xticklabels([str(y) for y, m in months if m == 1], fontsize=8)
        axis.tick_params(axis="y", labelsize=8)
    axes[0][0].legend(fontsize=8, loc="upper left")
    figure.supylabel("% of all apprehensions in the period")
    figure.suptitle(f"Apprehensions by Border Patrol sector and month, {first}-{last}")
    figure.tight_layout()
    figure.savefig(IMG / "synth-sectors-by-month.png", dpi=110)
    plt.close(figure)


def _band(age: int) -> int:
    return next(i for i, (low, high) in enumerate(BANDS) if low <= age <= high)


def _age_at_first(person: dict[str, str], first_seen: dict[str, date]) -> int:
    born, seen = date.fromisoformat(person["date_of_birth"]), first_seen[person["person_id"]]
    return seen.year - born.year - ((seen.month, seen.day) < (born.month, born.day))


def age_pyramid(rows: SynthRows) -> None:
    owner = {t["record_id"]: t["person_id"] for t in rows.truth}
    first_seen: dict[str, date] = {}
    for row in rows.manifest_rows:
        person, seen = owner[row["record_id"]], date.fromisoformat(row["apprehended_at"][:10])
        first_seen[person] = min(seen, first_seen.get(person, seen))
    pyramid: Counter[tuple[int, str]] = Counter()
    for person in rows.persons:
        pyramid[(_band(_age_at_first(person, first_seen)), person["sex"])] += 1
    total = len(rows.persons)
    figure, (left, right) = plt.subplots(1, 2, figsize=(12, 5.5), width_ratios=[3, 2])
    y = list(range(len(BANDS)))
    men = [-100 * pyramid[(i, "M")] / total for i in y]
    women = [100 * pyramid[(i, "F")] / total for i in y]
    left.barh(y, men, color=REAL, label="men")
    left.barh(y, women, color=MADE, label="women")
    left.set_yticks(y)
    left.set_yticklabels([f"{low}-{high}" for low, high in BANDS])
    left.set_xlabel("% of persons (men to the left)")
    left.set_title("Generated: age at first encounter, by sex")
    left.legend(fontsize=9)
    _shares(right, rows)
    figure.tight_layout()
    figure.savefig(IMG / "synth-age-pyramid.png", dpi=110)
    plt.close(figure)


def _shares(axis: plt.Axes, rows: SynthRows) -> None:
    rates, persons = PopulationRates(), rows.persons
    total = len(persons)
    flags = [p["vulnerability"].split("|") for p in persons]
    labels = ["female", "unaccompanied\nminors", "accompanied\nminors"]
    real = [rates.female_share, rates.unaccompanied_minor_share, rates.accompanied_minor_share]
    made = [
        sum(p["sex"] == "F" for p in persons) / total,
        sum("unaccompanied_minor" in f for f in flags) / total,
        sum("accompanied_minor" in f for f in flags) / total,
    ]
    x = list(range(len(labels)))
    axis.bar([i - 0.2 for i in x], [100 * v for v in real], 0.4, color=REAL, label="USBP FY2011")
    axis.bar([i + 0.2 for i in x], [100 * v for v in made], 0.4, color=MADE, label="generated")
    axis.set_xticks(x)
    axis.set_xticklabels(labels)
    axis.set_ylabel("% of apprehensions / persons")
    axis.set_title("Southwest border FY2011 sector profile vs generated")
    axis.legend(fontsize=9)


def states(rows: SynthRows) -> None:
    tables = tables_load()
    weights = origin_weights(tables)
    made = Counter(p["state_of_origin"] for p in rows.persons)
    total = sum(made.values())
    codes = sorted(weights.values, key=lambda c: -weights.share(c))
    figure, axis = plt.subplots(figsize=(12, 5))
    x = list(range(len(codes)))
    axis.bar(
        [i - 0.2 for i in x],
        [100 * weights.share(c) for c in codes],
        0.4,
        color=REAL,
        label="stated source",
    )
    axis.bar(
        [i + 0.2 for i in x],
        [100 * made[c] / total for c in codes],
        0.4,
        color=MADE,
        label="generated",
    )
    axis.set_xticks(x)
    axis.set_xticklabels(codes, rotation=90, fontsize=8)
    axis.set_ylabel("% of persons")
    axis.set_title(
        "State of origin (CURP codes): 2023 minors' origins for GR, CS, OC, VZ, MC; "
        "2020 census population for the rest"
    )
    axis.legend()
    figure.tight_layout()
    figure.savefig(IMG / "synth-states.png", dpi=110)
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=2003)
    parser.add_argument("--years", default="2003-2005")
    args = parser.parse_args()
    first, last = (int(y) for y in args.years.split("-"))
    rows = synth_rows(
        SynthConfig(persons=args.persons, seed=args.seed, first_year=first, last_year=last)
    )
    IMG.mkdir(parents=True, exist_ok=True)
    sectors_by_month(rows, first, last)
    age_pyramid(rows)
    states(rows)
    sys.stdout.write(f"wrote {IMG.relative_to(ROOT)}/synth-*.png from {args.persons:,} persons\n")


if __name__ == "__main__":
    main()
