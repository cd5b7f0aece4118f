"""Read and check the public border-safety files shipped in ``safety/data``.

Each file is parsed into plain dicts ready for the models; a cell that cannot be read is a
problem naming file, line and field. ``safety_data_load`` (services) refuses everything if
any file has a problem. Sectors are assigned from the longitude of the point (see
``SECTOR_BANDS``): an approximation of the sector boundaries, good for counting by sector,
not for deciding a case.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

PCOME_FILE = "pcome_humane_borders_deceased.csv"
IOM_FILE = "iom_missing_migrants_us_mexico.csv"
DEATHS_FILE = "usbp_southwest_border_deaths.csv"
PROFILE_FILE = "usbp_sector_profile.csv"
FILES = (PCOME_FILE, IOM_FILE, DEATHS_FILE, PROFILE_FILE)

# Western limit (longitude) of each southwest-border sector, west to east, as approximated
# from county lines: San Diego/Imperial (-116.1), California/Arizona (-114.72), Yuma/Pima
# (-113.33), Arizona/New Mexico (-109.05), Hudspeth/Culberson (-104.9), Terrell/Val Verde
# (-101.9), Maverick/Webb (-100.2), Zapata/Starr (-99.1). Points outside the border zone
# (BORDER_ZONE) get no sector.
SECTOR_BANDS: tuple[tuple[float, str], ...] = (
    (-116.1, "SDC"),
    (-114.72, "ELC"),
    (-113.33, "YUM"),
    (-109.05, "TCA"),
    (-104.9, "EPT"),
    (-101.9, "BBT"),
    (-100.2, "DRT"),
    (-99.1, "LRT"),
    (180.0, "RGV"),
)
BORDER_ZONE = {"lat_min": 25.0, "lat_max": 34.0, "lon_min": -118.0, "lon_max": -96.5}
# how the USBP files spell the sectors -> reference sector code
SECTOR_LABELS = {
    "san diego": "SDC",
    "el centro": "ELC",
    "yuma": "YUM",
    "tucson": "TCA",
    "el paso": "EPT",
    "big bend": "BBT",
    "marfa": "BBT",
    "del rio": "DRT",
    "laredo": "LRT",
    "rio grande valley": "RGV",
}


@dataclass(frozen=True)
class LoadProblem:
    """A cell (or a whole file, when ``line`` is None) that could not be read."""

    file: str
    line: int | None
    field: str | None
    code: str
    value: str = ""


def sector_for(latitude: Decimal | None, longitude: Decimal | None) -> str | None:
    """The sector code whose longitude band holds the point, if it is in the border zone."""
    if latitude is None or longitude is None:
        return None
    lat, lon = float(latitude), float(longitude)
    zone = BORDER_ZONE
    if not (
        zone["lat_min"] <= lat <= zone["lat_max"] and zone["lon_min"] <= lon <= zone["lon_max"]
    ):
        return None
    for limit, code in SECTOR_BANDS:
        if lon < limit:
            return code
    return None


_NOT_REPORTED = {"NA"}  # the USBP sector profile's "not reported"


@dataclass
class _Row:
    file: str
    line: int
    cells: dict[str, str]
    problems: list[LoadProblem] = field(default_factory=list)

    def text(self, column: str, max_length: int) -> str:
        return " ".join(self.cells.get(column, "").split())[:max_length]

    def parse(self, column: str, reader: Callable[[str], Any], *, required: bool = False) -> Any:
        raw = self.cells.get(column, "").strip()
        if raw in _NOT_REPORTED:
            raw = ""
        if not raw:
            if required:
                self.problems.append(LoadProblem(self.file, self.line, column, "required"))
            return None
        try:
            return reader(raw)
        except (ValueError, InvalidOperation):
            self.problems.append(LoadProblem(self.file, self.line, column, "unreadable", raw))
            return None


def _count(raw: str) -> int:
    value = Decimal(raw)
    if value < 0 or value != value.to_integral_value():
        raise ValueError(raw)
    return int(value)


def _us_date(raw: str) -> datetime.date:
    month, day, year = (int(part) for part in raw.split("/"))
    return datetime.date(year, month, day)


def _iso_date(raw: str) -> datetime.date:
    return datetime.date.fromisoformat(raw)


def _latitude(raw: str) -> Decimal:
    value = Decimal(raw).quantize(Decimal("0.000001"))
    if not -90 <= value <= 90:
        raise ValueError(raw)
    return value


def _longitude(raw: str) -> Decimal:
    value = Decimal(raw).quantize(Decimal("0.000001"))
    if not -180 <= value <= 180:
        raise ValueError(raw)
    return value


_POINT = re.compile(r"^POINT \((-?[0-9.]+) (-?[0-9.]+)\)$")


def _point(raw: str) -> tuple[Decimal, Decimal]:
    match = _POINT.match(raw)
    if not match:
        raise ValueError(raw)
    return _latitude(match.group(2)), _longitude(match.group(1))


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[_Row] | LoadProblem:
    name = path.name
    if not path.exists():
        return LoadProblem(name, None, None, "missing_file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return LoadProblem(name, None, None, "encoding")
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    for column in columns:
        if column not in header:
            return LoadProblem(name, 1, column, "missing_column")
    return (
        _Row(name, number, {k: v or "" for k, v in cells.items() if k is not None})
        for number, cells in enumerate(reader, start=2)
    )


_SEX = {"male": "M", "female": "F"}


def _pcome(row: _Row) -> dict[str, Any]:
    latitude = row.parse("Latitude", _latitude)
    longitude = row.parse("Longitude", _longitude)
    return {
        "kind": "remains",
        "source": "pcome",
        "source_record_id": row.text("ML Number", 40),
        "occurred_on": row.parse("Reporting Date", _us_date),
        "latitude": latitude,
        "longitude": longitude,
        "sector_id": sector_for(latitude, longitude),
        "corridor": row.text("Corridor", 60),
        "location": row.text("Location", 300),
        "county": row.text("County", 60).title(),
        "state": row.text("State", 60),
        "land_manager": row.text("Surface Management", 120),
        "cause": row.text("Cause of Death", 120),
        "cause_detail": row.text("OME Determined COD", 300),
        "dead": 1,
        "missing": 0,
        "survivors": 0,
        "sex": _SEX.get(row.text("Sex", 20).lower(), ""),
        "age": row.parse("Age", _count),
        "identified": row.text("Name", 20).lower() == "identified",
        "body_condition": row.text("Body Condition", 120),
        "post_mortem_interval": row.text("Post Mortem Interval", 60),
        "reliability": 5,
        "information_source": "Pima County Office of the Medical Examiner (PCOME)",
        "source_url": "https://humaneborders.info/",
    }


def _iom(row: _Row) -> dict[str, Any]:
    point = row.parse("Coordinates", _point)
    latitude, longitude = point if point else (None, None)
    dead = row.parse("Number of Dead", _count) or 0
    missing = row.parse("Minimum Estimated Number of Missing", _count) or 0
    return {
        "kind": "death" if dead else "missing",
        "source": "iom",
        "source_record_id": row.text("Main ID", 40),
        "occurred_on": row.parse("Incident Date", _iso_date),
        "latitude": latitude,
        "longitude": longitude,
        "sector_id": sector_for(latitude, longitude),
        "corridor": "",
        "location": row.text("Location of death", 300),
        "county": "",
        "state": "",
        "land_manager": "",
        "cause": row.text("Cause of Death", 120),
        "cause_detail": "",
        "dead": dead,
        "missing": missing,
        "survivors": row.parse("Number of Survivors", _count) or 0,
        "sex": "",
        "age": None,
        "identified": None,
        "body_condition": "",
        "post_mortem_interval": "",
        "reliability": row.parse("Source Quality", _count),
        "information_source": row.text("Information Source", 300),
        "source_url": row.text("URL", 500),
    }


def _official(series: str, *, with_rescues: bool) -> Callable[[_Row], dict[str, Any]]:
    """A reader of a USBP series row (sector, fiscal year, deaths and maybe rescues)."""

    def convert(row: _Row) -> dict[str, Any]:
        label = row.text("sector", 60).lower()
        return {
            "series": series,
            "sector_label": label,
            "sector_id": SECTOR_LABELS.get(label),
            "fiscal_year": row.parse("fiscal_year", _count, required=True),
            "deaths": row.parse("deaths", _count),
            "rescues": row.parse("rescues", _count) if with_rescues else None,
        }

    return convert


_READERS: dict[str, tuple[tuple[str, ...], str, Callable[[_Row], dict[str, Any]]]] = {
    PCOME_FILE: (("ML Number", "Reporting Date", "Latitude", "Longitude"), "ML Number", _pcome),
    IOM_FILE: (("Main ID", "Incident Date", "Coordinates", "Number of Dead"), "Main ID", _iom),
    DEATHS_FILE: (
        ("sector", "fiscal_year", "deaths"),
        "",
        _official("usbp-deaths", with_rescues=False),
    ),
    PROFILE_FILE: (
        ("sector", "fiscal_year", "rescues", "deaths"),
        "",
        _official("usbp-profile", with_rescues=True),
    ),
}


def read_safety_dir(data_dir: Path) -> tuple[dict[str, list[dict[str, Any]]], list[LoadProblem]]:
    """Read every file in ``data_dir``; return the parsed rows per file and all problems."""
    data: dict[str, list[dict[str, Any]]] = {}
    problems: list[LoadProblem] = []
    for name in FILES:
        columns, key_column, convert = _READERS[name]
        rows = _rows(data_dir / name, columns)
        if isinstance(rows, LoadProblem):
            problems.append(rows)
            continue
        parsed: list[dict[str, Any]] = []
        seen: dict[tuple[Any, ...], int] = {}
        for row in rows:
            record = convert(row)
            if key_column and not record["source_record_id"]:
                row.problems.append(LoadProblem(name, row.line, key_column, "required"))
            key = (
                (record["source_record_id"],)
                if key_column
                else (record["sector_label"], record["fiscal_year"])
            )
            if key in seen:
                row.problems.append(
                    LoadProblem(name, row.line, key_column or "sector", "duplicate", str(seen[key]))
                )
            seen[key] = row.line
            problems.extend(row.problems)
            parsed.append(record)
        data[name] = parsed
    return data, problems
