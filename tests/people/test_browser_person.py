"""In the browser: the consulate sees the handover in its national's timeline, an officer
reviews a possible duplicate and merges it, and a role that may not see the person gets the
404 page. Each page in English and Spanish, checked with axe-core and screenshotted."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from enlace.accounts.models import User
from enlace.identity.models import MatchCandidate, PersonMerge
from enlace.people.services import EncounterData, PersonData, encounter_record, person_create
from enlace.receipts.services import handover_confirm, handover_offer
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation

from ..browser import axe_check, screenshot
from .test_timeline import EXAMPLE, _notify

pytestmark = pytest.mark.browser

HEADINGS = {
    "en": ("Handover confirmed by the receiving officer", "Timeline", "Page not found"),
    "es-mx": ("Entrega confirmada por el funcionario que recibe", "Cronología",
              "Página no encontrada"),
}  # fmt: skip


def _story() -> SimpleNamespace:
    border, consul, inm = (
        User.objects.select_related("office").get(username=name)
        for name in ("border.tucson", "consul.nogales", "inm.nogales")
    )
    manifest = manifest_submit(actor=border, content=EXAMPLE.read_bytes()).manifest
    repatriation = Repatriation.objects.get(
        manifest_record__manifest=manifest, manifest_record__record_id="TCA-0001"
    )
    encounter = repatriation.encounter
    assert encounter is not None
    _notify(encounter.pk, border, consul, encounter.occurred_at + timedelta(minutes=30))
    receipt = handover_offer(actor=border, repatriation=repatriation, receiving_officer=inm)
    handover_confirm(actor=inm, receipt=receipt)
    twin = person_create(
        actor=border, data=PersonData(given_names="Ma. de Jesús", paternal_surname="Hernández")
    )
    encounter_record(
        actor=border, person=twin,
        data=EncounterData(kind="apprehension", occurred_at=encounter.occurred_at,
                           agency_id="CBP-USBP", office_id="usbp-tca", sector_id="TCA"),
    )  # fmt: skip
    first, second = sorted((repatriation.person_id, twin.pk))
    candidate = MatchCandidate.objects.create(
        person_a_id=first, person_b_id=second, probability=0.74,
        reasons={"given_names": "first given name agrees (nicknames, Ma., J. resolved)",
                 "paternal_surname": "paternal surname agrees"},
    )  # fmt: skip
    return SimpleNamespace(person=repatriation.person, candidate=candidate)


def _consul_sees_the_handover(browse: Any, story: SimpleNamespace, language: str) -> None:
    from playwright.sync_api import expect

    handover, timeline, _missing = HEADINGS[language]
    session = browse("consul.nogales", language)
    session.goto(f"/people/{story.person.pk}/")
    page = session.page
    expect(page.locator("h1")).to_have_text(story.person.full_name)
    expect(page.locator("#timeline-heading")).to_have_text(timeline)
    expect(page.locator(".enlace-timeline h3", has_text=handover)).to_be_visible()
    axe_check(page)
    screenshot(page, f"person-timeline-consul-{language}")
    assert session.problems == []


def _reviewer_merges(browse: Any, story: SimpleNamespace, language: str) -> None:
    from playwright.sync_api import expect

    session = browse("border.tucson", language)
    session.goto("/review/")
    page = session.page
    expect(page.locator("table caption")).to_have_count(1)
    axe_check(page)
    screenshot(page, f"review-queue-{language}")
    page.locator(f'a[href="/review/{story.candidate.pk}/"]').click()
    expect(page).to_have_url(re.compile(rf"/review/{story.candidate.pk}/$"))
    axe_check(page)
    screenshot(page, f"review-pair-{language}")
    if language != "en":
        assert session.problems == []
        return
    # The decision controls come in a logical order: merge, note, different persons, leave.
    page.locator("#id_note").focus()
    page.keyboard.press("Tab")
    expect(page.locator("button", has_text="Different persons")).to_be_focused()
    page.get_by_role("link", name="Same person — merge…").click()
    axe_check(page)
    screenshot(page, "review-merge-preview-en")
    page.get_by_role("button", name="Confirm the merge").click()
    expect(page.locator("[role=status]", has_text="now one person")).to_be_visible()
    expect(page.get_by_role("button", name="Undo this merge")).to_be_visible()
    axe_check(page)
    screenshot(page, "person-after-merge-en")
    assert PersonMerge.objects.filter(candidate=story.candidate).exists()
    assert session.problems == []


def _outsider_gets_404(browse: Any, story: SimpleNamespace, language: str) -> None:
    from playwright.sync_api import expect

    session = browse("removal.phoenix", language)
    session.expect_status(404)
    response = session.goto(f"/people/{story.person.pk}/")
    assert response.status == 404
    page = session.page
    expect(page.locator("h1")).to_have_text(HEADINGS[language][2])
    assert story.person.paternal_surname not in page.content()
    axe_check(page)
    screenshot(page, f"person-404-{language}")
    # Chromium also logs the expected 404 of the page itself on the console.
    assert [p for p in session.problems if "status of 404" not in p] == []


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_timeline_review_and_404_in_the_browser(browse, language):
    story = _story()

    _consul_sees_the_handover(browse, story, language)
    _reviewer_merges(browse, story, language)
    _outsider_gets_404(browse, story, language)
