"""Loaders that higher apps add to ``enlace load-reference``.

The reference app may not import the apps above it, yet some of them ship public data of
their own (border safety: deaths, rescues, official series). Such an app registers a loader
here from its ``AppConfig.ready``; ``reference_load`` runs every registered loader after its
own files, inside the same transaction, so a refusal anywhere writes nothing at all.

A loader takes the acting user (or None) and returns ``{file name: rows loaded}``; to refuse
its data it raises ``enlace.reference.services.ReferenceDataError`` with one message per
problem. See docs/adr/0017-border-safety-data-and-map.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ReferenceLoader = Callable[[Any], dict[str, int]]

_LOADERS: dict[str, ReferenceLoader] = {}


def reference_loader_register(name: str, loader: ReferenceLoader) -> None:
    """Add ``loader`` under ``name`` (registering the same name again replaces it)."""
    _LOADERS[name] = loader


def reference_loaders() -> list[tuple[str, ReferenceLoader]]:
    """The registered loaders, in the order they were first registered."""
    return list(_LOADERS.items())
