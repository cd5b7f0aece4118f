"""Reads of the agreements inventory. Agreements are not personal data: every signed-in role
may read them, and reads are not audited.

``arrangement_snapshots`` is the compliance engine's entry point: every version as a plain,
frozen snapshot, loaded in a fixed handful of queries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import translation

from enlace.core.models import AuditEvent
from enlace.reference.models import Agency, Office, Port, Sector
from enlace.reference.selectors import office_successor

from .core.parameters import (
    Confidence,
    DefaultReason,
    ParameterKind,
    ParameterValueError,
    parse_value,
)
from .core.renegotiation import Coverage, Renegotiation, renegotiation_status
from .core.snapshots import (
    AgreementKind,
    AgreementStatus,
    ClauseSnapshot,
    ParameterSnapshot,
    PortInfo,
    VersionSnapshot,
)
from .models import Agreement, AgreementParty, AgreementVersion, Clause, Parameter
from .presentation import value_lines

INS_CODE = "INS"
HISTORY_LIMIT = 200
AUDITED_TYPES = tuple(
    f"agreements.{name}"
    for name in ("agreement", "agreementparty", "agreementversion", "clause", "parameter")
)


# --- snapshots for the compliance engine ---------------------------------------------------


def arrangement_snapshots() -> list[VersionSnapshot]:
    """Every agreement version as a snapshot (seven queries, whatever the number of rows).

    Raises ``ValueError`` naming the parameter if a stored value does not fit its kind.
    """
    all_ports = {
        code: PortInfo(code, zone, sector)
        for code, zone, sector in Port.objects.values_list("code", "time_zone", "sector_id")
    }
    versions = (
        AgreementVersion.objects.select_related("agreement")
        .prefetch_related(
            Prefetch("ports", queryset=Port.objects.only("code")),
            "sectors",
            "reception_points",
            "clauses",
            Prefetch("parameters", queryset=Parameter.objects.select_related("clause")),
        )
        .order_by("agreement__code", "effective_from")
    )
    return [_snapshot(version, all_ports) for version in versions]


def _snapshot(version: AgreementVersion, all_ports: dict[str, PortInfo]) -> VersionSnapshot:
    agreement = version.agreement
    codes = sorted(all_ports) if version.national else sorted(p.pk for p in version.ports.all())
    return VersionSnapshot(
        agreement=agreement.code,
        kind=AgreementKind(agreement.kind),
        status=AgreementStatus(agreement.status),
        ins_era=agreement.ins_era,
        label=version.label,
        effective_from=version.effective_from,
        effective_to=version.effective_to,
        national=version.national,
        ports=tuple(all_ports[code] for code in codes),
        sectors=frozenset(s.pk for s in version.sectors.all()),
        reception_points=frozenset(r.pk for r in version.reception_points.all()),
        clauses=tuple(_clause_snapshot(c) for c in version.clauses.all()),
        parameters=tuple(_parameter_snapshot(version, p) for p in version.parameters.all()),
    )


def _clause_snapshot(clause: Clause) -> ClauseSnapshot:
    return ClauseSnapshot(
        clause.number,
        clause.summary_en,
        clause.summary_es,
        clause.source,
        Confidence(clause.confidence),
        clause.rule_ids,
    )


def _parameter_snapshot(version: AgreementVersion, parameter: Parameter) -> ParameterSnapshot:
    kind = ParameterKind(parameter.kind)
    try:
        value = parse_value(kind, parameter.value)
    except ParameterValueError as error:
        raise ValueError(f"{version}: parameter {parameter.pk} ({kind}) is invalid") from error
    return ParameterSnapshot(
        kind=kind,
        value=value,
        port=parameter.port_id,
        reception_point=parameter.reception_point_id,
        clause=parameter.clause.number if parameter.clause else None,
        is_default=parameter.is_default,
        default_reason=DefaultReason(parameter.default_reason)
        if parameter.default_reason
        else None,
        note_en=parameter.note_en,
        note_es=parameter.note_es,
    )


# --- renegotiation -------------------------------------------------------------------------


def renegotiation_map() -> dict[str, Renegotiation]:
    """For each INS-era agreement (by code): is it still to renegotiate, and why not.

    Four queries: the coverage check needs every agreement's ports, not only those shown.
    """
    ports: dict[int, set[str]] = defaultdict(set)
    through = AgreementVersion.ports.through.objects.values_list("agreementversion_id", "port_id")
    for version_id, port_id in through:
        ports[version_id].add(port_id)
    versions: dict[int, list[tuple[int, bool, date]]] = defaultdict(list)
    rows = AgreementVersion.objects.values_list("agreement_id", "pk", "national", "effective_from")
    for agreement_id, pk, national, start in rows:
        versions[agreement_id].append((pk, national, start))
    coverage = [
        Coverage(
            code=agreement.code,
            kind=AgreementKind(agreement.kind),
            ins_era=agreement.ins_era,
            national=any(national for _, national, _ in versions[agreement.pk]),
            ports=frozenset(code for pk, _, _ in versions[agreement.pk] for code in ports[pk]),
            version_starts=tuple(sorted(start for _, _, start in versions[agreement.pk])),
        )
        for agreement in Agreement.objects.only("code", "kind", "ins_era")
    ]
    dissolved = Agency.objects.filter(code=INS_CODE).values_list("dissolved_on", flat=True).first()
    return renegotiation_status(coverage, ins_dissolved_on=dissolved)


# --- the inventory list --------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementRow:
    agreement: Agreement
    first_from: date | None
    last_to: date | None
    open_ended: bool
    national: bool
    port_count: int
    agencies: list[str]
    renegotiation: Renegotiation | None


@dataclass(frozen=True)
class Filters:
    status: str = ""
    agency: str = ""
    port: str = ""
    pending_only: bool = False


def agreement_list(
    *, filters: Filters = Filters(), renegotiation: dict[str, Renegotiation] | None = None
) -> list[AgreementRow]:
    """The agreements matching ``filters``, oldest first, with their renegotiation state."""
    if renegotiation is None:
        renegotiation = renegotiation_map()
    agreements = _filtered(filters).prefetch_related(
        Prefetch("versions", queryset=AgreementVersion.objects.prefetch_related("ports")),
        Prefetch("parties", queryset=AgreementParty.objects.only("agreement_id", "agency_id")),
    )
    rows = [_row(agreement, renegotiation.get(agreement.code)) for agreement in agreements]
    if filters.pending_only:
        rows = [row for row in rows if row.renegotiation and row.renegotiation.pending]
    return sorted(rows, key=lambda r: (r.first_from or date.max, r.agreement.code))


@dataclass(frozen=True)
class InsEraRow:
    agreement: Agreement
    renegotiation: Renegotiation
    covered_by: list[Agreement]


@dataclass(frozen=True)
class Inventory:
    rows: list[AgreementRow]
    ins_era: list[InsEraRow]

    @property
    def pending(self) -> list[InsEraRow]:
        return [row for row in self.ins_era if row.renegotiation.pending]


def agreement_inventory(*, filters: Filters = Filters()) -> Inventory:
    """The filtered list, and every INS-era instrument with what renegotiated it (if any)."""
    renegotiation = renegotiation_map()
    covering = {code for r in renegotiation.values() for code in r.covered_by}
    related = {a.code: a for a in Agreement.objects.filter(code__in=covering | set(renegotiation))}
    ins_era = [
        InsEraRow(
            related[code],
            state,
            [related[c] for c in state.covered_by if c in related],
        )
        for code, state in sorted(renegotiation.items())
        if code in related
    ]
    return Inventory(agreement_list(filters=filters, renegotiation=renegotiation), ins_era)


def _filtered(filters: Filters) -> QuerySet[Agreement]:
    agreements = Agreement.objects.all()
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    if filters.agency:
        agreements = agreements.filter(parties__agency_id=filters.agency)
    if filters.port:
        agreements = agreements.filter(Q(versions__ports=filters.port) | Q(versions__national=True))
    if filters.pending_only:
        agreements = agreements.filter(ins_era=True)
    return agreements.distinct()


def _row(agreement: Agreement, renegotiation: Renegotiation | None) -> AgreementRow:
    versions = list(agreement.versions.all())
    ports = {port.pk for version in versions for port in version.ports.all()}
    return AgreementRow(
        agreement=agreement,
        first_from=min((v.effective_from for v in versions), default=None),
        last_to=max((v.effective_to for v in versions if v.effective_to), default=None),
        open_ended=any(v.effective_to is None for v in versions),
        national=any(v.national for v in versions),
        port_count=len(ports),
        agencies=sorted({party.agency_id for party in agreement.parties.all()}),
        renegotiation=renegotiation,
    )


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The agencies that are parties to some agreement (named in the active language), and
    the ports some version covers."""
    spanish = (translation.get_language() or "").lower().startswith("es")
    agency_codes = AgreementParty.objects.values_list("agency_id", flat=True)
    agencies = Agency.objects.filter(code__in=agency_codes).order_by("code")
    port_codes = AgreementVersion.ports.through.objects.values_list("port_id", flat=True)
    ports = Port.objects.filter(code__in=port_codes).order_by("name")
    return (
        [(a.code, f"{a.code} – {a.name_es if spanish else a.name_en}") for a in agencies],
        [(port.code, str(port)) for port in ports],
    )


def inventory_summary() -> dict[str, int]:
    """Counts for the secretariat's home page."""
    renegotiation = renegotiation_map()
    return {
        "total": Agreement.objects.count(),
        "in_force": Agreement.objects.filter(status=AgreementStatus.IN_FORCE).count(),
        "ins_era": len(renegotiation),
        "pending": sum(1 for r in renegotiation.values() if r.pending),
    }


# --- one agreement -------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyRow:
    party: AgreementParty
    successors: list[Any]  # offices or agencies holding the commitment today


@dataclass(frozen=True)
class ParameterRow:
    """A parameter and its value as sentences; ``invalid`` when the stored JSON does not fit
    its kind (shown raw, so the secretariat can see and fix it)."""

    parameter: Parameter
    lines: list[str]
    invalid: bool = False


@dataclass(frozen=True)
class VersionBlock:
    version: AgreementVersion
    clauses: list[Clause]
    parameters: list[ParameterRow]


@dataclass(frozen=True)
class HistoryEntry:
    event: AuditEvent
    model: str
    label: str
    fields: list[str]


@dataclass(frozen=True)
class AgreementPage:
    agreement: Agreement
    parties: list[PartyRow]
    versions: list[VersionBlock]
    renegotiation: Renegotiation | None
    covered_by: list[Agreement]
    history: list[HistoryEntry]


def agreement_get(*, code: str) -> AgreementPage:
    """Everything the agreement's page shows; ``Http404`` if there is no such agreement."""
    agreement = (
        Agreement.objects.filter(code=code)
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related(
                    "agency", "office__successor", "office__agency"
                ).prefetch_related("agency__successors"),
            ),
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.prefetch_related(
                    "ports",
                    "sectors",
                    "reception_points",
                    "clauses",
                    Prefetch(
                        "parameters",
                        queryset=Parameter.objects.select_related(
                            "port", "reception_point", "clause"
                        ).order_by("id"),
                    ),
                ),
            ),
        )
        .first()
    )
    if agreement is None:
        raise Http404
    renegotiation = renegotiation_map().get(agreement.code)
    covered = renegotiation.covered_by if renegotiation else ()
    sectors = dict(Sector.objects.values_list("code", "name"))
    return AgreementPage(
        agreement=agreement,
        parties=[PartyRow(p, _successors(p)) for p in agreement.parties.all()],
        versions=[
            VersionBlock(
                v,
                list(v.clauses.all()),
                [_parameter_row(p, sectors) for p in v.parameters.all()],
            )
            for v in agreement.versions.all()
        ],
        renegotiation=renegotiation,
        covered_by=list(Agreement.objects.filter(code__in=covered).order_by("code")),
        history=agreement_history(code=agreement.code),
    )


def _parameter_row(parameter: Parameter, sector_names: dict[str, str]) -> ParameterRow:
    kind = ParameterKind(parameter.kind)
    if kind == ParameterKind.DESIGNATED_POINT and parameter.reception_point:
        return ParameterRow(parameter, [parameter.reception_point.name])
    try:
        value = parse_value(kind, parameter.value)
    except ParameterValueError:
        return ParameterRow(parameter, [json.dumps(parameter.value)], invalid=True)
    return ParameterRow(parameter, value_lines(kind, value, sector_names=sector_names))


def _successors(party: AgreementParty) -> list[Any]:
    """Who holds a signatory's commitment today: the office's successor (a former INS
    district → its ICE ERO field office); an office that outlived its former agency (a
    Border Patrol sector, INS → CBP) stands for itself; else the agency's successors."""
    office: Office | None = party.office
    if office is not None and office.successor_id:
        successor = office_successor(office=office)
        return [successor] if successor else []
    if party.agency.dissolved_on is None:
        return []
    if office is not None and office.agency_id != party.agency_id:
        return [office]
    return list(party.agency.successors.all())


def agreement_history(*, code: str, limit: int = HISTORY_LIMIT) -> list[HistoryEntry]:
    """Audit events for the agreement and its parties, versions, clauses and parameters,
    newest first. Events carry ids and field names only, never personal data."""
    events = (
        AuditEvent.objects.filter(subject_type__in=AUDITED_TYPES, detail__agreement=code)
        .select_related("actor")
        .order_by("-seq")[:limit]
    )
    return [_history_entry(event) for event in events]


_MODELS = {
    "agreements.agreement": Agreement,
    "agreements.agreementparty": AgreementParty,
    "agreements.agreementversion": AgreementVersion,
    "agreements.clause": Clause,
    "agreements.parameter": Parameter,
}


def _history_entry(event: AuditEvent) -> HistoryEntry:
    model = _MODELS[event.subject_type]
    detail = event.detail or {}
    return HistoryEntry(
        event=event,
        model=str(model._meta.verbose_name),
        label=str(detail.get("object", "")),
        fields=_field_names(model, detail.get("fields", [])),
    )


def _field_names(model: Any, names: Iterable[str]) -> list[str]:
    labels = []
    for name in names:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a field removed since the event: show its name
            labels.append(str(name))
    return labels
