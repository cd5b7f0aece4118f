"""Plain, frozen snapshots of arrangement versions: what the compliance engine reads.

A snapshot is built once from the database (``selectors.arrangement_snapshots``) or straight
from ``instruments.json`` (``core.authored.snapshots_from_file``); both give equal values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from .parameters import Confidence, DefaultReason, ParameterKind, ParameterValue


class AgreementKind(StrEnum):
    MOU = "mou"
    LOCAL_ARRANGEMENT = "local_arrangement"
    GUIDELINES = "guidelines"
    PROGRAM = "program"


class AgreementStatus(StrEnum):
    IN_FORCE = "in_force"
    SUPERSEDED = "superseded"
    UNDER_RENEGOTIATION = "under_renegotiation"
    EXPIRED = "expired"


@dataclass(frozen=True)
class PortInfo:
    """A US port of entry as the rules need it: its code, IANA zone (US side) and sector."""

    code: str
    time_zone: str
    sector: str


@dataclass(frozen=True)
class ClauseSnapshot:
    number: str
    summary_en: str
    summary_es: str
    source: str
    confidence: Confidence
    rules: tuple[str, ...] = ()  # compliance rule ids this clause states


@dataclass(frozen=True)
class ParameterSnapshot:
    """One parameter value. ``port`` None: every port the version covers.

    ``is_default`` is true when the sources give no value (or only part of it); then
    ``default_reason`` says which, and the notes say what was assumed.
    """

    kind: ParameterKind
    value: ParameterValue
    port: str | None = None
    reception_point: str | None = None
    clause: str | None = None
    is_default: bool = False
    default_reason: DefaultReason | None = None
    note_en: str = ""
    note_es: str = ""


@dataclass(frozen=True)
class VersionSnapshot:
    """A version of an agreement: effective ``[effective_from, effective_to)`` in the local
    date of the port concerned. A national version covers every port."""

    agreement: str
    kind: AgreementKind
    status: AgreementStatus
    ins_era: bool
    label: str
    effective_from: date
    effective_to: date | None
    national: bool
    ports: tuple[PortInfo, ...] = field(repr=False)
    sectors: frozenset[str] = field(repr=False)
    reception_points: frozenset[str] = field(repr=False)
    clauses: tuple[ClauseSnapshot, ...] = field(repr=False)
    parameters: tuple[ParameterSnapshot, ...] = field(repr=False)

    @property
    def citation(self) -> str:
        return f"{self.agreement} ({self.label})"

    @cached_property
    def _ports(self) -> dict[str, PortInfo]:
        return {port.code: port for port in self.ports}

    def port(self, code: str) -> PortInfo | None:
        return self._ports.get(code)

    def in_effect_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)

    def clause(self, number: str | None) -> ClauseSnapshot | None:
        return next((c for c in self.clauses if number and c.number == number), None)

    def parameter(self, kind: ParameterKind, port_code: str | None) -> ParameterSnapshot | None:
        """The port's own value of ``kind`` if any, else the version-wide one."""
        wide = None
        for parameter in self.parameters:
            if parameter.kind != kind:
                continue
            if port_code is not None and parameter.port == port_code:
                return parameter
            if parameter.port is None and wide is None:
                wide = parameter
        return wide

    def parameters_of(self, kind: ParameterKind) -> list[ParameterSnapshot]:
        return [parameter for parameter in self.parameters if parameter.kind == kind]
