"""In the browser, as Border Patrol Tucson: the handovers to record on the home and on
``/handovers/`` at 390 px (a phone) with the first row's "Record handover" on screen, in
Spanish; a family of three handed over in one action from that phone; the pages at 1280 px
and 390 px in English and Spanish, axe-clean."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enlace.accounts.models import User
from enlace.people.models import FamilyGroup
from enlace.receipts.models import HandoverReceipt
from enlace.receipts.services import handover_offer

from ..browser import axe_check, screenshot
from .handovers import manifest_accepted

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
TITLES = {"en": "Handovers", "es-mx": "Entregas"}
RECORD = {"en": "Record handover", "es-mx": "Registrar la entrega"}


@pytest.fixture
def handovers(world):
    """A late handover, a family of three due within the hour, one recorded (awaiting INM)."""
    now = timezone.now()
    _, late = manifest_accepted([now - timedelta(hours=1)])
    group = FamilyGroup.objects.create(reference="browser-family-1")
    _, family = manifest_accepted([now + timedelta(minutes=30)] * 3, family=group)
    _, recorded = manifest_accepted([now + timedelta(minutes=45)])
    handover_offer(
        actor=User.objects.get(username="border.tucson"), repatriation=recorded[0],
        receiving_officer=User.objects.get(username="inm.nogales"), handed_over_at=now,
    )  # fmt: skip
    return {"late": late[0], "family": family, "recorded": recorded[0]}


def _inside(page, locator, width: int) -> None:
    box = locator.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width


def test_record_handover_is_on_screen_at_390_px_in_spanish(browse, handovers):
    session = browse("border.tucson", "es-mx", viewport=PHONE)
    page = session.page
    home_first = page.locator('[data-testid="handovers-to-record"] tbody tr').first
    expect(home_first).to_contain_text(handovers["late"].person.full_name)  # late first
    action = home_first.locator('[data-action="record"]')
    expect(action).to_contain_text(RECORD["es-mx"])
    _inside(page, action, PHONE["width"])
    expect(page.locator('[data-testid="all-handovers"]')).to_contain_text("Ver las")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page)
    screenshot(page, "handovers-home-390-es-mx")

    page.locator('[data-testid="all-handovers"]').click()
    expect(page.locator("h1")).to_have_text(TITLES["es-mx"])
    first = page.locator('[data-testid="handover-table"] tbody tr').first
    _inside(page, first.locator('[data-action="record"]'), PHONE["width"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    axe_check(page)
    screenshot(page, "handovers-list-390-es-mx")
    assert session.problems == []


def test_a_family_is_handed_over_in_one_action_from_a_phone(browse, handovers):
    family = handovers["family"]
    session = browse("border.tucson", "es-mx", viewport=PHONE)
    page = session.page
    session.goto(f"/people/{family[0].person_id}/")
    page.locator('[data-testid="person-record-handover"] a').click()
    expect(page.locator("main")).to_contain_text("Entregar a la familia junta")
    checked = page.locator('input[name="family"]:checked')
    expect(checked).to_have_count(2)
    inm = User.objects.get(username="inm.nogales")
    page.locator("#id_receiving_officer").select_option(str(inm.pk))
    axe_check(page)
    screenshot(page, "handovers-family-form-390-es-mx")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Familia entregada")
    expect(page.locator('[data-testid="family-receipts"] li')).to_have_count(3)
    assert HandoverReceipt.objects.filter(repatriation__in=family).count() == 3
    screenshot(page, "handovers-family-done-390-es-mx")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert session.problems == []


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_the_handovers_page_in_both_languages_and_widths(browse, handovers, language):
    for width in (1280, 390):
        session = browse("border.tucson", language, viewport={"width": width, "height": 900})
        page = session.page
        screenshot(page, f"handovers-home-{width}-{language}")
        session.goto("/handovers/?show=all")
        expect(page.locator("h1")).to_have_text(TITLES[language])
        recorded = page.locator("tr", has_text=handovers["recorded"].person.full_name)
        expect(recorded.locator('[data-action="record"]')).to_have_count(0)
        expect(recorded.locator("a[href*='/handovers/receipts/']")).to_have_count(1)
        axe_check(page)
        screenshot(page, f"handovers-list-{width}-{language}")
        page.locator("nav a", has_text=re.compile("Awaiting|En espera")).first.click()
        expect(page.locator("tbody tr")).to_have_count(1)
        assert session.problems == []
        session.context.close()
