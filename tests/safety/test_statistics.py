"""The records beside Border Patrol's series: the official column is the published number,
the IOM column leaves out IOM's rows taken from the medical examiner."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from enlace.safety.models import Incident
from enlace.safety.selectors import fiscal_year
from enlace.safety.services import safety_data_load

from ..actors import ANALYST, actor

pytestmark = pytest.mark.django_db


def test_the_comparison_against_the_official_series():
    safety_data_load()
    client = Client()
    client.force_login(actor(ANALYST))
    response = client.get(reverse("safety:statistics"), {"year_from": "2019", "year_to": "2019"})
    assert response.status_code == 200
    [year] = response.context["by_year"]
    assert year.label == "FY2019"
    assert year.official_deaths == 300  # the CBP PDF's southwest-border total
    tucson = next(r for r in response.context["by_sector"] if r.label == "Tucson")
    assert tucson.official_deaths == 61  # tucson,2019,61 in the published series
    pcome = sum(
        i.dead
        for i in Incident.objects.filter(source="pcome", sector_id="TCA")
        if i.occurred_on and fiscal_year(i.occurred_on) == 2019
    )
    assert tucson.pcome == pcome
    from_pcome = Incident.objects.filter(
        source="iom", information_source__contains="Pima County", sector_id="TCA"
    )
    iom = sum(
        i.dead
        for i in Incident.objects.filter(source="iom", sector_id="TCA", kind="death")
        if i.occurred_on and fiscal_year(i.occurred_on) == 2019 and i not in from_pcome
    )
    assert tucson.iom == iom
    assert "Why the numbers differ" in response.content.decode()
