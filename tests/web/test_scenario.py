"""The whole workflow across roles in a real browser, once in English and once in Spanish.

Border Patrol uploads a manifest with a planted violation, sees the finding with its citation,
uploads the corrected file, submits it, proposes a plan and accepts it, then records the handover
of one person at Nogales; the INM officer there confirms it from the home page; the consulate
sees the confirmed handover in the person's timeline; a DIF officer, whose scope does not hold
this adult, gets the "not found" page. Every page is scanned with axe-core and photographed.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from enlace.accounts.models import User
from enlace.demo.today import manifest_moved
from enlace.repatriation.models import Repatriation, RepatriationStatus

from ..browser import axe_check, screenshot

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"
PLANTED = "TCA-0003"  # a serious medical condition without clearance: MEDICAL, blocking
TABLET = {"width": 768, "height": 1024}
FOLLOWED = "TCA-0001"  # the adult whose handover the scenario follows to the consulate
TEXT = {
    "en": {
        "finding": "A person with a serious medical condition has no medical clearance.",
        "accepted": "Plan accepted",
        "timeline": "Handover confirmed by the receiving officer",
        "not_found": "Page not found",
    },
    "es-mx": {
        "finding": "Una persona con una afección médica grave no tiene autorización médica.",
        "accepted": "Plan aceptado",
        "timeline": "Entrega confirmada por el funcionario que recibe",
        "not_found": "Página no encontrada",
    },
}


def _manifest(manifest_id: str, *, cleared: bool) -> bytes:
    """The documented example moved to the last hours, with TCA-0003 ill and (unless
    ``cleared``) without the medical clearance the agreements require."""
    moved = manifest_moved(
        [EXAMPLE.read_bytes()], last=timezone.now() - timedelta(hours=1), manifest_id=manifest_id
    )
    rows = list(csv.DictReader(io.StringIO(moved.decode())))
    for row in rows:
        if row["record_id"] == PLANTED:
            row.update(medical_condition="serious", medical_clearance=str(cleared).lower())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def _page_ok(session, name: str) -> None:
    axe_check(session.page)
    screenshot(session.page, f"scenario-{name}")


def _upload(page, path: Path) -> None:
    """Send the file through the form; the progress script (not a plain POST) carries it."""
    page.locator("#id_file").set_input_files(str(path))
    with page.expect_request(lambda r: r.headers.get("x-enlace-upload") == "1"):
        page.locator("form[data-upload-progress] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/manifests/uploads/[0-9a-f-]+/$"))


def _border_patrol_plans(session, folder: Path, manifest_id: str, text: dict[str, str]) -> None:
    page = session.page
    planted, corrected = folder / "planted.csv", folder / "corrected.csv"
    planted.write_bytes(_manifest(manifest_id, cleared=False))
    corrected.write_bytes(_manifest(manifest_id, cleared=True))

    session.goto("/")
    page.locator("main a[href='/manifests/upload/']").first.click()
    _upload(page, planted)
    findings = page.locator("#findings")
    expect(findings).to_contain_text(text["finding"])
    expect(findings).to_contain_text(PLANTED)
    expect(findings.locator("a[href^='/agreements/']").first).to_be_visible()
    _page_ok(session, f"1-finding-{session.language}")

    _upload(page, corrected)
    expect(page.locator("main")).not_to_contain_text(text["finding"])
    page.locator("form[action$='/submit/'] [type=submit]").click()
    expect(page).to_have_url(re.compile(f"/manifests/{manifest_id}/$"))
    _page_ok(session, f"2-manifest-{session.language}")

    page.locator("form[action*='/plans/propose/'] [type=submit]").click()
    expect(page).to_have_url(re.compile(r"/plans/\d+/$"))
    _page_ok(session, f"3-plan-{session.language}")
    page.locator("label[for=accept-confirm]").click()
    page.locator("form[action$='/accept/'] [type=submit]").click()
    expect(page.locator(".enlace-messages")).to_contain_text(text["accepted"])


def _border_patrol_hands_over(session, repatriation: Repatriation) -> None:
    page = session.page
    session.goto("/")
    page.locator(f"a[href='/handovers/{repatriation.pk}/record/']").click()
    inm = User.objects.get(username="inm.nogales")
    page.locator("#id_receiving_officer").select_option(str(inm.pk))
    page.locator("#id_belongings").fill("1 x backpack")
    # The plan put the handover hours ahead (never before now plus the notice lead): handed
    # over now, the form asks why.
    page.locator("#id_timing_reason").fill("The receiving side was ready early.")
    _page_ok(session, f"4-handover-{session.language}")
    page.locator("main form button[type=submit]").click()
    # The receipt's page, or, for a family handed over together, the list of its receipts.
    expect(page.locator("main a[href*='/handovers/receipts/']").first).to_be_visible()


def _reception_confirms(session, repatriation: Repatriation) -> None:
    page = session.page
    zone = ZoneInfo(repatriation.reception_point.time_zone)
    local = timezone.localtime(repatriation.scheduled_at, zone)
    session.goto(f"/?day={local.date().isoformat()}")
    status = page.locator(f"#arrival-{repatriation.pk}-status")
    _page_ok(session, f"5-arrivals-{session.language}")
    # The module's officers work on tablets: nothing may push the page sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
    status.locator("button[type=submit]").click()
    expect(page.locator(f"#arrival-{repatriation.pk}-status button")).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_manifest_to_consulate_across_roles(browse, tmp_path, language):
    text = TEXT[language]
    manifest_id = f"usbp-tca-scenario-{language}"
    border = browse("border.tucson", language)
    _border_patrol_plans(border, tmp_path, manifest_id, text)

    repatriation = Repatriation.objects.select_related("reception_point").get(
        manifest_record__manifest__manifest_id=manifest_id,
        manifest_record__record_id=FOLLOWED,
    )
    assert repatriation.reception_point_id == "nogales"
    _border_patrol_hands_over(border, repatriation)

    inm = browse("inm.nogales", language, viewport=TABLET)
    _reception_confirms(inm, repatriation)
    repatriation.refresh_from_db()
    assert repatriation.status == RepatriationStatus.HANDED_OVER

    consul = browse("consul.nogales", language)
    consul.goto(f"/people/{repatriation.person_id}/")
    expect(consul.page.locator("main")).to_contain_text(text["timeline"])
    _page_ok(consul, f"6-timeline-{language}")

    dif = browse("dif.sonora", language)
    dif.expect_status(404)
    response = dif.goto(f"/people/{repatriation.person_id}/")
    assert response is not None
    assert response.status == 404
    expect(dif.page.locator("h1")).to_contain_text(text["not_found"])
    _page_ok(dif, f"7-not-found-{language}")

    for session in (border, inm, consul, dif):
        assert session.problems == []
