"""The Border Patrol officer's workflow in a browser, in English and Spanish: upload a
manifest with a planted violation, see the finding, upload the corrected file, submit,
propose a plan, review it and accept it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..browser import axe_check, screenshot
from .test_pages import NIGHT, manifest_csv

pytestmark = pytest.mark.browser

FINDING = {"en": "outside the agreed hours", "es-mx": "fuera del horario acordado"}
ACCEPTED = {"en": "Plan accepted", "es-mx": "Plan aceptado"}


def _check(page, name: str) -> None:
    axe_check(page)
    screenshot(page, name)


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_upload_fix_submit_plan_accept(browse, tmp_path, language):
    manifest_id = f"usbp-tca-browser-{language}"
    planted = tmp_path / "planted.csv"
    planted.write_bytes(manifest_csv(manifest_id, NIGHT))
    corrected = tmp_path / "corrected.csv"
    corrected.write_bytes(manifest_csv(manifest_id, unplanned=True))
    session = browse("border.tucson", language)
    page = session.page

    session.goto("/manifests/upload/")
    _check(page, f"officer-upload-{language}")
    page.locator("#id_file").set_input_files(str(planted))
    page.locator("form[data-upload-progress] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/manifests/uploads/[0-9a-f-]+/$"))
    findings = page.locator("#findings")
    expect(findings).to_contain_text(FINDING[language])
    expect(findings).to_contain_text("TCA-0003")
    expect(findings.locator("a[href='/agreements/lra-2016-nogales/']").first).to_be_visible()
    _check(page, f"officer-check-planted-{language}")
    planted_url = page.url

    page.locator("#id_file").set_input_files(str(corrected))
    page.locator("form[data-upload-progress] [type=submit]").click()
    expect(page).not_to_have_url(planted_url)
    expect(page.locator("#findings")).not_to_contain_text(FINDING[language])
    _check(page, f"officer-check-corrected-{language}")

    page.locator("form[action$='/submit/'] [type=submit]").click()
    expect(page).to_have_url(re.compile(f"/manifests/{manifest_id}/$"))
    expect(page.locator("[role=status]").first).to_be_visible()
    _check(page, f"officer-manifest-{language}")

    page.locator("form[action*='/plans/propose/'] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    accordion = page.locator(".usa-accordion__button").first
    accordion.click()
    expect(accordion).to_have_attribute("aria-expanded", "true")
    _check(page, f"officer-plan-{language}")

    page.locator("label[for=accept-confirm]").click()
    expect(page.locator("#accept-confirm")).to_be_checked()
    page.locator("form[action$='/accept/'] [type=submit]").click()
    expect(page.locator(".enlace-messages")).to_contain_text(ACCEPTED[language])
    _check(page, f"officer-plan-accepted-{language}")

    session.goto("/")
    expect(page.locator("#handovers-heading")).to_be_visible()
    expect(page.locator("main")).to_contain_text(manifest_id)
    _check(page, f"officer-home-{language}")
    assert session.problems == []
