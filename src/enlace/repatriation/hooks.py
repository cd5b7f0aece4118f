"""What higher apps do when a manifest is stored: the "after intake" registry.

``repatriation`` may not import the apps above it, yet a stored manifest means work for them
(the consular app makes the notification steps its consular columns record). An app registers
a handler in its ``AppConfig.ready`` (``after_intake_register``); ``intake.manifest_store``
runs every handler inside its transaction, after the manifest's rows are written, so the
manifest and what follows from it are stored together or not at all. A handler writes only
its own app's tables, and raising refuses the whole manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from enlace.access import Actor

from .models import Manifest


class AfterIntake(Protocol):
    def __call__(self, *, manifest: Manifest, actor: Actor) -> object: ...


_after_intake: list[Callable[..., object]] = []


def after_intake_register(handler: AfterIntake) -> None:
    """Run ``handler(manifest=…, actor=…)`` after each manifest is stored (once, however
    often it is registered: a reloaded app does not double it)."""
    if handler not in _after_intake:
        _after_intake.append(handler)


def after_intake_run(*, manifest: Manifest, actor: Actor) -> None:
    """Run the registered handlers, in the order they registered (inside the caller's
    transaction)."""
    for handler in _after_intake:
        handler(manifest=manifest, actor=actor)
