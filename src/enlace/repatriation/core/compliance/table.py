"""The rule table: for each port, period and weekday, what the arrangements in force say.

Built once from the agreement snapshots (``enlace.agreements``) by asking ``in_force`` for
each period between effective dates, so the engine can join it to a million rows instead
of resolving arrangements row by row. Port ``""`` holds the national instruments, for rows
that have no handover port yet (unplanned).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from enlace.agreements.core.parameters import Minutes, OnDate, ParameterKind, Window, format_time
from enlace.agreements.core.rules import (
    ParameterRef,
    designation_for,
    in_force,
    parameter_for,
)
from enlace.agreements.core.snapshots import AgreementKind, VersionSnapshot

from .registry import RULES, RuleId

NATIONAL = ""
MAX_INTERVALS = 3
_PARAMETER_RULES = {
    RuleId.HOURS: ParameterKind.HANDOVER_WINDOW,
    RuleId.VULNERABLE_HOURS: ParameterKind.VULNERABLE_WINDOW,
    RuleId.ADVANCE_NOTICE: ParameterKind.ADVANCE_NOTICE,
    RuleId.TVPRA_SCREENING: ParameterKind.TVPRA_FROM,
    RuleId.MINOR_RECEIVER: ParameterKind.MINOR_RECEIVERS,
}


@dataclass(frozen=True)
class Citation:
    agreement: str
    version: str
    clause: str

    def packed(self) -> str:
        return f"{self.agreement}|{self.version}|{self.clause}"


@dataclass(frozen=True)
class RuleTable:
    """The joined-in parameters (a Polars frame keyed by ``segment_key``), the ports' index
    in that key (0 is the national row) and each index's IANA zone."""

    frame: pl.DataFrame
    cites: pl.DataFrame
    ports: dict[str, int]
    zone_of: dict[int, str]


_EPOCH = date(1900, 1, 1)


def segment_key(port_index: Any, weekday: Any, days: Any) -> Any:
    """One integer per (port, weekday 1-7, day since 1900): ordered so that an as-of join
    finds the period in force without leaving the port and weekday."""
    return (port_index * 8 + weekday) * 100_000 + days


def _cite_ref(ref: ParameterRef | None) -> Citation | None:
    if ref is None:
        return None
    return Citation(ref.version.agreement, ref.version.label, ref.parameter.clause or "")


def _cite_principle(versions: Sequence[VersionSnapshot], rule_id: RuleId) -> Citation | None:
    """The clause that states the rule, most specific version first; else the most specific
    version in force as a whole (its clauses do not name the rule)."""
    for version in reversed(versions):
        for clause in version.clauses:
            if rule_id in clause.rules:
                return Citation(version.agreement, version.label, clause.number)
    if not versions:
        return None
    return Citation(versions[-1].agreement, versions[-1].label, "")


def _intervals(ref: ParameterRef | None, weekday: int) -> list[tuple[int, int]]:
    if ref is None or not isinstance(ref.parameter.value, Window):
        return []
    spans = [(i.start, i.end) for i in ref.parameter.value.intervals if weekday in i.days]
    if len(spans) > MAX_INTERVALS:
        raise ValueError(f"{ref.citation}: more than {MAX_INTERVALS} intervals on one day")
    return sorted(spans)


def _window_columns(prefix: str, spans: list[tuple[int, int]]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for i in range(1, MAX_INTERVALS + 1):
        start, end = spans[i - 1] if i <= len(spans) else (None, None)
        columns[f"{prefix}_s{i}"], columns[f"{prefix}_e{i}"] = start, end
    columns[f"{prefix}_text"] = ", ".join(f"{format_time(s)}–{format_time(e)}" for s, e in spans)
    return columns


def _segment_rows(
    port: str, start: date, versions: Sequence[VersionSnapshot], programs: list[VersionSnapshot]
) -> list[dict[str, Any]]:
    refs = {
        rule_id: parameter_for(versions, kind=kind, port_code=port or None)
        for rule_id, kind in _PARAMETER_RULES.items()
    }
    designation = designation_for(versions, port_code=port) if port else None
    lead = refs[RuleId.ADVANCE_NOTICE]
    tvpra = refs[RuleId.TVPRA_SCREENING]
    common: dict[str, Any] = {
        "port": port,
        "seg_from": start,
        "designated": designation.listed if designation else None,
        "lead_minutes": lead.parameter.value.minutes
        if lead and isinstance(lead.parameter.value, Minutes)
        else None,
        "tvpra_from": tvpra.parameter.value.date
        if tvpra and isinstance(tvpra.parameter.value, OnDate)
        else None,
    }
    cites: dict[RuleId, Citation | None] = {
        rule_id: _cite_ref(ref) for rule_id, ref in refs.items()
    }
    # A handover already past breaks the notice the receiving side is owed.
    cites[RuleId.HANDOVER_PAST] = cites[RuleId.ADVANCE_NOTICE]
    if designation is not None and designation.point is not None:
        cites[RuleId.PORT] = _cite_ref(designation.point)
    # Interior flights are governed by the program in force (2004 pilot, its successors).
    cites[RuleId.INTERIOR_CONSENT] = _cite_principle(
        programs, RuleId.INTERIOR_CONSENT
    ) or _cite_principle(versions, RuleId.INTERIOR_CONSENT)
    for rule_id in RULES:
        cite = cites.get(rule_id) or _cite_principle(versions, rule_id)
        common[f"cite_{rule_id.value}"] = cite.packed() if cite else None
    rows = []
    for weekday in range(7):
        adult = _intervals(refs[RuleId.HOURS], weekday)
        vulnerable = _intervals(refs[RuleId.VULNERABLE_HOURS], weekday)
        rows.append(
            {
                **common,
                "weekday": weekday + 1,
                # A window that is closed all day on this weekday still applies.
                "has_window": refs[RuleId.HOURS] is not None,
                "has_vulnerable_window": refs[RuleId.VULNERABLE_HOURS] is not None,
                **_window_columns("adult", adult),
                **_window_columns("vuln", vulnerable),
            }
        )
    return rows


def _breakpoints(snapshots: Sequence[VersionSnapshot], port: str) -> list[date]:
    points = {date(1900, 1, 1)}
    for version in snapshots:
        if (
            version.national
            or version.kind == AgreementKind.PROGRAM
            or (port and version.port(port))
        ):
            points.add(version.effective_from)
            if version.effective_to:
                points.add(version.effective_to)
    return sorted(points)


def _national(snapshots: Sequence[VersionSnapshot], day: date) -> list[VersionSnapshot]:
    national = [
        s for s in snapshots if s.national and s.kind == AgreementKind.MOU and s.in_effect_on(day)
    ]
    return sorted(national, key=lambda s: s.effective_from)[-1:]


def rule_table(snapshots: Sequence[VersionSnapshot]) -> RuleTable:
    """Tabulate what the snapshots say for every port, period and weekday."""
    zones = {p.code: p.time_zone for s in snapshots for p in s.ports}
    ports = {code: index for index, code in enumerate(sorted(zones), start=1)}
    rows: list[dict[str, Any]] = []
    for port in [NATIONAL, *sorted(zones)]:
        for start in _breakpoints(snapshots, port):
            if port:
                noon = datetime.combine(start, time(12), ZoneInfo(zones[port]))
                versions = in_force(snapshots, port_code=port, at=noon)
            else:
                versions = _national(snapshots, start)
            programs = [
                s for s in snapshots if s.kind == AgreementKind.PROGRAM and s.in_effect_on(start)
            ]
            rows.extend(_segment_rows(port, start, versions, programs))
    frame = pl.DataFrame(rows, infer_schema_length=None)
    key = segment_key(
        pl.col("port").replace_strict(ports, default=0, return_dtype=pl.Int64),
        pl.col("weekday"),
        (pl.col("seg_from") - pl.lit(_EPOCH)).dt.total_days(),
    )
    frame = frame.with_columns(key.alias("segment_key")).sort("segment_key")
    frame = frame.with_columns(pl.int_range(pl.len()).alias("segment_id"))
    cite_columns = [c for c in frame.columns if c.startswith("cite_")]
    cites = frame.select("segment_id", *cite_columns)
    frame = frame.drop("port", "weekday", "seg_from", *cite_columns)
    zone_of = {0: "UTC"} | {index: zones[code] for code, index in ports.items()}
    return RuleTable(frame=frame, cites=cites, ports=ports, zone_of=zone_of)
