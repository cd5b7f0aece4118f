"""Drive Debian's chromium through Playwright against the live server: shared helpers.

The fixtures (``browser``, ``world``, ``browse``) are registered in ``tests/conftest.py``.

- ``world`` makes sure the reference data, the agreements and the demo users are in the
  database: a browser test runs against a live server in another thread, so it needs committed
  rows (``transactional_db``), and the flush after each such test empties the tables.
- ``browse(username, language)`` opens a new browser context, signs in through the login
  form and returns a :class:`Session`: its ``page``, and every console error, script error and
  failed request seen on the way (``problems``), which a test must assert empty.
- ``axe_check(page)`` runs axe-core (the copy bundled by ``axe-playwright-python``, nothing
  downloaded) and fails on any serious or critical violation.
- ``screenshot(page, name)`` saves a full-page PNG under the artifacts folder
  (``$ENLACE_TEST_ARTIFACTS`` or ``var/test-artifacts``), which CI keeps.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "enlace-demo-2026"  # noqa: S105 - the public demo credential
LANGUAGES = {"en": "en-US", "es-mx": "es-MX"}
ARTIFACTS = Path(os.environ.get("ENLACE_TEST_ARTIFACTS", "var/test-artifacts"))
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


@cache
def _axe_source() -> str:
    return resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def axe_check(page: Any, *, context: str | None = None) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; fail on a serious or critical violation.

    ``page.evaluate`` runs in the page's world without a ``<script>`` element, so the page's
    Content-Security-Policy stays as strict as it is for users. Returns the minor and moderate
    violations, for a test that wants to look at them."""
    page.evaluate(_axe_source())
    target = "document" if context is None else repr(context)
    results = page.evaluate(
        f"axe.run({target}, {{resultTypes: ['violations'],"
        " runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
        " 'best-practice']}})"
    )
    violations = results["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    assert not blocking, "axe-core on {}:\n{}".format(
        page.url,
        "\n".join(
            f"- {v['impact']} {v['id']}: {v['help']} — "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in blocking
        ),
    )
    return [v for v in violations if v.get("impact") not in BLOCKING_IMPACTS]


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot as a test artifact and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")
    path = ARTIFACTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000, f"screenshot {path} looks empty"
    return path


@dataclass
class Session:
    """A signed-in browser context: its page and what went wrong on the way."""

    context: Any
    page: Any
    base_url: str
    language: str
    problems: list[str] = field(default_factory=list)
    expected_statuses: set[int] = field(default_factory=set)

    def goto(self, path: str) -> Any:
        return self.page.goto(f"{self.base_url}{path}")

    def expect_status(self, status: int) -> None:
        """Let failed responses with this status pass, and the console line chromium writes
        for them (a test that asks for a 404)."""
        self.expected_statuses.add(status)

    def expected(self, console_text: str) -> bool:
        return any(f"status of {code}" in console_text for code in self.expected_statuses)


def _watch(session: Session) -> None:
    page = session.page

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.status not in session.expected_statuses:
            session.problems.append(f"HTTP {response.status}: {response.url}")

    def on_console(message: Any) -> None:
        if message.type == "error" and not session.expected(message.text):
            session.problems.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: session.problems.append(f"script error: {error}"))
    page.on("response", on_response)


def browser_fixture() -> Iterator[Any]:
    if not CHROMIUM.exists() and not os.environ.get("CI"):
        pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium); CI always runs this")
    # Playwright's sync API runs an event loop in this thread; the ORM refuses to run next to
    # one unless told it is safe (it is: the test and the live server never share a query).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def world_ensure() -> None:
    """Reference data, agreements and demo users, loaded if a flush removed them."""
    from django.core.management import call_command

    from enlace.agreements.models import Agreement
    from enlace.agreements.services import agreements_load
    from enlace.demo.services import demo_users_ensure
    from enlace.reference.models import Port

    if not Port.objects.exists():
        call_command("load_reference", verbosity=0)
    if not Agreement.objects.exists():
        agreements_load()
    demo_users_ensure()


def signed_in_factory(browser: Any, base_url: str) -> Iterator[Callable[..., Session]]:
    sessions: list[Session] = []

    def sign_in(
        username: str,
        language: str = "en",
        *,
        password: str = DEMO_PASSWORD,
        viewport: dict[str, int] | None = None,
    ) -> Session:
        from playwright.sync_api import expect

        context = browser.new_context(
            locale=LANGUAGES[language], viewport=viewport or {"width": 1280, "height": 900}
        )
        context.add_cookies([{"name": "enlace_language", "value": language, "url": base_url}])
        session = Session(
            context=context, page=context.new_page(), base_url=base_url, language=language
        )
        sessions.append(session)
        _watch(session)
        page = session.page
        session.goto("/accounts/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(password)
        page.locator("main form [type=submit]").click()
        expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        return session

    try:
        yield sign_in
    finally:
        for session in sessions:
            session.context.close()
