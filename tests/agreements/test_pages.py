"""The inventory and an agreement's page: access, languages, filters, CSP, query counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from enlace.agreements.models import Agreement, AgreementVersion

from ..web.support import assert_csp_clean

pytestmark = pytest.mark.django_db

LIST_URL = reverse("agreements:agreement-list")


def _detail(code: str) -> str:
    return reverse("agreements:agreement-detail", args=[code])


def _codes(html: str) -> set[str]:
    """The agreement codes linked from the results table."""
    table = html[html.index('id="results-heading"') :]
    return set(re.findall(r'href="/agreements/([a-z0-9-]+)/"', table))


@pytest.mark.parametrize("url", [LIST_URL, _detail("mou-2004-repatriation")])
def test_anonymous_is_sent_to_sign_in(client, loaded, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("username", ["secretariat", "analyst"])
@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_list_renders(client, loaded, sign_in, username, language):
    """Every signed-in role reads the inventory, in both languages, with a clean CSP."""
    sign_in(username)
    client.cookies["enlace_language"] = language

    response = client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert len(_codes(html)) == 23
    title = "Arreglo local de repatriación – El Paso (2016)"
    if language == "en":
        title = "Local Repatriation Arrangement – El Paso (2016)"
    assert title in html
    assert_csp_clean(html)


@pytest.mark.parametrize("username", ["secretariat", "analyst"])
@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_detail_renders(client, loaded, sign_in, username, language):
    """Versions, clauses in the active language, parameters with defaults marked."""
    sign_in(username)
    client.cookies["enlace_language"] = language

    response = client.get(_detail("lra-2016-san-diego"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    if language == "en":
        assert "Tijuana: unaccompanied minors are not to be returned after 18:00" in html
    else:
        assert "Tijuana: las niñas, niños y adolescentes no acompañados no deben" in html
    assert html.count('class="usa-tag bg-gold text-ink">') >= 5  # the defaults
    assert "2016-02-23" in html
    assert_csp_clean(html)


def test_detail_marks_defaults_with_their_reason(client, loaded, sign_in):
    sign_in("analyst")
    html = client.get(_detail("mou-2004-repatriation"), HTTP_ACCEPT_LANGUAGE="en").content
    text = html.decode()
    assert "Default" in text
    assert "Not found in the sources" in text
    assert "conservative default of 120 minutes" in text
    assert "120 minutes before the handover" in text


def test_detail_shows_successors_of_ins_signatories(client, loaded, sign_in):
    """The former INS El Paso district is held today by ICE ERO El Paso; the Marfa sector
    (then INS Border Patrol) continues as CBP's Big Bend sector."""
    sign_in("secretariat")
    html = client.get(_detail("el-paso-juarez-1998")).content.decode()
    parties = html[html.index('id="parties-heading"') : html.index('id="versions-heading"')]
    assert "ICE ERO El Paso Field Office" in parties
    assert "U.S. Border Patrol – Big Bend Sector" in parties
    assert "lra-2016-el-paso" in html  # covered by


def test_unknown_agreement_is_not_found(client, loaded, sign_in):
    sign_in("analyst")
    assert client.get(_detail("no-such-agreement")).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"status": "in_force"},
            {"mou-1996-consular-protection", "mou-2004-repatriation", "interior-repatriation"}
            | {f"lra-2016-{a}" for a in ("san-diego", "yuma", "nogales", "el-paso", "presidio")}
            | {f"lra-2016-{a}" for a in ("del-rio", "laredo", "mcallen", "brownsville")},
        ),
        ({"party": "INS"}, {"el-paso-juarez-1998", "california-guidelines"}),
        (
            {"port": "2304"},
            {"mou-1996-consular-protection", "mou-2004-repatriation"}
            | {"lra-2009-laredo", "lra-2016-laredo"},
        ),
        (
            {"port": "2402", "status": "superseded"},
            {"el-paso-juarez-1998", "lra-2009-el-paso"},
        ),
        ({"pending": "on"}, set()),
    ],
)
def test_filters(client, loaded, sign_in, query, expected):
    sign_in("secretariat")
    html = client.get(LIST_URL, query).content.decode()
    assert _codes(html) == expected


def test_pending_filter_finds_an_uncovered_ins_era_instrument(client, loaded, sign_in):
    """An INS-era instrument at a port no DHS-era arrangement covers is still to renegotiate."""
    old = Agreement.objects.create(
        code="boquillas-1999",
        title_en="Boquillas arrangement",
        title_es="Arreglo de Boquillas",
        kind="local_arrangement",
        status="in_force",
        ins_era=True,
    )
    version = AgreementVersion.objects.create(
        agreement=old, label="1999", effective_from="1999-01-01", sources="test"
    )
    version.ports.add("2410")
    sign_in("secretariat")

    html = client.get(LIST_URL, {"pending": "on"}).content.decode()

    assert _codes(html) == {"boquillas-1999"}
    assert "1 INS-era instrument is still to renegotiate." in html
    assert "Ports not covered by a DHS-era instrument: 2410." in html


def test_none_pending_is_said(client, loaded, sign_in):
    sign_in("analyst")
    html = client.get(LIST_URL).content.decode()
    assert "None is still to renegotiate" in html


def test_invalid_filter_is_left_out(client, loaded, sign_in):
    sign_in("analyst")
    response = client.get(LIST_URL, {"status": "bogus", "port": "2304"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were not understood" in html
    assert _codes(html) == {
        "mou-1996-consular-protection",
        "mou-2004-repatriation",
        "lra-2009-laredo",
        "lra-2016-laredo",
    }


def test_list_query_count(client, loaded, sign_in, django_assert_max_num_queries):
    """The inventory costs a fixed number of queries, whatever the number of agreements."""
    sign_in("secretariat")
    with django_assert_max_num_queries(16):
        response = client.get(LIST_URL)
    assert response.status_code == 200


def test_detail_query_count(client, loaded, sign_in, django_assert_max_num_queries):
    sign_in("secretariat")
    with django_assert_max_num_queries(20):
        response = client.get(_detail("lra-2016-san-diego"))
    assert response.status_code == 200


def test_secretariat_home_links_the_inventory(client, loaded, sign_in):
    sign_in("secretariat")
    html = client.get(reverse("web:home")).content.decode()
    assert f'href="{LIST_URL}"' in html
    assert "23 instruments are recorded, 12 in force." in html
    assert_csp_clean(html)
