"""Drive Debian's chromium through Playwright against the live server.

Skipped only on a developer machine without ``/usr/bin/chromium``; when ``CI`` is set the test
always runs, so a missing browser fails the build instead of hiding it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from enlace.accounts.models import Role

from .support import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def consular_officer(transactional_db: None, django_user_model: Any) -> Any:
    """A Mexican consular officer with the minimum reference rows an office needs."""
    from enlace.reference.models import Agency, Consulate, Office

    agency = Agency.objects.create(
        code="T-SRE", country="MX", name_en="Test Foreign Ministry", name_es="Secretaría de Prueba"
    )
    consulate = Consulate.objects.create(
        code="T-CONS",
        city="Testville",
        us_state="AZ",
        category=Consulate.Category.GENERAL,
        latitude="32.2",
        longitude="-110.9",
        time_zone="America/Phoenix",
        source="test",
    )
    office = Office.objects.create(
        code="T-CONS-OFF",
        agency=agency,
        name_en="Consulate General of Mexico in Testville",
        name_es="Consulado General de México en Testville",
        consulate=consulate,
        time_zone="America/Phoenix",
    )
    return django_user_model.objects.create_user(
        username="t-consul", password=PASSWORD, role=Role.MX_CONSULAR_OFFICER, office=office
    )


def test_sign_in_then_switch_the_language_to_spanish(
    live_server: Any, consular_officer: Any, browser: Any, tmp_path: Path
) -> None:
    """An officer signs in through the form and lands on an English home page; the language
    switch turns the page (and the next ones) into Spanish of Mexico. Nothing on the way may
    break the CSP or ask for a file that is not there."""
    from playwright.sync_api import expect

    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on(
        "response",
        lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    home = f"{live_server.url}/"

    page.goto(home)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill("t-consul")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(home)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mexican consular officer")
    expect(page.locator(".usa-intro")).to_have_text("Consulate General of Mexico in Testville")
    expect(page.locator(".usa-nav__primary")).to_contain_text("Home")

    page.locator("#enlace-language").select_option("es-mx")
    page.get_by_role("button", name="Change language").click()

    expect(page).to_have_url(home)
    expect(page.locator("html")).to_have_attribute("lang", "es-mx")
    expect(page.locator("#enlace-language")).to_have_value("es-mx")
    expect(page.locator(".usa-intro")).to_have_text("Consulado General de México en Testville")
    # Django's own es_MX catalog already says "Inicio"; the project catalog keeps the word.
    expect(page.locator(".usa-nav__primary").get_by_role("link", name="Inicio")).to_have_count(1)
    assert {c["name"]: c["value"] for c in context.cookies()}.get("enlace_language") == "es-mx"

    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "es-mx")

    screenshot = tmp_path / "home-es-mx.png"
    page.screenshot(path=screenshot, full_page=True)
    assert screenshot.stat().st_size > 10_000
    assert problems == []
    context.close()
