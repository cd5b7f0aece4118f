"""Shared fixtures: reference and demo data loaded once per session, named actors.

Tests marked ``postgres`` run only when ``DATABASE_URL`` points at PostgreSQL.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from enlace.accounts.models import User

from . import browser as browser_support

DEMO_SEED = 2003
DEMO_PERSONS = 1200


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--no-demo",
        action="store_true",
        help="skip the demo population (for tests that build their own records: tests/access)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _on_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI's second pass)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):  # noqa: PT004
    """Load the reference data and the demo population once into the test database.

    A run of the browser tests alone (``-m browser``, the second half of ``make test``) skips
    the population: those tests commit their own rows against a live server, and the flush
    after each one empties the tables, which is also why they run in a session of their own.
    """
    from enlace.agreements.services import agreements_load
    from enlace.demo.services import demo_load

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        agreements_load()
        if request.config.getoption("markexpr") != "browser" and not request.config.getoption(
            "--no-demo"
        ):
            demo_load(seed=DEMO_SEED, persons=DEMO_PERSONS, today=False)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request in Spanish (the locale
    middleware) leaves Spanish active on the thread, and the next test would inherit it."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def actor(db):
    """``actor(spec)`` → the named actor's user (``tests.actors``), created on first use."""
    from . import actors

    def get(spec: actors.ActorSpec) -> User:
        return actors.actor(spec)

    return get


@pytest.fixture
def demo_user(db):
    def get(username: str) -> User:
        return User.objects.select_related("office").get(username=username)

    return get


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, one per test worker (see ``tests/browser.py``)."""
    yield from browser_support.browser_fixture()


@pytest.fixture
def world(transactional_db):
    """Committed reference data, agreements and demo users, for a live-server test."""
    browser_support.world_ensure()


@pytest.fixture
def browse(browser, live_server, world):
    """``browse(username, language)`` → a signed-in browser ``Session``."""
    yield from browser_support.signed_in_factory(browser, live_server.url)


@pytest.fixture
def example_day():
    """The clock frozen on the day of the documented example manifest (12 March 2019, its
    first apprehension), for tests about other findings than a handover already past."""
    from datetime import datetime

    from enlace.core.clock import clock_frozen

    with clock_frozen(datetime.fromisoformat("2019-03-12T05:40-07:00")) as moment:
        yield moment
