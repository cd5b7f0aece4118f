"""The plan and manifest pages as an officer uses them on shift, in chromium, on the demo's
day of work (``demo.today``): at 390 px in Spanish, the longer language, neither page is wider
than the screen and each primary action is inside it; at 1280 px the plan of the demo's
largest manifest is one compact table, under ``PLAN_HEIGHT`` px. Screenshots in both
languages at both widths."""

from __future__ import annotations

import pytest
from django.db.models import Count

from ..browser import axe_check, screenshot

pytestmark = pytest.mark.browser

NARROW, WIDE = 390, 1280
# The plan of the demo's largest manifest (35 persons) was ~12,800 px tall at 1280 px with a
# table per traveller; one table grouped by family unit is ~2,400 px in Spanish.
PLAN_HEIGHT = 3000


@pytest.fixture
def shift(world):
    """The demo's day of work, and a plan just proposed for a new manifest (so that its
    acceptance is on the page)."""
    from enlace.accounts.models import User
    from enlace.demo.today import demo_today
    from enlace.planning.models import Plan
    from enlace.planning.services import plan_propose
    from enlace.repatriation.intake import manifest_submit
    from enlace.repatriation.models import Manifest

    from ..repatriation.test_pages import manifest_csv

    demo_today(seed=2004)
    largest = Manifest.objects.annotate(n=Count("records")).order_by("-n").first()
    officer = User.objects.get(username="border.tucson")
    content = manifest_csv("usbp-tca-shift-screens", unplanned=True)
    fresh = manifest_submit(actor=officer, content=content).manifest
    proposed = plan_propose(actor=officer, manifest=fresh)
    return {
        "largest": largest,
        "largest_plan": Plan.objects.filter(manifest=largest).order_by("-pk").first(),
        "fresh": fresh,
        "proposed": proposed,
    }


def _outside(page, width: int) -> list[str]:
    """The visible primary actions (USWDS buttons in the main content) not wholly on screen."""
    actions = page.locator("main .usa-button:visible")
    outside = []
    for i in range(actions.count()):
        box = actions.nth(i).bounding_box()
        if box and (box["x"] < 0 or box["x"] + box["width"] > width + 0.5):
            outside.append(f"{actions.nth(i).inner_text().strip()!r} at x={box['x']:.0f}")
    return outside


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_at_390_px_in_spanish_the_plan_and_manifest_pages_fit_with_their_actions(browse, shift):
    session = browse("border.tucson", "es-mx", viewport={"width": NARROW, "height": 844})
    page = session.page
    pages = {
        "plan-proposed": f"/plans/{shift['proposed'].pk}/",
        "plan-largest": f"/plans/{shift['largest_plan'].pk}/",
        "manifest-fresh": f"/manifests/{shift['fresh'].manifest_id}/",
        "manifest-largest": f"/manifests/{shift['largest'].manifest_id}/",
    }
    for name, path in pages.items():
        session.goto(path)
        screenshot(page, f"shift-{name}-es-mx-{NARROW}")
        assert _width(page) <= NARROW, name
        assert _outside(page, NARROW) == [], name
    # The actions the officer came for are on the pages and inside the screen.
    session.goto(pages["plan-proposed"])
    page.locator("label[for=accept-confirm]").click()
    accept = page.locator("form[action$='/accept/'] [type=submit]")
    box = accept.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= NARROW
    last_row = page.locator("[data-testid=plan-row]").last.bounding_box()
    assert last_row is not None
    assert box["y"] > last_row["y"]  # accepted after the rows it asks to review
    session.goto(pages["manifest-fresh"])
    propose = page.locator("form[action*='/plans/propose/'] [type=submit]")
    box = propose.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= NARROW
    axe_check(page)
    assert session.problems == []


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_at_1280_px_the_largest_plan_is_one_compact_table(browse, shift, language):
    session = browse("border.tucson", language, viewport={"width": WIDE, "height": 900})
    page = session.page
    plan = shift["largest_plan"]
    session.goto(f"/plans/{plan.pk}/")
    screenshot(page, f"shift-plan-largest-{language}-{WIDE}")
    assert page.locator("[data-testid=plan-table]").count() == 1
    assert page.locator("[data-testid=plan-row]").count() == shift["largest"].records.count()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < PLAN_HEIGHT, f"the plan page is {height} px tall"
    assert _width(page) <= WIDE
    axe_check(page)
    session.goto(f"/manifests/{shift['largest'].manifest_id}/")
    screenshot(page, f"shift-manifest-largest-{language}-{WIDE}")
    assert page.locator("[data-testid=manifest-persons] tbody tr").count() > 0
    session.goto(f"/plans/{shift['proposed'].pk}/")
    screenshot(page, f"shift-plan-proposed-{language}-{WIDE}")
    assert session.problems == []


def test_at_390_px_in_english_the_same_pages_fit(browse, shift):
    session = browse("border.tucson", "en", viewport={"width": NARROW, "height": 844})
    page = session.page
    for name, path in {
        "plan-largest": f"/plans/{shift['largest_plan'].pk}/",
        "manifest-largest": f"/manifests/{shift['largest'].manifest_id}/",
    }.items():
        session.goto(path)
        screenshot(page, f"shift-{name}-en-{NARROW}")
        assert _width(page) <= NARROW, name
    assert session.problems == []
