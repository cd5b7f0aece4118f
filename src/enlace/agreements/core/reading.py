"""The low-level reading of ``instruments.json``: cell parsers and a reader that collects
problems with where they are (instrument, version, field). Pure Python."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .parameters import ENFORCEABLE_RULES, ParameterValueError, parse_date
from .snapshots import PortInfo

MAX_PROBLEMS = 50
_CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Problem:
    """One thing wrong. ``instrument`` and ``version`` are empty for whole-file problems."""

    instrument: str
    version: str
    field: str
    code: str
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def describe(self) -> str:
        where = "/".join(part for part in (self.instrument, self.version, self.field) if part)
        return f"{where}: {self.code} {dict(self.params)}"


@dataclass(frozen=True)
class KnownCodes:
    """The reference codes the file may name."""

    ports: Mapping[str, PortInfo]
    sectors: Collection[str]
    reception_points: Collection[str]
    interior_points: Collection[str]
    agencies: Collection[str]
    offices: Collection[str]


class InvalidCellError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


MISSING = object()


# --- cell parsers: raise InvalidCellError --------------------------------------------------------


def text(max_length: int, *, required: bool = True) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        if raw is None or raw == "":
            if required:
                raise InvalidCellError("required")
            return ""
        if not isinstance(raw, str):
            raise InvalidCellError("not_text")
        if len(raw) > max_length:
            raise InvalidCellError("too_long", max=max_length)
        return raw.strip()

    return parse


def slug(raw: Any) -> str:
    if not isinstance(raw, str) or not _CODE.fullmatch(raw) or len(raw) > 60:
        raise InvalidCellError("slug", value=str(raw)[:60])
    return raw


def choice(kind: type[Any]) -> Callable[[Any], Any]:
    def parse(raw: Any) -> Any:
        try:
            return kind(raw)
        except ValueError:
            choices = ", ".join(member.value for member in kind)
            raise InvalidCellError("choice", value=str(raw)[:60], choices=choices) from None

    return parse


def boolean(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise InvalidCellError("boolean", value=str(raw)[:60])
    return raw


def iso_date(raw: Any) -> date:
    try:
        return parse_date(raw, "")
    except ParameterValueError:
        raise InvalidCellError("date", value=str(raw)[:60]) from None


def optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda raw: None if raw is None else parse(raw)


def rule_ids(raw: Any) -> tuple[str, ...]:
    """A list of compliance rule ids (``ENFORCEABLE_RULES``)."""
    if not isinstance(raw, list) or not all(r in ENFORCEABLE_RULES for r in raw):
        allowed = ", ".join(ENFORCEABLE_RULES)
        raise InvalidCellError("choice", value=str(raw)[:60], choices=allowed)
    return tuple(raw)


def code_in(known: Collection[str], target: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        if not isinstance(raw, str) or raw not in known:
            raise InvalidCellError("unknown_code", value=str(raw)[:60], target=target)
        return raw

    return parse


# --- the reader ------------------------------------------------------------------------


@dataclass
class Reader:
    """Collects problems; ``instrument`` and ``version`` say where the reader is."""

    known: KnownCodes
    problems: list[Problem] = dataclasses.field(default_factory=list)
    instrument: str = ""
    version: str = ""

    def add(self, where: str, code: str, **params: Any) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.instrument, self.version, where, code, params))

    def obj(self, raw: Any, where: str, keys: Collection[str]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.add(where, "not_object")
            return None
        for key in raw:
            if key not in keys:
                self.add(join_path(where, key), "unknown_key", allowed=", ".join(keys))
        return raw

    def get(
        self,
        data: Mapping[str, Any],
        where: str,
        key: str,
        parse: Callable[[Any], Any],
        default: Any = MISSING,
    ) -> Any:
        raw = data.get(key, MISSING)
        if raw is MISSING:
            if default is MISSING:
                self.add(join_path(where, key), "required")
            return default
        try:
            return parse(raw)
        except InvalidCellError as problem:
            self.add(join_path(where, key), problem.code, **problem.params)
            return MISSING

    def items(self, data: Mapping[str, Any], where: str, key: str) -> list[Any]:
        raw = data.get(key, [])
        if not isinstance(raw, list):
            self.add(join_path(where, key), "not_list")
            return []
        return raw


def join_path(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def all_present(*values: Any) -> bool:
    return all(value is not MISSING for value in values)
