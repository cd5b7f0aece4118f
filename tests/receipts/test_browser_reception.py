"""In the browser: Border Patrol records handovers, INM Nogales confirms them on its home page
(htmx, the row updates in place), DIF Sonora sees the minors expected; English and Spanish."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enlace.accounts.models import User
from enlace.receipts.models import HandoverReceipt, ReceiptStatus
from enlace.repatriation.models import Repatriation

from ..browser import axe_check, screenshot
from .test_pages import arrival_make

pytestmark = pytest.mark.browser


def _record(session, repatriation: Repatriation, belongings: str) -> None:
    """Fill and send the handover form as the delivering officer."""
    page = session.page
    session.goto(f"/handovers/{repatriation.pk}/record/")
    inm = User.objects.get(username="inm.nogales")
    page.locator("#id_receiving_officer").select_option(str(inm.pk))
    page.locator("#id_belongings").fill(belongings)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/handovers/receipts/[0-9a-f-]+/$"))


def _confirm_in_row(session, repatriation: Repatriation, handed_over: str) -> None:
    """Press the row's Confirm button: htmx swaps the status cell, the page stays."""
    page = session.page
    url = page.url
    cell = page.locator(f"#arrival-{repatriation.pk}-status")
    cell.locator("button[type=submit]").click()
    expect(page.locator(f"#arrival-{repatriation.pk}-status button")).to_have_count(0)
    expect(page.locator(f"#arrival-{repatriation.pk}-status")).to_contain_text(handed_over)
    expect(page.locator("#handover-live")).not_to_be_empty()
    assert page.url == url


def test_border_patrol_records_and_inm_confirms_on_its_home(browse):
    soon = timezone.now() + timedelta(hours=1)
    adult = arrival_make(at=soon, pregnant=True, name="Rosa", consulate="nogales")
    minor = arrival_make(at=soon + timedelta(minutes=20), minor=True, name="Luis")

    border = browse("border.tucson", "en")
    border.goto(f"/handovers/{adult.pk}/record/")
    expect(border.page.locator("h1")).to_have_text("Record a handover")
    axe_check(border.page)
    screenshot(border.page, "reception-offer-en")
    _record(border, adult, "backpack\n2 x blanket")
    expect(border.page.locator("main")).to_contain_text("Signed by the delivering officer")
    axe_check(border.page)
    screenshot(border.page, "reception-receipt-en")

    border_es = browse("border.tucson", "es-mx")
    border_es.goto(f"/handovers/{minor.pk}/record/")
    expect(border_es.page.locator("h1")).to_have_text("Registrar una entrega")
    axe_check(border_es.page)
    screenshot(border_es.page, "reception-offer-es")
    _record(border_es, minor, "mochila")
    expect(border_es.page.locator("main")).to_contain_text("Firmada por el funcionario que entrega")
    screenshot(border_es.page, "reception-receipt-es")

    inm = browse("inm.nogales", "en")
    inm.goto("/")
    expect(inm.page.locator(f"#arrival-{adult.pk}-status")).to_contain_text(
        "waiting for your confirmation"
    )
    axe_check(inm.page)
    screenshot(inm.page, "reception-home-en")
    _confirm_in_row(inm, adult, "Handed over")

    inm_es = browse("inm.nogales", "es-mx")
    inm_es.goto("/")
    expect(inm_es.page.locator("main")).to_contain_text(
        "Niñas, niños y adolescentes no acompañados"
    )
    axe_check(inm_es.page)
    screenshot(inm_es.page, "reception-home-es")
    _confirm_in_row(inm_es, minor, "Entregada")
    inm_es.page.locator(f"#arrival-{minor.pk}-status a").click()
    expect(inm_es.page.locator("main")).to_contain_text("Firmada por ambos funcionarios")
    axe_check(inm_es.page)
    screenshot(inm_es.page, "reception-receipt-confirmed-es")

    statuses = set(HandoverReceipt.objects.values_list("status", flat=True))
    assert statuses == {ReceiptStatus.CONFIRMED}

    # The consulate notified of Rosa's encounter follows her to the handover.
    consul = browse("consul.nogales", "en")
    consul.goto(f"/people/{adult.person_id}/")
    expect(consul.page.locator("main")).to_contain_text(
        "Handover confirmed by the receiving officer"
    )
    screenshot(consul.page, "reception-consul-timeline-en")
    for session in (border, border_es, inm, inm_es, consul):
        assert session.problems == []


def test_dif_sees_the_minors_expected_in_both_languages(browse):
    minor = arrival_make(at=timezone.now() + timedelta(hours=3), minor=True, name="Sofía")
    arrival_make(at=timezone.now() + timedelta(hours=3), name="Adulto")
    headings = {
        "en": "Unaccompanied minors expected",
        "es-mx": "Niñas, niños y adolescentes no acompañados esperados",
    }
    for language, heading in headings.items():
        dif = browse("dif.sonora", language)
        dif.goto("/")
        main = dif.page.locator("main")
        expect(main).to_contain_text(heading)
        expect(main).to_contain_text(minor.person.full_name)
        expect(main).not_to_contain_text("Adulto")
        axe_check(dif.page)
        screenshot(dif.page, f"reception-dif-home-{language}")
        # Tablet width: the table scrolls inside its region, the page does not.
        dif.page.set_viewport_size({"width": 768, "height": 1000})
        width = dif.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 768
        assert dif.problems == []
