"""The plan page as one compact table: a heading row per family unit (or run of persons
travelling alone), the units with a vulnerable person first and their vulnerable members
first, each person named with port, point and local hours, and the acceptance after the
rows it asks the officer to review."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from enlace.planning.models import Plan
from enlace.repatriation.intake import manifest_submit

from ..repatriation.test_pages import manifest_csv

pytestmark = pytest.mark.django_db
# José Luis Cruz (TCA-0002) travels with María de Jesús (TCA-0001, family F1) and has a
# disability; Guadalupe Morales (TCA-0004) is an unaccompanied minor travelling alone; Juan
# Peña (TCA-0003) travels alone with no need marked.
DISABLED = {"TCA-0002": {"disability": "true"}}
TABLE = re.compile(r'<table[^>]*data-testid="plan-table".*?</table>', re.S)


@pytest.fixture
def plan(client, demo_user):
    officer = demo_user("border.tucson")
    content = manifest_csv("usbp-tca-plan-screen", DISABLED, unplanned=True)
    manifest = manifest_submit(actor=officer, content=content).manifest
    client.force_login(officer)
    client.post(reverse("planning:plan-propose", args=[manifest.manifest_id]))
    return Plan.objects.get(manifest=manifest)


def _page(client, plan, language: str = "en") -> str:
    client.cookies["enlace_language"] = language
    return client.get(reverse("planning:plan-detail", args=[plan.pk])).content.decode()


def test_one_table_with_a_heading_row_per_group_vulnerable_persons_first(client, plan):
    html = _page(client, plan)
    tables = TABLE.findall(html)
    assert len(tables) == 1
    table = tables[0]
    assert re.findall(r'data-record="([^"]+)"', table) == [
        "TCA-0002",  # the family with a vulnerable member first, that member first
        "TCA-0001",
        "TCA-0004",  # then those travelling alone: the unaccompanied minor first
        "TCA-0003",  # no need marked: last (file order would put him before the minor)
    ]
    groups = re.findall(r'data-testid="plan-group">\s*<th[^>]*>(.*?)</th>', table, re.S)
    assert [" ".join(group.split()) for group in groups] == [
        'Family unit of 2 persons <span class="text-normal text-base-dark enlace-reference">'
        "(usbp-tca-plan-screen/F1)</span>",
        "Travelling alone: 2 persons",
    ]
    assert "Guadalupe Morales" in table
    assert "Unaccompanied minor" in table
    assert "Disability" in table


@pytest.mark.parametrize(
    ("language", "accept", "family"),
    [("en", "Accept this plan", "Family unit of 2 persons"),
     ("es-mx", "Aceptar este plan", "Unidad familiar de 2 personas")],
)  # fmt: skip
def test_accept_comes_after_the_last_row(client, plan, language, accept, family):
    html = _page(client, plan, language)
    action = reverse("planning:plan-accept", args=[plan.pk])
    last_row = html.rindex('data-testid="plan-row"')
    assert html.index(f'action="{action}"') > last_row
    assert html.index(accept) > last_row
    assert family in html


def test_every_cell_of_the_plan_table_names_its_column_for_the_stacked_view(client, plan):
    table = TABLE.findall(_page(client, plan, "es-mx"))[0]
    cells = re.findall(r"<td[^>]*>", table)
    assert cells
    assert all("data-label=" in cell for cell in cells)
    assert "usa-table--stacked" in table


def test_hours_are_local_with_the_zones_abbreviation(client, plan):
    table = TABLE.findall(_page(client, plan))[0]
    # Nogales, Sonora: America/Hermosillo, MST all year.
    assert re.search(r"\d{1,2} Mar 2019, \d\d:\d\d MST", table)
    assert "UTC" not in table
