"""Scoping, over every role: each demo user sees exactly its share of persons; the rest is 404.

The expected share is computed from the manifest rows as they were received (the cells the
US office sent), the findings, and the committed reference files: not from the scope code
under test.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404
from django.urls import reverse

from enlace.access import Capability, capability_has
from enlace.people import selectors
from enlace.people.models import Person
from enlace.reference.loader import DATA_DIR
from enlace.repatriation.models import Manifest, ManifestRecord
from enlace.repatriation.selectors import manifest_cells

from ..web.support import without_per_response_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_population")]


def _points_of(points: set[str]) -> set[str]:
    with (DATA_DIR / "reception_point_ports.csv").open(encoding="utf-8") as handle:
        return {r["port"] for r in csv.DictReader(handle) if r["reception_point"] in points}


NOGALES_PORTS = _points_of({"nogales"})
SONORA_PORTS = _points_of({"nogales", "san-luis-rc"})


def _handed(record: dict[str, Any]) -> bool:
    return not record["blocked"] and bool(record["handover_at"])


Rule = Callable[[dict[str, Any]], bool]
EXPECTED: dict[str, Rule] = {
    "border.tucson": lambda r: r["apprehension_sector"] == "TCA",
    "removal.phoenix": lambda r: r["sending_office"] == "ero-phoenix",
    "consul.nogales": lambda r: r["consulate"] == "nogales",
    "inm.nogales": lambda r: _handed(r) and r["handover_port"] in NOGALES_PORTS,
    "dif.sonora": lambda r: (
        _handed(r) and r["unaccompanied_minor"] == "true" and r["handover_port"] in SONORA_PORTS
    ),
    "analyst": lambda r: False,
    "labor": lambda r: False,
    "central.authority": lambda r: False,
    "secretariat": lambda r: False,
    "admin": lambda r: False,
}


@functools.cache
def _records() -> list[dict[str, Any]]:
    """The demo's manifest rows (the session's data, the same for every test: read once)."""
    cells = {m.pk: manifest_cells(m) for m in Manifest.objects.all()}
    rows = []
    for record in ManifestRecord.objects.prefetch_related("findings"):
        blocked = any(f.severity == "block" for f in record.findings.all())
        data = cells[record.manifest_id][record.record_id]
        rows.append({**data, "person_id": record.person_id, "blocked": blocked})
    return rows


def _expected(username: str) -> set[int]:
    return {r["person_id"] for r in _records() if EXPECTED[username](r)}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_exactly_its_share(username, demo_user):
    """The scoped person list holds exactly the persons the role's rule selects."""
    user = demo_user(username)
    expected = _expected(username)
    if not expected:
        with pytest.raises(Http404):
            selectors.person_list(user=user, limit=10_000)
        return
    seen = {p.pk for p in selectors.person_list(user=user, limit=10_000)}
    assert seen == expected
    assert 0 < len(seen) < Person.objects.count(), "a scope must be a strict share of the demo"


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_person_page_in_scope_200_else_404(username, demo_user, client):
    """A person in scope opens; out of scope and missing give the same 404. A role that reads
    no person at all is refused the page whatever the record (403)."""
    user = demo_user(username)
    client.force_login(user)
    inside = _expected(username)
    outside = set(Person.objects.values_list("pk", flat=True)) - inside
    if not capability_has(user, Capability.PERSON_READ):
        assert not inside
        for person_id in [*sorted(outside)[:3], 10**9]:
            response = client.get(reverse("people:person-detail", args=[person_id]))
            assert response.status_code == 403
        return
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


def test_roles_with_a_scope_all_see_someone():
    """The demo gives every role that may see persons at least one person to see."""
    for username in ("border.tucson", "removal.phoenix", "consul.nogales", "inm.nogales",
                     "dif.sonora"):  # fmt: skip
        assert _expected(username), username


def test_analyst_home_shows_counts_and_no_person(demo_user, client):
    """The analyst's page has aggregate counts and not one name of the demo population."""
    client.force_login(demo_user("analyst"))
    html = client.get(reverse("web:home")).content.decode()
    for person in Person.objects.all():
        assert f"{person.given_names} {person.paternal_surname}" not in html
    assert "Nogales" in html


def test_inactive_user_sees_nothing(demo_user):
    """A deactivated account loses its scope."""
    user = demo_user("border.tucson")
    user.is_active = False
    with pytest.raises(Http404):
        selectors.person_list(user=user)
    assert list(selectors.person_list(user=demo_user("border.tucson")))
