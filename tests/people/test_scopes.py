"""Scoping, over every role: each demo user sees exactly its share of persons; the rest is 404.

The expected share is computed from the demo population as generated and the committed
reference files, not from the scope code under test.
"""

from __future__ import annotations

import csv
from collections.abc import Callable

import pytest
from django.http import Http404
from django.urls import reverse

from enlace.demo.population import DemoEvent
from enlace.people import selectors
from enlace.people.models import IdentityDocument
from enlace.reference.loader import DATA_DIR

from ..web.support import without_per_response_values

pytestmark = pytest.mark.django_db


def _district(consulate: str) -> set[str]:
    with (DATA_DIR / "consular_districts.csv").open(encoding="utf-8") as handle:
        return {
            r["county_fips"] for r in csv.DictReader(handle) if r["consulate_code"] == consulate
        }


EXPECTED: dict[str, Callable[[DemoEvent], bool]] = {
    "border.tucson": lambda e: e.place.sector == "TCA",
    "removal.phoenix": lambda e: e.place.office == "ero-phoenix",
    "consul.tucson": lambda e: e.place.county in _district("tucson"),
    "inm.nogales": lambda e: e.place.reception_point == "nogales",
    "dif.sonora": lambda e: e.unaccompanied_minor and e.place.reception_point == "nogales",
    "analyst": lambda e: False,
    "labor": lambda e: False,
    "central.authority": lambda e: False,
    "secretariat": lambda e: False,
    "admin": lambda e: False,
}


def _person_ids(events: list[DemoEvent]) -> set[int]:
    numbers = [e.a_number for e in events]
    return set(
        IdentityDocument.objects.filter(number__in=numbers).values_list("person_id", flat=True)
    )


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_exactly_its_share(username, demo_user, demo_events):
    """The scoped person list holds exactly the persons the role's rule selects."""
    user = demo_user(username)
    expected = _person_ids([e for e in demo_events if EXPECTED[username](e)])
    if not expected:
        with pytest.raises(Http404):
            selectors.person_list(user=user, limit=10_000)
        return
    seen = {p.pk for p in selectors.person_list(user=user, limit=10_000)}
    assert seen == expected
    assert 0 < len(seen) < len(demo_events), "a scope must be a strict share of the demo"


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_person_page_in_scope_200_else_404(username, demo_user, demo_events, client):
    """A person in scope opens; out of scope and missing give the same 404."""
    user = demo_user(username)
    client.force_login(user)
    inside = _person_ids([e for e in demo_events if EXPECTED[username](e)])
    outside = _person_ids(demo_events) - inside
    for person_id in sorted(inside)[:3]:
        assert client.get(reverse("people:person-detail", args=[person_id])).status_code == 200
    for person_id in sorted(outside)[:3]:
        response = client.get(reverse("people:person-detail", args=[person_id]))
        assert response.status_code == 404
    missing = client.get(reverse("people:person-detail", args=[10**9]))
    assert missing.status_code == 404
    if outside:
        forbidden = client.get(reverse("people:person-detail", args=[min(outside)]))
        assert without_per_response_values(forbidden.content) == without_per_response_values(
            missing.content
        )


def test_scopes_differ_between_neighbouring_offices(demo_user, demo_events):
    """The Tucson consulate does not see every Tucson-sector person (Nogales's district)."""
    consul = {p.pk for p in selectors.person_list(user=demo_user("consul.tucson"), limit=10_000)}
    sector = {p.pk for p in selectors.person_list(user=demo_user("border.tucson"), limit=10_000)}
    assert consul < sector | consul
    assert sector - consul, "Santa Cruz and Cochise counties are outside Tucson's district"


def test_analyst_home_shows_counts_and_no_person(demo_user, client, demo_events):
    """The analyst's page has aggregate counts and not one name of the demo population."""
    client.force_login(demo_user("analyst"))
    html = client.get(reverse("web:home")).content.decode()
    for event in demo_events:
        assert event.person.paternal_surname + " " + event.person.maternal_surname not in html
        assert event.a_number not in html
    assert "Tucson" in html


def test_inactive_user_sees_nothing(demo_user):
    """A deactivated account loses its scope."""
    user = demo_user("border.tucson")
    user.is_active = False
    with pytest.raises(Http404):
        selectors.person_list(user=user)
    assert list(selectors.person_list(user=demo_user("border.tucson")))
