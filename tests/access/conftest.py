"""The sweep's world, built once per module inside a transaction that is rolled back at the
module's end; each test runs in a savepoint of it (pytest-django's ``db``)."""

from __future__ import annotations

import pytest
from django.db import transaction

from .world import World, world_build


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:  # noqa: PT004
    with django_db_blocker.unblock(), transaction.atomic():
        built = world_build()
        yield built
        transaction.set_rollback(True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Report the sweep's size when it ran: routes × roles × cases, and requests made."""
    import sys

    sweep = sys.modules.get("tests.access.test_sweep")
    if sweep is None or not sweep.SIZE["routes"]:
        return
    size = sweep.SIZE
    terminalreporter.write_line(
        f"scope sweep: {size['routes']} routes and operations, {len(sweep.ROLES)} roles "
        f"(anonymous included), {size['triples']} route × role × case combinations, "
        f"{size['requests']} requests"
    )
