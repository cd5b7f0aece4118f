"""Who acts: a signed-in user, or a named system actor (a CLI run, the nightly linkage).

Both carry ``is_active``, ``role``, ``office_id`` and ``pk`` so the audit log and the scope
registry read them the same way; a system actor holds only the capabilities it was given and
has no office, so no scope reaches persons through it unless a scope rule says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from enlace.accounts.models import User

    from .capabilities import Capability


@dataclass(frozen=True)
class SystemActor:
    """A process acting on its own authority, recorded by name in the audit log."""

    name: str
    capabilities: frozenset[Capability] = field(default_factory=frozenset)
    is_active: bool = True
    role: str = ""
    office_id: str | None = None
    office: None = None
    pk: None = None

    def __str__(self) -> str:
        return f"system:{self.name}"


Actor = Union["User", SystemActor]
