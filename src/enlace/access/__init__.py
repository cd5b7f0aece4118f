"""enlace's one access policy: capabilities, actors, the scope registry, entry-point policies.

Imported by every app that checks who may do what; imports only ``accounts`` and ``core``.
"""

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
