"""The border map drawn as SVG, with no library and no tile server (ADR 0017).

Natural Earth GeoJSON (``safety/data/geo``) is projected with an equirectangular projection
scaled by the cosine of the window's middle latitude (distortion under 2 % across the
border strip), decimated to ``STEP`` degrees and written as SVG path data.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
STATES_FILES = ("ne_10m_admin1_us_border_states.geojson", "ne_10m_admin1_mexico_states.geojson")
BORDER_FILE = "ne_10m_us_mexico_boundary_line.geojson"
STEP = 0.03  # degrees: points closer than this to the last kept one are dropped


@dataclass(frozen=True)
class Window:
    """The part of the earth the map shows, and the width of the drawing in SVG units."""

    lon_min: float = -118.0
    lon_max: float = -96.5
    lat_min: float = 25.0
    lat_max: float = 34.0
    width: float = 1000.0

    @property
    def scale(self) -> float:
        return self.width / ((self.lon_max - self.lon_min) * self._cos)

    @property
    def _cos(self) -> float:
        return math.cos(math.radians((self.lat_min + self.lat_max) / 2))

    @property
    def height(self) -> float:
        return round((self.lat_max - self.lat_min) * self.scale, 1)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        """SVG coordinates of a point (x east, y down)."""
        x = (lon - self.lon_min) * self._cos * self.scale
        y = (self.lat_max - lat) * self.scale
        return round(x, 1), round(y, 1)

    def holds(self, lon: float, lat: float) -> bool:
        return self.lon_min <= lon <= self.lon_max and self.lat_min <= lat <= self.lat_max


WINDOW = Window()


def _decimated(ring: Sequence[Sequence[float]]) -> list[Sequence[float]]:
    kept: list[Sequence[float]] = []
    for point in ring:
        if not kept or max(abs(point[0] - kept[-1][0]), abs(point[1] - kept[-1][1])) >= STEP:
            kept.append(point)
    if ring and kept[-1] is not ring[-1]:
        kept.append(ring[-1])
    return kept


def _lines(geometry: dict[str, Any]) -> Iterable[Sequence[Sequence[float]]]:
    kind, coordinates = geometry["type"], geometry["coordinates"]
    if kind == "LineString":
        yield coordinates
    elif kind in ("MultiLineString", "Polygon"):
        yield from coordinates
    elif kind == "MultiPolygon":
        for polygon in coordinates:
            yield from polygon


def path_data(geometry: dict[str, Any], *, closed: bool, window: Window = WINDOW) -> str:
    """SVG path data for a GeoJSON geometry (rings closed with Z when ``closed``)."""
    parts: list[str] = []
    for line in _lines(geometry):
        if not any(window.holds(lon, lat) for lon, lat, *_ in line) and closed:
            lons = [p[0] for p in line]
            lats = [p[1] for p in line]
            if (
                max(lons) < window.lon_min
                or min(lons) > window.lon_max
                or max(lats) < window.lat_min
                or min(lats) > window.lat_max
            ):
                continue
        points = [window.project(p[0], p[1]) for p in _decimated(line)]
        if len(points) < 2:
            continue
        head, *rest = points
        lines = "".join(f"L{x} {y}" for x, y in rest)
        parts.append(f"M{head[0]} {head[1]}{lines}" + ("Z" if closed else ""))
    return "".join(parts)


@dataclass(frozen=True)
class Shape:
    """A drawable feature: its names in both languages, its country and its path."""

    name_en: str
    name_es: str
    country: str
    d: str


@lru_cache(maxsize=1)
def states() -> tuple[Shape, ...]:
    """The US border states and the Mexican states that reach into the window."""
    shapes: list[Shape] = []
    for name in STATES_FILES:
        data = json.loads((GEO_DIR / name).read_text(encoding="utf-8"))
        for feature in data["features"]:
            props = feature["properties"]
            d = path_data(feature["geometry"], closed=True)
            if d:
                shapes.append(
                    Shape(props["name_en"] or "", props["name_es"] or "", props["adm0_a3"], d)
                )
    return tuple(shapes)


@lru_cache(maxsize=1)
def border() -> str:
    """The US–Mexico boundary line as SVG path data."""
    data = json.loads((GEO_DIR / BORDER_FILE).read_text(encoding="utf-8"))
    return "".join(path_data(f["geometry"], closed=False) for f in data["features"])
