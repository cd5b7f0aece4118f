"""Fixtures for the reference tests: a writable copy of the packaged CSV files."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from enlace.reference.services import DATA_DIR

Edit = Callable[[str, Callable[[list[list[str]]], None]], None]


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the packaged data folder that a test may spoil."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def edit(data_copy: Path) -> Edit:
    """``edit("ports.csv", change)``: change the rows (header first) of one copied file."""

    def apply(name: str, change: Callable[[list[list[str]]], None]) -> None:
        path = data_copy / name
        rows = read_rows(path)
        change(rows)
        write_rows(path, rows)

    return apply


def set_cell(line: int, column: str, value: str) -> Callable[[list[list[str]]], None]:
    """A change that puts ``value`` in ``column`` on ``line`` (the header is line 1)."""

    def change(rows: list[list[str]]) -> None:
        rows[line - 1][rows[0].index(column)] = value

    return change
