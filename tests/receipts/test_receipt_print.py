"""The printed receipt: officers by name and office, the time in words in the reception
point's zone, and a signature line for each officer, in both languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from enlace.core.clock import clock_frozen
from enlace.receipts.presentation import fingerprint, receipt_html
from enlace.receipts.services import handover_confirm, handover_offer

from .. import actors

pytestmark = pytest.mark.django_db

# 22:17 UTC is 15:17 in Sonora (MST, no daylight saving time).
AT = datetime(2026, 12, 4, 22, 17, tzinfo=UTC)


def _named(user, first: str, last: str):
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user


@pytest.fixture
def offered(repatriation, actor):
    border = _named(actor(actors.BORDER_TUCSON), "Dana", "Whitfield")
    inm = _named(actor(actors.INM_NOGALES), "Rosa", "Quintero Lugo")
    with clock_frozen(AT):
        return handover_offer(
            actor=border, repatriation=repatriation, receiving_officer=inm,
            belongings=[], remarks="",
        )  # fmt: skip


@pytest.fixture
def confirmed(offered):
    with clock_frozen(AT):
        return handover_confirm(actor=offered.receiving_officer, receipt=offered)


def test_printed_receipt_names_officers_and_offices_not_usernames(confirmed):
    page = receipt_html(confirmed)
    assert "Dana Whitfield" in page
    assert "Rosa Quintero Lugo" in page
    assert actors.BORDER_TUCSON.username not in page
    assert actors.INM_NOGALES.username not in page
    office = confirmed.receiving_officer.office
    assert office.name_es in page
    assert office.name_en in page


def test_printed_receipt_gives_the_local_time_in_words_in_both_languages(confirmed):
    page = receipt_html(confirmed)
    document = confirmed.document
    assert document["handed_over_at"] not in page
    assert document["handed_over_at_local"] not in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page), "raw ISO time on the page"
    assert "America/" not in page
    assert "4 de diciembre de 2026, 15:17 h (hora de Sonora)" in page
    assert "4 December 2026, 15:17 (Sonora time)" in page


def test_printed_receipt_has_a_signature_line_for_each_officer(confirmed):
    page = receipt_html(confirmed)
    assert page.count("enlace-signature__line") - page.count(".enlace-signature__line") == 2
    assert "Signature / " in page
    assert "Firma" in page
    assert "Funcionario que entrega" in page or "entrega" in page
    signatures = confirmed.signatures()
    for role in ("delivering", "receiving"):
        assert fingerprint(signatures[role]["signature"]) in page
        assert signatures[role]["signature"] not in page
    assert "receipts/receipt_print.css" in page


def test_printed_receipt_offered_but_not_confirmed_says_so(offered):
    page = receipt_html(offered)
    assert "Rosa Quintero Lugo" in page
    assert "Not yet signed electronically." in page
