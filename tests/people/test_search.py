"""Person search: names without accents, with typos, in any order, nicknames; CURP and
A-number; ranked; scoped and audited. The database tests run on SQLite and, with
``DATABASE_URL`` set, on PostgreSQL (the trigram path); ``postgres`` tests check the index."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace.core.models import AuditEvent
from enlace.people import search, selectors
from enlace.people.core.curp import curp_build
from enlace.people.models import DocumentKind, Encounter, EncounterKind, IdentityDocument, Person
from enlace.people.scopes import persons_visible
from enlace.people.search import MatchKind, match_score, name_key, name_query_parse

from .. import actors

A_NUMBER = "A099999901"

# --- the comparison itself (no database) --------------------------------------------------


def test_name_key_folds_accents_and_enye_like_sql():
    """Spanish accents and ñ are folded and ASCII upper-cased; other characters stay."""
    assert name_key("José Ángel", "Núñez-Peña", None) == "JOSE ANGEL NUNEZ-PENA "
    assert search.words("MARIA DE LOS ANGELES DE LA CRUZ") == ["MARIA", "ANGELES", "CRUZ"]


def test_query_drops_particles_and_expands_nicknames():
    """``Pancho`` also stands for Francisco; ``de la`` is not a word to find."""
    query = name_query_parse("Pancho de la Cruz")
    assert query.groups == (("PANCHO", "FRANCISCO"), ("CRUZ",))
    assert query.text == "FRANCISCO CRUZ"


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ("Jose Nunez Pruebatlan", "JOSE NUNEZ PRUEBATLAN", MatchKind.EXACT),
        ("pruebatlán núñez josé", "JOSE NUNEZ PRUEBATLAN", MatchKind.EXACT),
        ("Jose Nunez", "JOSE FRANCISCO NUNEZ PRUEBATLAN", MatchKind.ALL_WORDS),
        ("Pancho Nunez", "FRANCISCO NUNEZ PRUEBATLAN", MatchKind.ALL_WORDS),
        ("Prueba", "JOSE NUNEZ PRUEBATLAN", MatchKind.ALL_WORDS),
        ("Jose Nunes Pruebatlam", "JOSE NUNEZ PRUEBATLAN", MatchKind.SIMILAR),
        ("Baldes", "JUAN VALDEZ", MatchKind.SIMILAR),
        ("Jose Ramirez", "JOSE NUNEZ PRUEBATLAN", None),
    ],
)
def test_match_kinds(query, key, expected):
    match = match_score(name_query_parse(query), key)
    assert (match.kind if match else None) == expected


# --- the search over the database ---------------------------------------------------------


def _person(office: Any, given: str, paternal: str, maternal: str, **extra: Any) -> Person:
    """A person with one encounter recorded by ``office`` (so in that office's scope)."""
    person = Person.objects.create(
        given_names=given, paternal_surname=paternal, maternal_surname=maternal,
        sex="M", birth_date=date(1990, 5, 17), **extra,
    )  # fmt: skip
    Encounter.objects.create(
        person=person, kind=EncounterKind.APPREHENSION, occurred_at=timezone.now(),
        agency_id=office.agency_id, office=office, sector_id=office.sector_id,
    )  # fmt: skip
    return person


@pytest.fixture
def people(actor) -> SimpleNamespace:
    """Invented names in the Tucson sector's scope, and one namesake in Phoenix ERO's."""
    tucson, phoenix = actor(actors.BORDER_TUCSON), actor(actors.REMOVAL_PHOENIX)
    curp = curp_build(given_names="José Francisco", paternal_surname="Núñez",
                      maternal_surname="Pruebatlán", birth_date=date(1990, 5, 17), sex="M",
                      state_code="SR")  # fmt: skip
    full = _person(tucson.office, "José Francisco", "Núñez", "Pruebatlán", curp=curp)
    IdentityDocument.objects.create(person=full, kind=DocumentKind.A_NUMBER, number=A_NUMBER)
    return SimpleNamespace(
        tucson=tucson,
        phoenix=phoenix,
        full=full,
        swapped=_person(tucson.office, "José", "Pruebatlán", "Núñez"),
        similar=_person(tucson.office, "José", "Pruebatlam", "Nuñes"),
        particles=_person(tucson.office, "María de los Ángeles", "De la Ensayada", "Quimérez"),
        elsewhere=_person(phoenix.office, "José Francisco", "Núñez", "Pruebatlán"),
    )


def _found(user: Any, query: str) -> list[tuple[int, MatchKind | None]]:
    found = selectors.person_list(user=user, query=query)
    return [(p.pk, p.search_match) for p in found]  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "jose francisco nunez pruebatlan",  # no accents, lower case
        "Francisco Pruebatlán Núñez José",  # any order
        "José Francisco Nuñes Pruebatlam",  # two typos
        "José Francisco Nñez Pruebatlán",  # a typo in a short word: too few trigrams left
        "Pancho Núñez Pruebatlán",  # nickname
    ],
)
def test_the_person_comes_first(people, query):
    """The intended person is the first result, however the name was typed."""
    assert _found(people.tucson, query)[0][0] == people.full.pk


@pytest.mark.django_db
def test_ranking_exact_then_all_words_then_similar(people):
    """The same name in the same words first, then names holding every word, then similar."""
    found = dict(_found(people.tucson, "José Pruebatlán Núñez"))
    assert found[people.swapped.pk] == MatchKind.EXACT
    assert found[people.full.pk] == MatchKind.ALL_WORDS
    assert found[people.similar.pk] == MatchKind.SIMILAR
    order = [pk for pk, _ in _found(people.tucson, "José Pruebatlán Núñez")]
    assert order.index(people.swapped.pk) < order.index(people.full.pk)
    assert order.index(people.full.pk) < order.index(people.similar.pk)


@pytest.mark.django_db
def test_particles_are_not_needed(people):
    assert _found(people.tucson, "Maria Angeles Ensayada")[0][0] == people.particles.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["curp", "curp lower", "curp prefix", "a-number", "a-number digits"],
)
def test_identifiers(people, query):
    """A CURP (any case, or its first 10 characters) and an A-number find their holder."""
    typed = {
        "curp": people.full.curp,
        "curp lower": people.full.curp.lower(),
        "curp prefix": people.full.curp[:10],
        "a-number": A_NUMBER,
        "a-number digits": "099-999-901",
    }[query]
    found = _found(people.tucson, typed)
    assert found[0] == (people.full.pk, None)
    assert people.elsewhere.pk not in dict(found)


@pytest.mark.django_db
def test_never_an_out_of_scope_person(people):
    """Each office finds its own namesake only; no result is ever outside the scope."""
    query = "José Francisco Núñez Pruebatlán"
    tucson = dict(_found(people.tucson, query))
    phoenix = dict(_found(people.phoenix, query))
    assert people.full.pk in tucson
    assert people.elsewhere.pk not in tucson
    assert people.elsewhere.pk in phoenix
    assert people.full.pk not in phoenix
    for user in (people.tucson, people.phoenix):
        visible = set(persons_visible(user).values_list("pk", flat=True))
        assert set(dict(_found(user, "Jose"))) <= visible


@pytest.mark.django_db
def test_roles_without_persons_get_404(people, actor):
    with pytest.raises(Http404):
        selectors.person_search(user=actor(actors.ANALYST), query="Núñez")


@pytest.mark.django_db
def test_a_search_writes_one_list_audit_event_without_the_query(people):
    before = AuditEvent.objects.count()
    found = selectors.person_list(user=people.tucson, query="Núñez Pruebatlán")
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert [(e.action, e.subject_type) for e in events] == [("list", "people.person")]
    assert events[0].detail == {"count": len(found), "searched": True}
    assert "Pruebatl" not in str(events[0].detail)


@pytest.mark.django_db
def test_too_short_a_query_is_an_error_not_a_scan(people):
    result = selectors.person_search(user=people.tucson, query="Jo")
    assert result.hits == []
    assert result.error is not None


@pytest.mark.django_db
def test_api_pages_of_a_search_go_by_id(people):
    """With a cursor (the API) the matches come by id, from the cursor on."""
    first = selectors.person_list(user=people.tucson, query="Pruebatlan", limit=2, after_id=0)
    rest = selectors.person_list(
        user=people.tucson, query="Pruebatlan", limit=10, after_id=first[-1].pk
    )
    ids = [p.pk for p in first + rest]
    assert ids == sorted(ids)
    assert {people.full.pk, people.swapped.pk, people.similar.pk} <= set(ids)
    assert people.elsewhere.pk not in ids


# --- the page -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "label"), [("en", "All words found"), ("es-mx", "Todas las palabras")]
)
def test_page_shows_results_with_why_they_matched(client, people, language, label):
    client.force_login(people.tucson)
    url = reverse("people:person-list")
    response = client.get(url, {"q": "Nunez Pruebatlan"}, HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert response.status_code == 200
    assert "José Francisco Núñez Pruebatlán</a>" in html
    assert people.full.curp in html
    assert label in html
    assert 'hx-get="/people/"' in html


@pytest.mark.django_db
def test_live_search_returns_the_results_region_only(client, people):
    client.force_login(people.tucson)
    response = client.get(
        reverse("people:person-list"), {"q": "Pruebatlan"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="results-heading"' in html
    assert "José Francisco Núñez Pruebatlán</a>" in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "field"),
    [("en", "Name, CURP or A-number"), ("es-mx", "Nombre, CURP o número A (A-number)")],
)
def test_page_names_the_field_when_the_query_is_too_short(client, people, language, field):
    client.force_login(people.tucson)
    response = client.get(reverse("people:person-list"), {"q": "Jo"},
                          HTTP_ACCEPT_LANGUAGE=language)  # fmt: skip
    html = response.content.decode()
    assert 'id="person-search-error"' in html
    assert f"{field}:" in html


@pytest.mark.django_db
def test_results_page_costs_the_same_queries_for_more_hits(client, people):
    """No query per result row: three more namesakes, with states of birth and documents,
    cost what one did."""
    client.force_login(people.tucson)
    url = reverse("people:person-list")
    client.get(url, {"q": "Pruebacuenta"})  # the session warms up
    _person(people.tucson.office, "Ramón", "Pruebacuenta", "Uno", state_of_birth_id="26")
    with CaptureQueriesContext(connection) as one:
        first = client.get(url, {"q": "Pruebacuenta"}).content.decode()
    for maternal in ("Dos", "Tres", "Cuatro"):
        more = _person(people.tucson.office, "Ramón", "Pruebacuenta", maternal,
                       state_of_birth_id="26")  # fmt: skip
        IdentityDocument.objects.create(
            person=more, kind=DocumentKind.A_NUMBER, number=f"A0999999{len(maternal):02d}"
        )

    with CaptureQueriesContext(connection) as four:
        second = client.get(url, {"q": "Pruebacuenta"}).content.decode()

    assert first.count("Ramón Pruebacuenta") == 1
    assert second.count("Ramón Pruebacuenta") == 4
    assert len(four) == len(one)


@pytest.mark.django_db
def test_page_is_refused_to_a_role_without_persons(client, people, actor):
    client.force_login(actor(actors.ANALYST))
    assert client.get(reverse("people:person-list"), {"q": "Núñez"}).status_code == 403


# --- PostgreSQL: the trigram index ----------------------------------------------------------


def _plan(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table: force the choice
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.django_db
def test_sql_name_key_is_the_python_one():
    names = [("José Ángel", "Núñez-Peña", ""), ("MARÍA", "de la O", None), ("Güero", "Ö", "x")]
    with connection.cursor() as cursor:
        for given, paternal, maternal in names:
            cursor.execute("SELECT enlace_name_key(%s, %s, %s)", [given, paternal, maternal])
            assert cursor.fetchone()[0] == name_key(given, paternal, maternal)


@pytest.mark.postgres
@pytest.mark.django_db
def test_both_stages_use_the_trigram_index():
    query = name_query_parse("Nunes Pruebatlan")
    table = Person.objects.annotate(name_key=search.NameKey())
    for condition in (search._all_words(query), search._similar_words(query)):
        sql, params = table.filter(condition).values_list("pk").query.sql_with_params()
        assert "person_name_key_trgm" in _plan(sql, params)


# --- the page in a browser -------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_results_update_as_the_officer_types(browse, language):
    """Typing updates the results in place (htmx); Enter submits the plain form."""
    from playwright.sync_api import expect

    from enlace.accounts.models import User
    from tests.browser import axe_check, screenshot

    office = User.objects.select_related("office").get(username="border.tucson").office
    _person(office, "José Francisco", "Núñez", "Pruebatlán")
    session = browse("border.tucson", language)
    page = session.page
    session.goto(reverse("people:person-list"))
    page.locator("#person-search").press_sequentially("nunez pruebatlan", delay=20)
    row = page.locator("#person-results").get_by_role(
        "link", name="José Francisco Núñez Pruebatlán"
    )
    expect(row).to_be_visible()
    assert "?q=" not in page.url  # replaced in place, no reload
    axe_check(page)
    screenshot(page, f"people-search-live-{language}")
    page.locator("#person-search").press("Enter")
    page.wait_for_url("**/people/?q=*")
    expect(row).to_be_visible()
    assert session.problems == []
