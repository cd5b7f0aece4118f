"""The compliance checks written the plain way: one row at a time, in Python.

It is the baseline ``benchmarks/compliance.py`` measures the engine against, and a second,
independent reading of the rules: the benchmark (and a test) assert that both find exactly
the same findings. It resolves the arrangements per row with ``enlace.agreements.core.rules``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from enlace.agreements.core.parameters import Minutes, OnDate, ParameterKind, Window
from enlace.agreements.core.rules import designation_for, in_force, parameter_for
from enlace.agreements.core.snapshots import AgreementKind, VersionSnapshot

Finding = tuple[str, str, str, str, str]  # record_id, rule, agreement, version, clause
BLOCK_RULES = (
    "PORT", "HOURS", "VULNERABLE_HOURS", "MINOR_RECEIVER", "TVPRA_SCREENING", "FAMILY_UNITY",
    "CONSULAR_NOTIFICATION", "ADVANCE_NOTICE", "CRIMINAL_NOTICE", "BELONGINGS", "MEDICAL",
    "INTERIOR_CONSENT",
)  # fmt: skip


def _ts(text: str) -> datetime | None:
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


class Baseline:
    def __init__(self, snapshots: Sequence[VersionSnapshot]) -> None:
        self.snapshots = list(snapshots)
        self.zones = {p.code: p.time_zone for s in snapshots for p in s.ports}
        self.versions = lru_cache(maxsize=None)(self._versions)

    def _versions(self, port: str, day: date) -> tuple[tuple[VersionSnapshot, ...], tuple]:
        if port:
            at = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(self.zones[port]))
            versions = in_force(self.snapshots, port_code=port, at=at)
        else:
            national = [
                s
                for s in self.snapshots
                if s.national and s.kind == AgreementKind.MOU and s.in_effect_on(day)
            ]
            versions = sorted(national, key=lambda s: s.effective_from)[-1:]
        programs = tuple(
            s for s in self.snapshots if s.kind == AgreementKind.PROGRAM and s.in_effect_on(day)
        )
        return tuple(versions), programs

    @staticmethod
    def _cite(versions: Sequence[VersionSnapshot], rule: str) -> tuple[str, str, str] | None:
        for version in reversed(versions):
            for clause in version.clauses:
                if rule in clause.rules:
                    return version.agreement, version.label, clause.number
        if not versions:
            return None
        return versions[-1].agreement, versions[-1].label, ""

    def _param(self, versions: Sequence[VersionSnapshot], kind: ParameterKind, port: str) -> Any:
        ref = parameter_for(list(versions), kind=kind, port_code=port or None)
        if ref is None:
            return None, None
        return ref.parameter.value, (
            ref.version.agreement,
            ref.version.label,
            ref.parameter.clause or "",
        )

    def check(self, rows: Sequence[dict[str, str]]) -> list[Finding]:
        split = _family_split(rows)
        findings: list[Finding] = []
        for index, row in enumerate(rows):
            findings.extend(self._row(row, index in split))
        return findings

    def _row(self, row: dict[str, str], family_split: bool) -> Iterable[Finding]:  # noqa: C901
        port = row["handover_port"] if row["handover_port"] in self.zones else ""
        handover, apprehended = _ts(row["handover_at"]), _ts(row["apprehended_at"])
        moment = handover or apprehended
        local = moment.astimezone(ZoneInfo(self.zones[port])) if port else moment
        versions, programs = self.versions(port, local.date())
        broken: dict[str, tuple[str, str, str] | None] = {}
        yes = row.__getitem__
        truth = {
            k: yes(k) == "true"
            for k in (
                "unaccompanied_minor",
                "pregnant",
                "disability",
                "medical_clearance",
                "consular_notification_requested",
                "criminal_record",
                "interior_repatriation",
            )
        }
        handed = bool(row["handover_port"] and handover)

        if port and row["handover_port"]:
            designation = designation_for(list(versions), port_code=port)
            if designation.listed is False:  # no point of the list matches: cite the principle
                broken["PORT"] = self._cite(versions, "PORT")
        minute = local.hour * 60 + local.minute
        window, cite = self._param(versions, ParameterKind.HANDOVER_WINDOW, port)
        if handed and isinstance(window, Window) and not _inside(window, local, minute):
            broken["HOURS"] = cite
        vulnerable = (
            truth["unaccompanied_minor"]
            or truth["pregnant"]
            or truth["disability"]
            or row["medical_condition"] in ("stable", "serious")
        )
        special, cite = self._param(versions, ParameterKind.VULNERABLE_WINDOW, port)
        if (
            handed
            and vulnerable
            and isinstance(special, Window)
            and not _inside(special, local, minute)
        ):
            broken["VULNERABLE_HOURS"] = cite
        if truth["unaccompanied_minor"] and not row["receiving_official"]:
            broken["MINOR_RECEIVER"] = self._param(versions, ParameterKind.MINOR_RECEIVERS, port)[1]
        tvpra, cite = self._param(versions, ParameterKind.TVPRA_FROM, port)
        if (
            truth["unaccompanied_minor"]
            and isinstance(tvpra, OnDate)
            and apprehended.date() >= tvpra.date
        ):
            screened = _ts(row["tvpra_screened_at"])
            if screened is None or screened - apprehended > timedelta(hours=48):
                broken["TVPRA_SCREENING"] = cite
        if family_split:
            broken["FAMILY_UNITY"] = self._cite(versions, "FAMILY_UNITY")
        offered = row["consular_notification_offered_at"]
        if not offered or (
            truth["consular_notification_requested"] and not row["consulate_notified_at"]
        ):
            broken["CONSULAR_NOTIFICATION"] = self._cite(versions, "CONSULAR_NOTIFICATION")
        lead, cite = self._param(versions, ParameterKind.ADVANCE_NOTICE, port)
        if handed and isinstance(lead, Minutes):
            notice = _ts(row["notice_sent_at"])
            if notice is None or handover - notice < timedelta(minutes=lead.minutes):
                broken["ADVANCE_NOTICE"] = cite
        if truth["criminal_record"]:
            pgr = _ts(row["pgr_notice_sent_at"])
            if pgr is None or (handover is not None and pgr > handover):
                broken["CRIMINAL_NOTICE"] = self._cite(versions, "CRIMINAL_NOTICE")
        if row["belongings_status"] in ("pending", ""):
            broken["BELONGINGS"] = self._cite(versions, "BELONGINGS")
        if row["medical_condition"] == "serious" and not truth["medical_clearance"]:
            broken["MEDICAL"] = self._cite(versions, "MEDICAL")
        if truth["interior_repatriation"] and (
            not row["interior_consent_at"] or row["nationality"] != "MEX"
        ):
            broken["INTERIOR_CONSENT"] = self._cite(programs, "INTERIOR_CONSENT") or self._cite(
                versions, "INTERIOR_CONSENT"
            )
        if not (row["sex"] and row["date_of_birth"] and row["state_of_origin"]):
            broken["STATS_COMPLETENESS"] = self._cite(versions, "STATS_COMPLETENESS")
        for rule, cite in broken.items():
            if cite is not None:
                yield (row["record_id"], rule, *cite)


def _inside(window: Window, local: datetime, minute: int) -> bool:
    weekday = local.weekday()
    return any(weekday in i.days and i.start <= minute < i.end for i in window.intervals)


def _family_split(rows: Sequence[dict[str, str]]) -> set[int]:
    """Indexes of members handed over apart from their family's main (port, time)."""
    groups: dict[tuple[str, str], list[int]] = {}
    for index, row in enumerate(rows):
        if row["family_group_id"] and row["handover_at"]:
            groups.setdefault((row["manifest_id"], row["family_group_id"]), []).append(index)
    split: set[int] = set()
    for members in groups.values():
        slots = {i: (rows[i]["handover_port"], _ts(rows[i]["handover_at"])) for i in members}
        counts = Counter(slots.values())
        heads = {slots[i] for i in members if rows[i]["relationship"] == "head"}
        first = {slot: min(i for i in members if slots[i] == slot) for slot in counts}
        main = sorted(counts, key=lambda s: (-counts[s], s not in heads, first[s]))[0]
        split |= {i for i in members if slots[i] != main}
    return split
