"""The manifest page names persons: each finding names the person of its record (the record
id kept as secondary text), and the page lists who is on the manifest by line, with family
unit, needs and, once a plan is accepted, the planned port and local hour."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from enlace.planning.roster import ROSTER_PAGE
from enlace.planning.services import plan_accept, plan_propose
from enlace.repatriation.intake import manifest_submit

from .. import actors
from .test_pages import NIGHT, manifest_csv, rows_csv

pytestmark = pytest.mark.django_db
ROSTER = re.compile(r'<table[^>]*data-testid="manifest-persons".*?</table>', re.S)
FINDINGS = re.compile(r'<table[^>]*data-testid="findings-table".*?</table>', re.S)


@pytest.fixture
def officer(client, actor):
    user = actor(actors.BORDER_TUCSON)
    client.force_login(user)
    return user


def _page(client, manifest_id: str, query: str = "", language: str = "en") -> str:
    client.cookies["enlace_language"] = language
    url = reverse("repatriation:manifest-detail", args=[manifest_id]) + query
    return client.get(url).content.decode()


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_a_finding_names_the_person_and_keeps_the_record_id(client, officer, language):
    manifest_submit(actor=officer, content=manifest_csv("usbp-tca-named", NIGHT))
    findings = FINDINGS.findall(_page(client, "usbp-tca-named", language=language))[0]
    persons = re.findall(r'<th scope="row">(.*?)</th>', findings, re.S)
    assert persons
    # Each finding names its person, the record id following as secondary text.
    assert all(re.fullmatch(r"\w[^<]* <span[^>]*>[^<]+</span>", person) for person in persons)
    assert 'Juan Peña <span class="text-normal text-base-dark enlace-secondary">TCA-0003' in (
        findings
    )


def test_the_page_lists_every_person_by_line_with_family_and_needs(client, officer):
    manifest_submit(actor=officer, content=manifest_csv("usbp-tca-roster", unplanned=True))
    roster = ROSTER.findall(_page(client, "usbp-tca-roster"))[0]
    assert re.findall(r'data-record="([^"]+)"', roster) == [
        "TCA-0001", "TCA-0002", "TCA-0003", "TCA-0004",
    ]  # fmt: skip
    for name in ("María de Jesús", "José Luis", "Juan Peña", "Guadalupe Morales"):
        assert name in roster
    assert roster.count(">F1<") == 2
    assert "Unaccompanied minor" in roster
    assert roster.count("No accepted plan yet") == 4


def test_once_accepted_the_list_shows_the_planned_port_and_local_hour(client, officer, example_day):
    manifest = manifest_submit(
        actor=officer, content=manifest_csv("usbp-tca-roster-planned", unplanned=True)
    ).manifest
    plan_accept(actor=officer, plan=plan_propose(actor=officer, manifest=manifest))
    roster = ROSTER.findall(_page(client, manifest.manifest_id, language="es-mx"))[0]
    assert "Aún sin plan aceptado" not in roster
    assert re.search(r"Nogales</span> · <span[^>]*>\d{1,2} mar 2019, \d\d:\d\d MST", roster)


def test_a_long_manifest_is_listed_a_page_at_a_time(client, officer):
    manifest = manifest_submit(
        actor=officer, content=rows_csv("usbp-tca-roster-long", ROSTER_PAGE + 3)
    ).manifest
    first = ROSTER.findall(_page(client, manifest.manifest_id))[0]
    assert first.count("data-record=") == ROSTER_PAGE
    html = _page(client, manifest.manifest_id, "?page=2")
    second = ROSTER.findall(html)[0]
    assert re.findall(r'data-record="([^"]+)"', second) == [
        f"Q-{n:04d}" for n in range(ROSTER_PAGE, ROSTER_PAGE + 3)
    ]
    assert f"Persons {ROSTER_PAGE + 1} to {ROSTER_PAGE + 3} of {ROSTER_PAGE + 3}" in html
