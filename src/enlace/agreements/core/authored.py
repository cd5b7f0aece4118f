"""Compliance snapshots straight from ``instruments.json`` and the reference CSV files,
without a database: for fast tests and benchmarks. Pure Python.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from .instruments import (
    DATA_FILE,
    AuthoredAgreement,
    AuthoredDataError,
    AuthoredVersion,
    KnownCodes,
    read_instruments,
)
from .snapshots import ClauseSnapshot, ParameterSnapshot, PortInfo, VersionSnapshot

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "reference" / "data"


def known_codes_from_reference(reference_dir: Path = REFERENCE_DIR) -> KnownCodes:
    """The codes of the reference CSV files (as shipped, or in ``reference_dir``)."""

    def rows(name: str) -> list[dict[str, str]]:
        with (reference_dir / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    points = rows("reception_points.csv")
    return KnownCodes(
        ports={
            row["code"]: PortInfo(row["code"], row["time_zone"], row["sector"])
            for row in rows("ports.csv")
        },
        sectors={row["code"] for row in rows("sectors.csv")},
        reception_points={row["code"] for row in points},
        interior_points={row["code"] for row in points if row["interior"] == "true"},
        agencies={row["code"] for row in rows("agencies.csv")},
        offices={row["code"] for row in rows("offices.csv")},
    )


def version_snapshot(
    agreement: AuthoredAgreement, version: AuthoredVersion, ports: Mapping[str, PortInfo]
) -> VersionSnapshot:
    """The snapshot of one authored version; a national version covers every port."""
    codes = sorted(ports) if version.national else sorted(version.ports)
    return VersionSnapshot(
        agreement=agreement.code,
        kind=agreement.kind,
        status=agreement.status,
        ins_era=agreement.ins_era,
        label=version.label,
        effective_from=version.effective_from,
        effective_to=version.effective_to,
        national=version.national,
        ports=tuple(ports[code] for code in codes),
        sectors=frozenset(version.sectors),
        reception_points=frozenset(version.reception_points),
        clauses=tuple(
            ClauseSnapshot(c.number, c.summary_en, c.summary_es, c.source, c.confidence, c.rules)
            for c in version.clauses
        ),
        parameters=tuple(
            ParameterSnapshot(
                kind=p.kind,
                value=p.parsed,
                port=p.port,
                reception_point=p.reception_point,
                clause=p.clause,
                is_default=p.is_default,
                default_reason=p.default_reason,
                note_en=p.note_en,
                note_es=p.note_es,
            )
            for p in version.parameters
        ),
    )


def snapshots_from_file(
    path: Path = DATA_FILE, *, reference_dir: Path = REFERENCE_DIR
) -> list[VersionSnapshot]:
    """Every version of the file as a snapshot; raises ``AuthoredDataError`` if refused."""
    known = known_codes_from_reference(reference_dir)
    agreements, problems = read_instruments(path, known=known)
    if problems:
        raise AuthoredDataError(problems)
    return [
        version_snapshot(agreement, version, known.ports)
        for agreement in agreements
        for version in agreement.versions
    ]
