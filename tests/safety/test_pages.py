"""The incidents list, the map and their CSV files: filters, the roles that see them."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from enlace.safety.models import Incident
from enlace.safety.services import safety_data_load

from ..actors import ANALYST, BORDER_TUCSON, INM_NOGALES, ActorSpec, actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    safety_data_load()


def _client(spec: ActorSpec, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(actor(spec))
    return client


def test_the_csv_has_exactly_the_filtered_incidents(loaded):
    """Filters by year, kind, cause and sector select the same rows in the CSV as in SQL."""
    client = _client(ANALYST)
    query = {"year_from": "2015", "year_to": "2016", "kind": "death", "sector": "TCA"}
    response = client.get(reverse("safety:incident-csv"), query)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    expected = Incident.objects.filter(
        occurred_on__year__in=[2015, 2016], kind="death", sector_id="TCA"
    )
    assert len(rows) == expected.count() > 0
    assert {r["kind"] for r in rows} == {"death"}
    assert {r["sector"] for r in rows} == {"TCA"}
    assert all(r["date"][:4] in {"2015", "2016"} for r in rows)
    by_cause = client.get(reverse("safety:incident-csv"), {"cause": "Drowning"})
    causes = {r["cause"] for r in csv.DictReader(io.StringIO(by_cause.content.decode()))}
    assert causes == {"Drowning"}


def test_the_list_names_a_bad_filter_in_spanish_and_ignores_it(loaded):
    response = _client(ANALYST, "es").get(reverse("safety:incident-list"), {"year_from": "19x"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "no es un año entre 1980 y 2100" in text
    assert "Incidentes fronterizos" in text


def test_the_map_draws_border_states_ports_points_and_sector_table(loaded):
    """The SVG carries the border line, the states, the ports and one point per placed
    incident; the sector table adds up to the incidents with a sector."""
    response = _client(BORDER_TUCSON).get(reverse("safety:map"), {"kind": "remains"})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="border-line"' in text
    assert "<title>Sonora</title>" in text
    assert "<title>Arizona</title>" in text
    assert "<title>Nogales" in text  # a port of entry
    remains = Incident.objects.filter(kind="remains")
    layers = response.context["layers"]
    assert len(layers.points) + layers.unplaced == remains.count()
    table = {s.code: s.incidents for s in layers.sectors}
    assert table["TCA"] == remains.filter(sector_id="TCA").count()
    assert sum(table.values()) == remains.exclude(sector=None).count()
    sectors_csv = _client(BORDER_TUCSON).get(reverse("safety:map-csv"), {"kind": "remains"})
    rows = list(csv.DictReader(io.StringIO(sectors_csv.content.decode())))
    assert {r["sector"]: int(r["incidents"]) for r in rows} == table


def test_a_role_without_safety_read_is_refused(loaded):
    """INM reception officers do not hold SAFETY_READ: 403 on the pages and the CSV."""
    client = _client(INM_NOGALES)
    for name in ("safety:incident-list", "safety:map", "safety:incident-csv", "safety:map-csv"):
        assert client.get(reverse(name)).status_code == 403


def test_the_medical_examiner_reads_the_remains_from_home_in_spanish(loaded):
    """The Pima County medical examiner (a new role) lands on a home that leads to the
    remains, and the navigation offers border safety."""
    from ..actors import MEDICAL_EXAMINER_PIMA

    client = _client(MEDICAL_EXAMINER_PIMA, "es")
    home = client.get("/").content.decode()
    assert "Médico forense (oficina de condado de EE. UU.)" in home
    assert "Oficina del Médico Forense del Condado de Pima" in home
    assert reverse("safety:incident-list") + "?kind=remains" in home
    assert "Seguridad fronteriza" in home
    listed = client.get(reverse("safety:incident-list"), {"kind": "remains"})
    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == Incident.objects.filter(kind="remains").count()
