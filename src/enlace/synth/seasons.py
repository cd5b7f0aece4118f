"""When and where people are apprehended: Mexican apprehensions by sector and month.

Weight of (year, month, sector) = the sector's apprehensions that month × the share of Mexican
nationals among them:

- FY2000-FY2019: monthly apprehensions by sector (CBP, cleaned by jacobkap/borderpatrol) and
  the Mexican share of the sector's fiscal year (same source, "other than Mexican" table);
- FY2020 on: DHS OHSS monthly USBP encounters by sector (rounded to 10), and the Mexican
  share of the southwest border that month (DHS OHSS, Mexican encounters by region).

Years are calendar years; a year is covered when all its twelve months are in the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from enlace.synth.errors import SynthError, SynthErrorCode
from enlace.synth.tables import DATA_DIR, Weighted, read_csv

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
SECTOR_CODES = {
    "san diego": "SDC", "el centro": "ELC", "yuma": "YUM", "tucson": "TCA", "el paso": "EPT",
    "big bend": "BBT", "del rio": "DRT", "laredo": "LRT", "rio grande valley": "RGV",
}  # fmt: skip
JACOBKAP_LAST_FY = 2019

YearMonth = tuple[int, int]


def calendar_of(fiscal_year: int, month: int) -> YearMonth:
    """The calendar (year, month) of a fiscal-year month (October opens the fiscal year)."""
    return (fiscal_year - 1, month) if month >= 10 else (fiscal_year, month)


def fiscal_year_of(year: int, month: int) -> int:
    return year + 1 if month >= 10 else year


def _jacobkap() -> dict[tuple[YearMonth, str], float]:
    shares: dict[tuple[int, str], float] = {}
    for row in read_csv(DATA_DIR / "usbp_mexican_annual_2000_2019.csv"):
        code = SECTOR_CODES.get(row["sector"])
        if code:
            total = float(row["total_apprehensions"])
            shares[(int(row["fiscal_year"]), code)] = (
                float(row["mexican_apprehensions"]) / total if total else 0.0
            )
    counts: dict[tuple[YearMonth, str], float] = {}
    for row in read_csv(DATA_DIR / "usbp_monthly_2000_2019.csv"):
        code = SECTOR_CODES.get(row["sector"])
        if not code or row["month"] not in MONTHS:
            continue
        fy = int(row["fiscal_year"])
        when = calendar_of(fy, MONTHS.index(row["month"]) + 1)
        counts[(when, code)] = float(row["total_apprehensions"]) * shares[(fy, code)]
    return counts


def _dhs_month(cell: str) -> int:
    """'01 October' -> 10."""
    return MONTHS.index(cell.split(" ", 1)[1].lower()) + 1


def _dhs() -> dict[tuple[YearMonth, str], float]:
    mexican: dict[YearMonth, float] = {}
    for row in read_csv(DATA_DIR / "dhs_usbp_monthly_sw_mexico.csv"):
        mexican[calendar_of(int(row["fiscal_year"]), _dhs_month(row["month"]))] = float(
            row["quantity"]
        )
    by_sector: dict[tuple[YearMonth, str], float] = {}
    totals: dict[YearMonth, float] = defaultdict(float)
    for row in read_csv(DATA_DIR / "dhs_usbp_monthly_sw_sector.csv"):
        fy = int(row["fiscal_year"])
        code = SECTOR_CODES.get(row["sector"].split(",")[0].lower())
        if fy <= JACOBKAP_LAST_FY or not code:
            continue
        when = calendar_of(fy, _dhs_month(row["month"]))
        by_sector[(when, code)] = float(row["quantity"])
        totals[when] += float(row["quantity"])
    return {
        (when, code): count * min(1.0, mexican.get(when, 0.0) / totals[when])
        for (when, code), count in by_sector.items()
    }


@cache
def monthly_counts() -> dict[tuple[YearMonth, str], float]:
    """Mexican apprehensions by ((year, month), sector code), from both sources."""
    counts = _jacobkap()
    counts.update(_dhs())
    return counts


@cache
def covered_years() -> tuple[int, int]:
    """The first and last calendar year whose twelve months are all in the data."""
    months: dict[int, set[int]] = defaultdict(set)
    for (year, month), _ in monthly_counts():
        months[year].add(month)
    full = sorted(year for year, seen in months.items() if len(seen) == 12)
    return full[0], full[-1]


@dataclass(frozen=True)
class Season:
    """Draws (year, month) and, within a month, a sector, in proportion to apprehensions."""

    months: Weighted  # values "YYYY-MM"
    sectors: dict[str, Weighted]  # by "YYYY-MM"
    first_year: int
    last_year: int

    def month_key(self, year: int, month: int) -> str:
        return f"{year:04d}-{month:02d}"


def season_build(first_year: int, last_year: int) -> Season:
    """The sampler for the calendar years given; SynthError if the data do not cover them."""
    low, high = covered_years()
    if first_year < low or last_year > high:
        raise SynthError(
            SynthErrorCode.YEARS_UNCOVERED,
            first=first_year,
            last=last_year,
            low=low,
            high=high,
        )
    counts = monthly_counts()
    months: list[tuple[str, float]] = []
    sectors: dict[str, Weighted] = {}
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            key = f"{year:04d}-{month:02d}"
            pairs = [
                (code, counts.get(((year, month), code), 0.0)) for code in SECTOR_CODES.values()
            ]
            sectors[key] = Weighted.of(pairs)
            months.append((key, sum(w for _, w in pairs)))
    return Season(Weighted.of(months), sectors, first_year, last_year)
