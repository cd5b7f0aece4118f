"""Read and check ``data/instruments.json``, the authored agreements. Pure Python.

``read_instruments`` returns the agreements as plain dataclasses and every problem found
(instrument code, version label, field path, a problem code and its parameters); the
service turns problems into translated messages and writes nothing if there is one.
The reference codes the file may name come in as ``KnownCodes`` (from the database, or
from the reference CSV files in ``core.authored``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from .parameters import (
    Confidence,
    DefaultReason,
    ParameterKind,
    ParameterValue,
    ParameterValueError,
    check_places,
    parse_kind,
    parse_value,
)
from .reading import (
    MISSING,
    InvalidCellError,
    KnownCodes,
    Problem,
    Reader,
    all_present,
    boolean,
    choice,
    code_in,
    iso_date,
    join_path,
    optional,
    rule_ids,
    slug,
    text,
)
from .snapshots import AgreementKind, AgreementStatus

__all__ = [
    "DATA_FILE",
    "AuthoredAgreement",
    "AuthoredClause",
    "AuthoredDataError",
    "AuthoredParameter",
    "AuthoredParty",
    "AuthoredVersion",
    "KnownCodes",
    "Problem",
    "read_instruments",
]

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "instruments.json"
FORMAT = 1


class AuthoredDataError(Exception):
    """The file was refused; ``problems`` lists why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.describe() for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class AuthoredParty:
    agency: str
    office: str | None
    signatory_en: str
    signatory_es: str
    confidence: Confidence


@dataclass(frozen=True)
class AuthoredClause:
    number: str
    summary_en: str
    summary_es: str
    source: str
    confidence: Confidence
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthoredParameter:
    kind: ParameterKind
    port: str | None
    reception_point: str | None
    value: Any  # the JSON as authored (stored as is)
    parsed: ParameterValue
    clause: str | None
    is_default: bool
    default_reason: DefaultReason | None
    note_en: str
    note_es: str


@dataclass(frozen=True)
class AuthoredVersion:
    label: str
    effective_from: date
    effective_from_approximate: bool
    effective_to: date | None
    signed_on: date | None
    dates_confidence: Confidence
    national: bool
    sources: tuple[str, ...]
    ports: tuple[str, ...]
    sectors: tuple[str, ...]
    reception_points: tuple[str, ...]
    clauses: tuple[AuthoredClause, ...]
    parameters: tuple[AuthoredParameter, ...]


@dataclass(frozen=True)
class AuthoredAgreement:
    code: str
    title_en: str
    title_es: str
    kind: AgreementKind
    status: AgreementStatus
    ins_era: bool
    notes_en: str
    notes_es: str
    parties: tuple[AuthoredParty, ...]
    versions: tuple[AuthoredVersion, ...]


_AGREEMENT_KEYS = (
    "code",
    "title_en",
    "title_es",
    "kind",
    "status",
    "ins_era",
    "notes_en",
    "notes_es",
    "parties",
    "versions",
)
_PARTY_KEYS = ("agency", "office", "signatory_en", "signatory_es", "confidence")
_VERSION_KEYS = (
    "label",
    "effective_from",
    "effective_from_approximate",
    "effective_to",
    "signed_on",
    "dates_confidence",
    "national",
    "sources",
    "scope",
    "clauses",
    "parameters",
)
_CLAUSE_KEYS = ("number", "summary_en", "summary_es", "source", "confidence", "rules")
_PARAMETER_KEYS = (
    "kind",
    "port",
    "reception_point",
    "value",
    "clause",
    "is_default",
    "default_reason",
    "note_en",
    "note_es",
)
_SCOPE_KEYS = ("ports", "sectors", "reception_points")


def read_instruments(
    path: Path, *, known: KnownCodes
) -> tuple[list[AuthoredAgreement], list[Problem]]:
    """Read and check the file; return the agreements that parsed and every problem."""
    reader = Reader(known)
    document = _load_json(path, reader)
    if document is None:
        return [], reader.problems
    agreements: list[AuthoredAgreement] = []
    seen: set[str] = set()
    for index, raw in enumerate(reader.items(document, "", "agreements")):
        reader.instrument, reader.version = f"agreements[{index}]", ""
        agreement = _agreement(reader, raw)
        if agreement is None:
            continue
        if agreement.code in seen:
            reader.add("code", "duplicate", value=agreement.code)
        seen.add(agreement.code)
        agreements.append(agreement)
    return agreements, reader.problems


def _load_json(path: Path, reader: Reader) -> dict[str, Any] | None:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        reader.add("", "missing_file", file=path.name)
        return None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 0)
        reader.add("", "json", file=path.name, line=line)
        return None
    data = reader.obj(document, "", ("format", "agreements"))
    if data is not None and data.get("format") != FORMAT:
        reader.add("format", "format", expected=FORMAT)
        return None
    return data


def _agreement(reader: Reader, raw: Any) -> AuthoredAgreement | None:
    data = reader.obj(raw, "", _AGREEMENT_KEYS)
    if data is None:
        return None
    code = reader.get(data, "", "code", slug)
    if all_present(code):
        reader.instrument = code
    values = {
        "title_en": reader.get(data, "", "title_en", text(200)),
        "title_es": reader.get(data, "", "title_es", text(200)),
        "kind": reader.get(data, "", "kind", choice(AgreementKind)),
        "status": reader.get(data, "", "status", choice(AgreementStatus)),
        "ins_era": reader.get(data, "", "ins_era", boolean),
        "notes_en": reader.get(data, "", "notes_en", text(2000, required=False), ""),
        "notes_es": reader.get(data, "", "notes_es", text(2000, required=False), ""),
    }
    parties = [
        _party(reader, item, f"parties[{i}]")
        for i, item in enumerate(reader.items(data, "", "parties"))
    ]
    versions = _versions(reader, data)
    if not versions:
        reader.add("versions", "required")
    reader.version = ""
    if not all_present(code, *values.values(), *parties) or None in versions:
        return None
    agreement = AuthoredAgreement(
        code=code, parties=tuple(parties), versions=tuple(v for v in versions if v), **values
    )
    _check_agreement(reader, agreement)
    return agreement


def _party(reader: Reader, raw: Any, where: str) -> Any:
    data = reader.obj(raw, where, _PARTY_KEYS)
    if data is None:
        return MISSING
    known = reader.known
    values = {
        "agency": reader.get(data, where, "agency", code_in(known.agencies, "agencies")),
        "office": reader.get(
            data, where, "office", optional(code_in(known.offices, "offices")), None
        ),
        "signatory_en": reader.get(data, where, "signatory_en", text(200, required=False), ""),
        "signatory_es": reader.get(data, where, "signatory_es", text(200, required=False), ""),
        "confidence": reader.get(data, where, "confidence", choice(Confidence)),
    }
    return AuthoredParty(**values) if all_present(*values.values()) else MISSING


def _versions(reader: Reader, data: Mapping[str, Any]) -> list[AuthoredVersion | None]:
    versions: list[AuthoredVersion | None] = []
    labels: set[str] = set()
    for index, raw in enumerate(reader.items(data, "", "versions")):
        reader.version = f"versions[{index}]"
        version = _version(reader, raw)
        versions.append(version)
        if version is not None:
            if version.label in labels:
                reader.add("label", "duplicate", value=version.label)
            labels.add(version.label)
    return versions


def _version(reader: Reader, raw: Any) -> AuthoredVersion | None:
    data = reader.obj(raw, "", _VERSION_KEYS)
    if data is None:
        return None
    label = reader.get(data, "", "label", text(40))
    if all_present(label):
        reader.version = label
    values = {
        "label": label,
        "effective_from": reader.get(data, "", "effective_from", iso_date),
        "effective_from_approximate": reader.get(
            data, "", "effective_from_approximate", boolean, False
        ),
        "effective_to": reader.get(data, "", "effective_to", optional(iso_date), None),
        "signed_on": reader.get(data, "", "signed_on", optional(iso_date), None),
        "dates_confidence": reader.get(data, "", "dates_confidence", choice(Confidence)),
        "national": reader.get(data, "", "national", boolean, False),
        "sources": _sources(reader, data),
        **_scope(reader, data),
    }
    if not all_present(*values.values()):
        return None
    clauses = _clauses(reader, data)
    parameters = _parameters(reader, data, values, {c.number for c in clauses})
    version = AuthoredVersion(clauses=tuple(clauses), parameters=tuple(parameters), **values)
    _check_dates(reader, version)
    return version


def _sources(reader: Reader, data: Mapping[str, Any]) -> Any:
    items = reader.items(data, "", "sources")
    if not items:
        reader.add("sources", "required")
        return MISSING
    parse = text(500)
    sources = []
    for index, item in enumerate(items):
        try:
            sources.append(parse(item))
        except InvalidCellError as problem:
            reader.add(f"sources[{index}]", problem.code, **problem.params)
            return MISSING
    return tuple(sources)


def _scope(reader: Reader, data: Mapping[str, Any]) -> dict[str, Any]:
    scope = reader.obj(data.get("scope", {}), "scope", _SCOPE_KEYS) or {}
    known = reader.known
    targets = {
        "ports": known.ports,
        "sectors": known.sectors,
        "reception_points": known.reception_points,
    }
    result: dict[str, Any] = {}
    for key, allowed in targets.items():
        codes = []
        for index, code in enumerate(reader.items(scope, "scope", key)):
            if not isinstance(code, str) or code not in allowed:
                reader.add(f"scope.{key}[{index}]", "unknown_code", value=str(code), target=key)
            elif code in codes:
                reader.add(f"scope.{key}[{index}]", "duplicate", value=code)
            else:
                codes.append(code)
        result[key] = tuple(codes)
    return result


def _clauses(reader: Reader, data: Mapping[str, Any]) -> list[AuthoredClause]:
    clauses: list[AuthoredClause] = []
    for index, raw in enumerate(reader.items(data, "", "clauses")):
        where = f"clauses[{index}]"
        item = reader.obj(raw, where, _CLAUSE_KEYS)
        if item is None:
            continue
        values = {
            "number": reader.get(item, where, "number", text(10)),
            "summary_en": reader.get(item, where, "summary_en", text(2000)),
            "summary_es": reader.get(item, where, "summary_es", text(2000)),
            "source": reader.get(item, where, "source", text(500)),
            "confidence": reader.get(item, where, "confidence", choice(Confidence)),
            "rules": reader.get(item, where, "rules", rule_ids, ()),
        }
        if not all_present(*values.values()):
            continue
        if any(c.number == values["number"] for c in clauses):
            reader.add(f"{where}.number", "duplicate", value=values["number"])
            continue
        clauses.append(AuthoredClause(**values))
    return clauses


def _parameters(
    reader: Reader, data: Mapping[str, Any], version: Mapping[str, Any], clauses: set[str]
) -> list[AuthoredParameter]:
    parameters: list[AuthoredParameter] = []
    keys: set[tuple[str, str | None, str | None]] = set()
    for index, raw in enumerate(reader.items(data, "", "parameters")):
        parameter = _parameter(reader, raw, f"parameters[{index}]", version, clauses)
        if parameter is None:
            continue
        key = (parameter.kind, parameter.port, parameter.reception_point)
        if key in keys:
            reader.add(f"parameters[{index}]", "duplicate", value=parameter.kind.value)
        keys.add(key)
        parameters.append(parameter)
    return parameters


def _parameter(
    reader: Reader, raw: Any, where: str, version: Mapping[str, Any], clauses: set[str]
) -> AuthoredParameter | None:
    data = reader.obj(raw, where, _PARAMETER_KEYS)
    if data is None:
        return None
    known = reader.known
    values = {
        "kind": reader.get(data, where, "kind", _parameter_kind),
        "port": reader.get(data, where, "port", optional(code_in(known.ports, "ports")), None),
        "reception_point": reader.get(
            data,
            where,
            "reception_point",
            optional(code_in(known.reception_points, "reception_points")),
            None,
        ),
        "clause": reader.get(data, where, "clause", optional(code_in(clauses, "clauses")), None),
        "is_default": reader.get(data, where, "is_default", boolean, False),
        "default_reason": reader.get(
            data, where, "default_reason", optional(choice(DefaultReason)), None
        ),
        "note_en": reader.get(data, where, "note_en", text(1000, required=False), ""),
        "note_es": reader.get(data, where, "note_es", text(1000, required=False), ""),
    }
    if not all_present(*values.values()):
        return None
    parsed = _parsed_value(reader, where, values["kind"], data.get("value"))
    if parsed is None or not _check_parameter(reader, where, values, version):
        return None
    return AuthoredParameter(value=data.get("value"), parsed=parsed, **values)


def _parameter_kind(raw: Any) -> ParameterKind:
    try:
        return parse_kind(raw)
    except ParameterValueError as error:
        raise InvalidCellError(error.code, **error.params) from None


def _parsed_value(
    reader: Reader, where: str, kind: ParameterKind, raw: Any
) -> ParameterValue | None:
    try:
        return parse_value(kind, raw, known={"sectors": reader.known.sectors})
    except ParameterValueError as error:
        reader.add(join_path(f"{where}.value", error.path), error.code, **error.params)
        return None


def _check_parameter(
    reader: Reader, where: str, values: Mapping[str, Any], version: Mapping[str, Any]
) -> bool:
    """Places fit the kind and the version's scope; a default says why."""
    count = len(reader.problems)
    port, point = values["port"], values["reception_point"]
    try:
        check_places(values["kind"], port=port, reception_point=point)
    except ParameterValueError as error:
        reader.add(f"{where}.{error.path}", error.code, kind=values["kind"].value)
    if port and not version["national"] and port not in version["ports"]:
        reader.add(f"{where}.port", "not_in_scope", value=port)
    if point and port is None and point not in reader.known.interior_points:
        reader.add(f"{where}.port", "place_required", kind=values["kind"].value)
    if values["is_default"] != (values["default_reason"] is not None):
        reader.add(f"{where}.default_reason", "default_reason")
    return len(reader.problems) == count


def _check_dates(reader: Reader, version: AuthoredVersion) -> None:
    if version.effective_to is not None and version.effective_to <= version.effective_from:
        reader.add("effective_to", "end_before_start")


def _check_agreement(reader: Reader, agreement: AuthoredAgreement) -> None:
    """Versions do not overlap, and a superseded or expired agreement has ended."""
    ordered = sorted(agreement.versions, key=lambda v: v.effective_from)
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if earlier.effective_to is None or earlier.effective_to > later.effective_from:
            reader.version = later.label
            reader.add("effective_from", "overlap", other=earlier.label)
    reader.version = ""
    ended = {AgreementStatus.SUPERSEDED, AgreementStatus.EXPIRED}
    if agreement.status in ended and ordered and ordered[-1].effective_to is None:
        reader.add("status", "status_open", status=agreement.status.value)
