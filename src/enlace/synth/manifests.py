"""Daily manifests: rows are spooled by month of handover, then sorted into one file per
sending office and day (``manifests/<YYYY-MM-DD>_<office>.csv``), with ``violations.csv``.

A spool line holds the sort fields and the row's CSV text, separated by ``SEP``.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import IO

from enlace.repatriation.core.manifest import COLUMNS

SEP = "\x1f"
VIOLATION_COLUMNS = ("manifest_id", "record_id", "rule")
HEADER = ",".join(COLUMNS) + "\n"


def spool_line(day: str, office: str, key: str, record_id: str, rule: str, text: str) -> str:
    return SEP.join((day, office, key, record_id, rule, text))


def spool_path(folder: Path, month: str) -> Path:
    return folder / ".spool" / f"{month}.txt"


def manifest_id(office: str, day: str) -> str:
    return f"{office}-{day.replace('-', '')}"


def spool_entries(text: str) -> list[list[str]]:
    """The spooled rows in file order: day, office, handover instant, group, record id."""
    return sorted(line.split(SEP) for line in text.splitlines(keepends=True))


def month_write(folder: Path, month: str) -> tuple[int, int, str]:
    """Write one month's manifest files; return (files, rows, violations.csv lines)."""
    spool = spool_path(folder, month)
    entries = spool_entries(spool.read_text(encoding="utf-8"))
    spool.unlink()
    violations = io.StringIO()
    writer = csv.writer(violations, lineterminator="\n")
    files = 0
    current: tuple[str, str] | None = None
    handle: IO[str] | None = None
    try:
        for day, office, _key, record_id, rule, text in entries:
            if (day, office) != current:
                if handle:
                    handle.close()
                current = (day, office)
                path = folder / "manifests" / f"{day}_{office}.csv"
                handle = path.open("w", encoding="utf-8", newline="")
                handle.write(HEADER)
                files += 1
            if handle:
                handle.write(text)
            if rule:
                writer.writerow((manifest_id(office, day), record_id, rule))
    finally:
        if handle:
            handle.close()
    return files, len(entries), violations.getvalue()
