"""The border-safety map in a real browser, in both languages, at 1280 and 390 px: the SVG
map with the border and the incidents, the table beside it, no serious axe violation."""

from __future__ import annotations

from typing import Any

import pytest

from ..browser import axe_check, screenshot

pytestmark = pytest.mark.browser

TITLES = {"en": "Map of border incidents", "es-mx": "Mapa de incidentes fronterizos"}
TUCSON = {"en": "Tucson", "es-mx": "Tucson"}


@pytest.mark.parametrize("language", ["en", "es-mx"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_page_in_both_languages(browse: Any, language: str, width: int) -> None:
    from playwright.sync_api import expect

    session = browse("analyst", language)
    page = session.page
    page.set_viewport_size({"width": width, "height": 900})
    session.goto("/safety/map/?year_from=2014&year_to=2020")
    expect(page.locator("h1")).to_have_text(TITLES[language])
    svg = page.locator('svg[data-testid="border-map"]')
    expect(svg).to_be_visible()
    assert page.locator('[data-testid="border-line"]').count() == 1
    assert svg.locator(".enlace-map__incidents circle").count() > 1000
    table = page.locator('[data-testid="sector-table"]')
    expect(table).to_contain_text(TUCSON[language])
    box = svg.bounding_box()
    assert box is not None
    assert box["width"] <= width  # the map fits the screen
    axe_check(page)
    screenshot(page, f"safety-map-{language}-{width}")
    session.goto("/safety/?kind=remains&sector=TCA")
    expect(page.locator('[data-testid="incident-table"] tbody tr')).to_have_count(50)
    axe_check(page)
    screenshot(page, f"safety-incidents-{language}-{width}")


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_the_risk_and_statistics_pages_are_accessible(browse: Any, language: str) -> None:
    """The risk calendar (as a consul, with the threshold form) and the comparison with the
    official series, axe-clean in both languages."""
    from playwright.sync_api import expect

    session = browse("consul.nogales", language)
    page = session.page
    session.goto("/safety/risk/")
    expect(page.locator('[data-testid="risk-calendar"] tbody tr')).to_have_count(9)
    expect(page.locator('[data-testid="threshold-form"]')).to_be_visible()
    axe_check(page)
    screenshot(page, f"safety-risk-{language}")
    session.goto("/safety/statistics/")
    expect(page.locator('[data-testid="by-year"] tbody tr')).to_have_count(6)
    axe_check(page)
    screenshot(page, f"safety-statistics-{language}")
