"""Shared fixtures: reference and demo data loaded once per session, named actors.

Tests marked ``postgres`` run only when ``DATABASE_URL`` points at PostgreSQL.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.core.management import call_command

from enlace.accounts.models import User
from enlace.demo.population import DemoEvent, demo_population

DEMO_SEED = 2003
DEMO_SIZE = 120
DEMO_TODAY = date(2026, 11, 2)


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _on_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI's second pass)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: PT004
    """Load the reference data and the demo population once into the test database."""
    from enlace.agreements.services import agreements_load
    from enlace.demo.services import demo_load

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        agreements_load()
        demo_load(seed=DEMO_SEED, size=DEMO_SIZE, today=DEMO_TODAY)


@pytest.fixture(scope="session")
def demo_events() -> list[DemoEvent]:
    """The demo population as generated, an oracle independent of the database."""
    return demo_population(seed=DEMO_SEED, today=DEMO_TODAY, size=DEMO_SIZE)


@pytest.fixture
def demo_user(db):
    def get(username: str) -> User:
        return User.objects.select_related("office").get(username=username)

    return get
