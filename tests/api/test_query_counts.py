"""Query-count guards on the API's lists: a page of 20 (or 10) costs the same queries as a
page of 2 (no per-row queries), for each list operation, as a role that sees many rows; the
unpaged reference lists cost fewer queries than they have rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext

from enlace.repatriation.models import Repatriation

from .. import actors, factories
from ..consular.factories import held_national

SMALL, LARGE = 2, 20


def _queries(api, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200, response.content
    return len(captured), len(response.json()["items"])


def _busiest_day() -> str:
    busiest = (
        Repatriation.objects.filter(reception_point_id="nogales")
        .annotate(day=TruncDate("scheduled_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    # a UTC date; the operation reads the local day in Nogales (UTC-7), which overlaps it
    return str(busiest["day"])


@pytest.fixture
def tucson_manifests(actor) -> list:
    """Three manifests of the Tucson sector (the example's four persons each, under other
    surnames), handed over at Nogales: persons, encounters, manifests and repatriations
    for more than a small page."""
    officer = actor(actors.BORDER_TUCSON)
    return [
        factories.manifest_submitted(
            officer, factories.manifest_csv(manifest_id=f"counts-{n}", surname=f"Conteo{n}")
        )
        for n in range(1, 4)
    ]


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("border.tucson", "/persons?limit={n}"),
        ("consul.nogales", "/persons?limit={n}"),
        ("border.tucson", "/manifests?limit={n}"),
        ("border.tucson", "/encounters?limit={n}"),
        ("consul.nogales", "/encounters?limit={n}"),
        ("inm.nogales", "/repatriations?reception_point=nogales&day={day}&limit={n}"),
    ],
)
def test_a_larger_page_costs_no_more_queries(api_as, tucson_manifests, username, path):
    api = api_as(username)
    day = _busiest_day() if "{day}" in path else ""
    api.get(path.format(n=SMALL, day=day))  # warm: token lookup caches, language
    small, small_items = _queries(api, path.format(n=SMALL, day=day))
    large, large_items = _queries(api, path.format(n=LARGE, day=day))
    assert small_items == SMALL
    assert large_items > SMALL, "the manifests should give this role more than a small page"
    assert large == small


def test_notification_list_costs_no_more_queries(api_as, actor):
    """Notifications, made through the API as the office holding the encounters."""
    from enlace.consular.selectors import encounter_offerable_list

    officer = actor(actors.BORDER_TUCSON)
    for n in range(8):
        held_national(officer, given=f"Consulta{n}")
    api = api_as(actors.BORDER_TUCSON)
    for encounter in encounter_offerable_list(user=officer, limit=8):
        created = api.post("/notifications", {"encounter_id": encounter.pk, "consulate": "tucson"})
        assert created.status_code == 201, created.content
    small, small_items = _queries(api, f"/notifications?limit={SMALL}")
    large, large_items = _queries(api, f"/notifications?limit={LARGE}")
    assert (small_items, large_items > SMALL) == (SMALL, True)
    assert large == small


def test_agreement_list_costs_no_more_queries(api_as):
    api = api_as(actors.ANALYST)
    api.get(f"/agreements?limit={SMALL}")
    small, small_items = _queries(api, f"/agreements?limit={SMALL}")
    large, large_items = _queries(api, "/agreements?limit=10")
    assert (small_items, large_items) == (SMALL, 10)
    assert large == small


def test_token_list_costs_no_more_queries(actor):
    """The caller's own tokens: 2 or 10 of them, the same queries."""
    from enlace.api.tokens import token_create

    from .conftest import ApiClient

    counts = {}
    for username, n in (("inm.nogales", SMALL), ("border.tucson", 10)):
        user = actor(actors.named(username))
        plains = [token_create(actor=user, name=f"t{i}")[1] for i in range(n)]
        api = ApiClient(plains[0])
        api.get("/tokens")  # warm
        with CaptureQueriesContext(connection) as captured:
            response = api.get("/tokens")
        assert len(response.json()) == n
        counts[n] = len(captured)
    assert counts[10] == counts[SMALL]


@pytest.mark.parametrize("path", ["/reference/ports", "/reference/reception-points"])
def test_reference_lists_cost_a_few_queries_whatever_their_length(api_as, path):
    """Unpaged reference lists: fewer queries than rows, so none is spent per row."""
    api = api_as(actors.ANALYST)
    api.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = api.get(path)
    assert response.status_code == 200
    assert len(captured) <= 3
    assert len(response.json()) > 3
