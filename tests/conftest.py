"""Shared fixtures: reference data loaded once per session, the demo population on first
use (``demo_population``), named actors.

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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A test on the demo population is marked ``demo``: ``make test`` runs those in a session
    # of their own, so the tests that build their own records never meet the demo's rows.
    for item in items:
        if "demo_population" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.demo)
    if _on_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI's second pass)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # noqa: PT004
    """Load the reference data and the agreements once into the test database."""
    from enlace.agreements.services import agreements_load

    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        agreements_load()


@pytest.fixture(scope="session")
def demo_population(django_db_setup, django_db_blocker):  # noqa: PT004
    """The demo population (its users, offices' officers and 1,200 persons through the
    intake), loaded once per test worker on first use and kept for the session.

    Most tests build their own records with named actors (``actor``) and factories; only
    the tests about the demo itself, the scope matrix over its population and the pages
    that still sign in as its users ask for it (``demo_user``, or
    ``pytestmark = pytest.mark.usefixtures("demo_population")``). A session-scoped fixture
    is set up before the test's transaction opens, so the rows survive each test's rollback.
    Browser tests never use it: they commit their own rows (``world``), and the flush after
    each one empties the tables.
    """
    from enlace.demo.services import demo_load

    with django_db_blocker.unblock():
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
def demo_user(demo_population, db):
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
