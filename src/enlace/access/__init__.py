"""enlace's one access policy: capabilities, actors, the scope registry, entry-point policies.

Imported by every app that checks who may do what; imports only ``accounts`` and ``core``.
The names below load on first use (PEP 562): ``enlace.access`` is also an installed app (its
``break-glass`` command), and an app package may not import models before the registry is
ready.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .actors import Actor, SystemActor
    from .capabilities import (
        MX_RECEIVING_ROLES,
        US_CUSTODY_ROLES,
        Capability,
        capabilities_of,
        capability_has,
        capability_require,
    )
    from .scopes import get_in_scope, page_in_scope, scope_q, scope_register, scoped, sees_any

_WHERE = {
    "Actor": "actors",
    "SystemActor": "actors",
    "MX_RECEIVING_ROLES": "capabilities",
    "US_CUSTODY_ROLES": "capabilities",
    "Capability": "capabilities",
    "capabilities_of": "capabilities",
    "capability_has": "capabilities",
    "capability_require": "capabilities",
    "get_in_scope": "scopes",
    "page_in_scope": "scopes",
    "scope_q": "scopes",
    "scope_register": "scopes",
    "scoped": "scopes",
    "sees_any": "scopes",
}
__all__ = [
    "MX_RECEIVING_ROLES",
    "US_CUSTODY_ROLES",
    "Actor",
    "Capability",
    "SystemActor",
    "capabilities_of",
    "capability_has",
    "capability_require",
    "get_in_scope",
    "page_in_scope",
    "scope_q",
    "scope_register",
    "scoped",
    "sees_any",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'enlace.access' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
