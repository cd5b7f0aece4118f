"""The analyst's statistics in chromium, in English and Spanish: filters, charts, axe."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from enlace.people.models import Person
from enlace.reference.models import Port, ReceptionPoint
from enlace.repatriation.models import Repatriation
from tests.browser import axe_check, screenshot

pytestmark = pytest.mark.browser


def _population() -> None:
    """Twelve persons handed to the Mexico City point (which the demo does not use) in
    November and December 2019, one of them twice, three of them minors."""
    point = ReceptionPoint.objects.get(code="cdmx")
    port = Port.objects.order_by("code")[0]
    for i in range(12):
        born = date(2005, 1, 1) if i < 3 else date(1980 + i, 3, 1)
        person = Person.objects.create(
            given_names=f"Navegador{i}", paternal_surname="Prueba", sex="MF"[i % 2], birth_date=born
        )
        times = [datetime(2019, 11 + i % 2, 5 + i, 18, tzinfo=UTC)]
        if i == 0:
            times.append(datetime(2019, 12, 20, 18, tzinfo=UTC))
        for when in times:
            Repatriation.objects.create(
                person=person, port=port, reception_point=point, scheduled_at=when,
                unaccompanied_minor=i == 1,
            )  # fmt: skip


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_the_analyst_filters_the_statistics_and_reads_the_charts(browse, language):
    from playwright.sync_api import expect

    _population()
    session = browse("analyst", language)
    page = session.page
    assert page.locator('svg.enlace-chart[role="img"]').count() == 5  # the whole database
    session.goto("/?point=cdmx")

    expect(page.locator('[data-figure="events"]')).to_have_text("13")
    expect(page.locator('[data-figure="persons"]')).to_have_text("12")
    assert page.locator('svg.enlace-chart[role="img"]').count() == 5
    axe_check(page)
    screenshot(page, f"statistics-analyst-{language}")

    page.locator("#id_start").fill("2019-12")
    page.locator("#id_end").fill("2019-12")
    page.locator("main form.enlace-stat-filters [type=submit]").click()
    expect(page.locator('[data-figure="events"]')).to_have_text("7")
    expect(page.locator('[data-table="month"] tbody tr')).to_have_count(1)
    assert "Navegador" not in page.content()

    session.goto("/?start=2019-13")
    expect(page.locator(".usa-error-message")).to_be_visible()
    axe_check(page)
    page.set_viewport_size({"width": 768, "height": 1000})
    screenshot(page, f"statistics-analyst-error-768-{language}")
    assert session.problems == []
