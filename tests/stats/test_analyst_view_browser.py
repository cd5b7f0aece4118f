"""The analyst's default view in chromium, sized to the data: on events of November 2019 and
December 2026 the period is eight years, not 86 months; every chart's text is drawn at
12 px or more and the reception-point filter is wholly on screen, at 1280 and at 390 px, in
English and Spanish. Screenshots of each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from enlace.people.models import Person
from enlace.reference.models import Port, ReceptionPoint
from enlace.repatriation.models import Repatriation
from tests.browser import axe_check, screenshot

pytestmark = pytest.mark.browser

# The smallest a chart's text may be drawn, in CSS pixels.
SMALLEST_TEXT = 12


def _population() -> None:
    """Six persons handed to the Mexico City point in November 2019, six in December 2026."""
    point = ReceptionPoint.objects.get(code="cdmx")
    port = Port.objects.order_by("code")[0]
    for i in range(12):
        person = Person.objects.create(given_names=f"Periodo{i}", paternal_surname="Prueba")
        when = (
            datetime(2019, 11, 5, 18, tzinfo=UTC)
            if i < 6
            else datetime(2026, 12, 1, 18, tzinfo=UTC)
        )
        Repatriation.objects.create(
            person=person, port=port, reception_point=point, scheduled_at=when
        )


@pytest.mark.parametrize("language", ["en", "es-mx"])
@pytest.mark.parametrize("width", [1280, 390])
def test_the_default_view_fits_the_data_and_the_screen(browse, language, width):
    _population()
    session = browse("analyst", language, viewport={"width": width, "height": 900})
    page = session.page
    session.goto("/?point=cdmx")
    screenshot(page, f"analyst-view-{language}-{width}")

    years = page.locator('[data-table="year"] tbody tr')
    assert years.count() == 8
    assert years.first.locator("th").inner_text() == "2019"
    assert page.locator('[data-table="month"]').count() == 0

    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('svg.enlace-chart text')]"
        ".map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement"
        ".getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width))"
    )
    assert smallest >= SMALLEST_TEXT, f"chart text drawn at {smallest:.1f} px"

    point = page.locator("#id_point")
    box = point.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width
    # The chosen point's name is shown whole, not cut by the box.
    assert page.evaluate(
        "(() => { const s = document.querySelector('#id_point');"
        " const probe = document.createElement('span');"
        " probe.style.font = getComputedStyle(s).font;"
        " probe.textContent = s.options[s.selectedIndex].text;"
        " document.body.appendChild(probe);"
        " const fits = probe.getBoundingClientRect().width"
        "  <= s.clientWidth - parseFloat(getComputedStyle(s).paddingLeft)"
        "   - parseFloat(getComputedStyle(s).paddingRight);"
        " probe.remove(); return fits; })()"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    axe_check(page)
    assert session.problems == []
