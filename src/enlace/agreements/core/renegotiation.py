"""Which instruments signed with the former INS still need renegotiation with DHS. Pure.

An INS-era instrument is renegotiated when either
- it was itself revised after the INS was dissolved (a version effective on or after that
  date, signed on the DHS side by its successors), or
- the ports it covered are all covered by DHS-era local instruments (arrangements or
  guidelines not signed with the INS).
Otherwise it is still pending, whatever its recorded status says.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .snapshots import AgreementKind

LOCAL_KINDS = frozenset({AgreementKind.LOCAL_ARRANGEMENT, AgreementKind.GUIDELINES})


@dataclass(frozen=True)
class Coverage:
    """An instrument as this check needs it: the ports all its versions covered."""

    code: str
    kind: AgreementKind
    ins_era: bool
    national: bool
    ports: frozenset[str]
    version_starts: tuple[date, ...]


@dataclass(frozen=True)
class Renegotiation:
    code: str
    pending: bool
    revised_on: date | None
    covered_by: tuple[str, ...]
    uncovered_ports: tuple[str, ...]


def renegotiation_status(
    instruments: Iterable[Coverage], *, ins_dissolved_on: date | None
) -> dict[str, Renegotiation]:
    """For each INS-era instrument: whether it is still to renegotiate, and why not.

    ``ins_dissolved_on`` None (the INS is not in the reference data): only coverage counts.
    """
    instruments = list(instruments)
    dhs_local = [
        i for i in instruments if not i.ins_era and not i.national and i.kind in LOCAL_KINDS
    ]
    result = {}
    for instrument in instruments:
        if instrument.ins_era:
            result[instrument.code] = _status(instrument, dhs_local, ins_dissolved_on)
    return result


def _status(instrument: Coverage, dhs_local: list[Coverage], cutoff: date | None) -> Renegotiation:
    starts = instrument.version_starts
    revised = [start for start in starts if cutoff is not None and start >= cutoff]
    covering = tuple(sorted(other.code for other in dhs_local if other.ports & instrument.ports))
    covered_ports = frozenset().union(*(o.ports for o in dhs_local if o.code in covering))
    uncovered = instrument.ports - covered_ports
    pending = not revised and (not instrument.ports or bool(uncovered))
    return Renegotiation(
        code=instrument.code,
        pending=pending,
        revised_on=min(revised) if revised else None,
        covered_by=covering,
        uncovered_ports=tuple(sorted(uncovered)),
    )
