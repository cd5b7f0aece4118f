"""The current request's id, readable from anywhere (audit rows, log lines)."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("enlace_request_id", default="")


def request_id_get() -> str:
    """Return the current request id, or a fresh one for work outside a request (CLI)."""
    value = _request_id.get()
    if not value:
        value = f"cli-{uuid.uuid4().hex}"
        _request_id.set(value)
    return value


def request_id_set(value: str) -> object:
    return _request_id.set(value)


def request_id_reset(token: object) -> None:
    _request_id.reset(token)  # type: ignore[arg-type]
