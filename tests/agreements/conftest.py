"""Fixtures for the agreements tests: the authored file loaded, the snapshots without a
database, and signed-in named actors (``tests.actors``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from enlace.agreements.core.authored import snapshots_from_file
from enlace.agreements.core.snapshots import VersionSnapshot
from enlace.agreements.services import LoadSummary, agreements_load

from .. import actors


@pytest.fixture(scope="session")
def file_snapshots() -> list[VersionSnapshot]:
    """Every authored version as a snapshot, straight from the file (no database)."""
    return snapshots_from_file()


@pytest.fixture
def loaded(db: None) -> LoadSummary:
    """The authored file loaded into the test's transaction (rolled back afterwards)."""
    return agreements_load()


@pytest.fixture
def sign_in(client: Any, actor: Callable[[actors.ActorSpec], Any]) -> Callable[[str], Any]:
    """Sign the test client in as the named actor ``actor.<label>`` (``secretariat``,
    ``analyst``…)."""

    def login(label: str) -> Any:
        user = actor(actors.named(label))
        client.force_login(user)
        return user

    return login
