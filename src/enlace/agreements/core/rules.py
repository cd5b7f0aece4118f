"""Which arrangement versions are in force, and what their parameters say. Pure Python.

``in_force`` answers for a port and a moment: the national MOU in force (if any) and the
most specific local arrangement covering the port, national first. Dates are compared in
the port's local date (its IANA zone, US side); windows are local hours at the port.

The other helpers take that list (or one version) and resolve a parameter from the most
specific version that sets it, the port's own value before the version-wide one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from .parameters import MinorReceivers, ParameterKind, Receiver, Window
from .snapshots import (
    AgreementKind,
    ClauseSnapshot,
    ParameterSnapshot,
    PortInfo,
    VersionSnapshot,
)

# Local instruments, most binding first: a signed arrangement before non-binding guidelines.
_LOCAL_RANK = {AgreementKind.LOCAL_ARRANGEMENT: 0, AgreementKind.GUIDELINES: 1}


@dataclass(frozen=True)
class ParameterRef:
    """A parameter and the version that sets it: what a finding cites."""

    version: VersionSnapshot
    parameter: ParameterSnapshot

    @property
    def clause(self) -> ClauseSnapshot | None:
        return self.version.clause(self.parameter.clause)

    @property
    def citation(self) -> str:
        clause = self.parameter.clause
        return f"{self.version.citation}, {clause}" if clause else self.version.citation


@dataclass(frozen=True)
class WindowCheck:
    """Whether ``local`` is inside the general window and, for a vulnerable person, also
    inside the stricter one. ``vulnerable`` is None when no version sets a stricter window
    (then the general window alone applies)."""

    inside: bool
    local: datetime
    general: ParameterRef | None
    vulnerable: ParameterRef | None


@dataclass(frozen=True)
class ReceiverCheck:
    receiver: Receiver
    local: datetime
    rule: ParameterRef


@dataclass(frozen=True)
class DesignationCheck:
    """``listed`` is None when no version in force lists designated points."""

    listed: bool | None
    point: ParameterRef | None


def _aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")
    return at


def local_time(at: datetime, time_zone: str) -> datetime:
    """``at`` on the clock of ``time_zone``."""
    return _aware(at).astimezone(ZoneInfo(time_zone))


def port_info(snapshots: Iterable[VersionSnapshot], port_code: str) -> PortInfo | None:
    return next((s.port(port_code) for s in snapshots if s.port(port_code)), None)


def _local_key(version: VersionSnapshot) -> tuple[int, int, int, str]:
    return (
        _LOCAL_RANK[version.kind],
        len(version.ports),
        -version.effective_from.toordinal(),
        version.agreement,
    )


def in_force(
    snapshots: Sequence[VersionSnapshot], *, port_code: str, at: datetime
) -> list[VersionSnapshot]:
    """The national MOU in force at ``at`` (if any), then the most specific local
    arrangement covering the port (fewest ports, then the latest), in that order."""
    info = port_info(snapshots, port_code)
    if info is None:
        return []
    day = local_time(at, info.time_zone).date()
    national = [
        s for s in snapshots if s.national and s.kind == AgreementKind.MOU and s.in_effect_on(day)
    ]
    local = [
        s for s in snapshots if s.kind in _LOCAL_RANK and s.port(port_code) and s.in_effect_on(day)
    ]
    chosen = []
    if national:
        chosen.append(max(national, key=lambda s: (s.effective_from, s.agreement)))
    if local:
        chosen.append(min(local, key=_local_key))
    return chosen


def programs_in_force(
    snapshots: Sequence[VersionSnapshot], *, at: datetime, time_zone: str
) -> list[VersionSnapshot]:
    """Program versions (interior repatriation) in force on ``at``'s date in ``time_zone``."""
    day = local_time(at, time_zone).date()
    return [s for s in snapshots if s.kind == AgreementKind.PROGRAM and s.in_effect_on(day)]


def _as_list(versions: VersionSnapshot | Sequence[VersionSnapshot]) -> Sequence[VersionSnapshot]:
    return [versions] if isinstance(versions, VersionSnapshot) else versions


def parameter_for(
    versions: VersionSnapshot | Sequence[VersionSnapshot],
    *,
    kind: ParameterKind,
    port_code: str | None = None,
) -> ParameterRef | None:
    """``kind`` from the most specific version that sets it (the last of ``in_force``'s
    list first); within a version, the port's own value before the version-wide one."""
    for version in reversed(_as_list(versions)):
        parameter = version.parameter(kind, port_code)
        if parameter is not None:
            return ParameterRef(version, parameter)
    return None


def _zone(versions: Sequence[VersionSnapshot], port_code: str) -> str:
    info = port_info(versions, port_code)
    if info is None:
        raise ValueError(f"no version covers port {port_code}")
    return info.time_zone


def window_for(
    versions: VersionSnapshot | Sequence[VersionSnapshot],
    *,
    port_code: str,
    at: datetime,
    vulnerable: bool = False,
) -> WindowCheck | None:
    """Is ``at`` inside the agreed handover window at the port (local time)? For a
    vulnerable person it must be inside the general window *and* the stricter one.
    None when no version sets a window for the port."""
    versions = _as_list(versions)
    local = local_time(at, _zone(versions, port_code))
    general = parameter_for(versions, kind=ParameterKind.HANDOVER_WINDOW, port_code=port_code)
    special = None
    if vulnerable:
        special = parameter_for(versions, kind=ParameterKind.VULNERABLE_WINDOW, port_code=port_code)
    refs = [ref for ref in (general, special) if ref is not None]
    if not refs:
        return None
    inside = all(_window(ref).contains(local) for ref in refs)
    return WindowCheck(inside=inside, local=local, general=general, vulnerable=special)


def _window(ref: ParameterRef) -> Window:
    value = ref.parameter.value
    if not isinstance(value, Window):
        raise TypeError(f"{ref.citation}: {ref.parameter.kind} is not a window")
    return value


def minor_receiver_for(
    versions: VersionSnapshot | Sequence[VersionSnapshot], *, port_code: str, at: datetime
) -> ReceiverCheck | None:
    """Who receives an unaccompanied minor handed over at the port at ``at``."""
    versions = _as_list(versions)
    ref = parameter_for(versions, kind=ParameterKind.MINOR_RECEIVERS, port_code=port_code)
    if ref is None:
        return None
    value = ref.parameter.value
    if not isinstance(value, MinorReceivers):
        raise TypeError(f"{ref.citation}: not a minor-receivers rule")
    local = local_time(at, _zone(versions, port_code))
    return ReceiverCheck(receiver=value.receiver_at(local), local=local, rule=ref)


def designation_for(
    versions: VersionSnapshot | Sequence[VersionSnapshot], *, port_code: str
) -> DesignationCheck:
    """Is the port a designated repatriation point in the most specific version that lists
    designated points?"""
    for version in reversed(_as_list(versions)):
        points = version.parameters_of(ParameterKind.DESIGNATED_POINT)
        if points:
            match = next((p for p in points if p.port == port_code), None)
            ref = ParameterRef(version, match) if match else None
            return DesignationCheck(listed=match is not None, point=ref)
    return DesignationCheck(listed=None, point=None)
