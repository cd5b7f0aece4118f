"""The printed receipt in a real browser: both officers' signature blocks on one page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.accounts.models import User
from enlace.receipts.services import handover_offer
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation

from ..browser import screenshot
from .conftest import EXAMPLE

pytestmark = pytest.mark.browser


def test_printed_receipt_shows_names_times_and_signature_lines(browse):
    border = User.objects.select_related("office").get(username="border.tucson")
    inm = User.objects.get(username="inm.nogales")
    border.first_name, border.last_name = "Dana", "Whitfield"
    border.save(update_fields=["first_name", "last_name"])
    content = EXAMPLE.read_bytes().replace(b"usbp-tca-20190314", b"usbp-tca-20190314-print")
    manifest = manifest_submit(actor=border, content=content).manifest
    repatriation = (
        Repatriation.objects.filter(manifest_record__manifest=manifest)
        .order_by("manifest_record__line")
        .first()
    )
    assert repatriation is not None
    receipt = handover_offer(
        actor=border, repatriation=repatriation, receiving_officer=inm, belongings=[], remarks=""
    )
    session = browse("border.tucson", "es-mx")
    session.goto(reverse("receipts:receipt-print", args=[receipt.receipt_id]))
    page = session.page
    assert page.locator("[data-signer]").count() == 2
    text = page.inner_text("body")
    assert "Dana Whitfield" in text
    assert "border.tucson" not in text
    assert "(hora de " in text
    assert "America/" not in text
    screenshot(page, "receipt-print-es")
    page.emulate_media(media="print")
    screenshot(page, "receipt-print-es-print-media")
