"""Server-rendered pages: layout, language, CSP hygiene, and what each role's page shows."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

import enlace
from enlace.accounts.models import Role
from enlace.people.models import Encounter, EncounterKind, Person

from .. import actors, factories
from .support import PASSWORD, SCHEDULED_LOCAL, assert_csp_clean, without_per_response_values

LOGIN_URL = reverse("login")
HOME_URL = reverse("web:home")
SPANISH_CATALOG = Path(enlace.__file__).parent / "locale" / "es_MX" / "LC_MESSAGES" / "django.mo"

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def _has_language_switch(html: str, selected: str) -> bool:
    form = re.search(
        r'<form[^>]*action="/i18n/setlang/"[^>]*method="post".*?</form>', html, re.DOTALL
    )
    if form is None:
        return False
    body = form.group(0)
    return (
        'name="csrfmiddlewaretoken"' in body
        and 'name="next"' in body
        and re.search(r'<select [^>]*id="enlace-language" name="language">', body) is not None
        and f'<option value="{selected}" lang="{selected}" selected>' in body
        and 'type="submit"' in body
    )


# --- sign-in ------------------------------------------------------------------------------


def test_login_page_renders_in_english(client):
    """The sign-in page is English by default, with the language switch and a clean CSP."""
    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = _html(response)
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert '<main id="main-content"' in html
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert _has_language_switch(html, selected="en")
    assert_csp_clean(html)


@pytest.mark.parametrize(
    ("header", "cookie"),
    [
        pytest.param("es-MX,es;q=0.9", None, id="accept-language"),
        pytest.param("en-US", "es-mx", id="language-cookie"),
    ],
)
def test_login_page_renders_in_spanish(client, header, cookie):
    """Spanish (Mexico) is chosen from the browser's languages or the language cookie."""
    if cookie:
        client.cookies["enlace_language"] = cookie

    response = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE=header)

    html = _html(response)
    assert response.status_code == 200
    assert '<html lang="es-mx">' in html
    assert _has_language_switch(html, selected="es-mx")
    assert_csp_clean(html)


def test_language_switch_works_without_javascript(client):
    """Posting the switch form sets the language cookie and returns to the page it was on."""
    response = client.post(
        reverse("set_language"), {"language": "es-mx", "next": LOGIN_URL}, follow=True
    )

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert client.cookies["enlace_language"].value == "es-mx"
    assert '<html lang="es-mx">' in _html(response)


def test_language_options_are_named_in_their_own_language(client):
    """A reader who cannot read the active language still finds "English" in the list."""
    client.cookies["enlace_language"] = "es-mx"

    html = _html(client.get(LOGIN_URL))

    assert '<option value="en" lang="en">English</option>' in html


def test_failed_sign_in_shows_an_accessible_error(client, scenario, make_user):
    """A wrong password re-renders the form with an alert announced to screen readers."""
    make_user(Role.MX_CONSULAR_OFFICER, scenario.offices["consulate"], username="t-officer")

    response = client.post(LOGIN_URL, {"username": "t-officer", "password": "wrong-password"})

    html = _html(response)
    assert response.status_code == 200
    assert 'role="alert" id="signin-errors"' in html
    assert 'aria-describedby="signin-errors"' in html
    assert_csp_clean(html)


def test_sign_in_lands_on_home(client, scenario, make_user):
    make_user(Role.MX_CONSULAR_OFFICER, scenario.offices["consulate"], username="t-officer")

    response = client.post(LOGIN_URL, {"username": "t-officer", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == HOME_URL


def test_five_failed_sign_ins_lock_the_account(client, scenario, make_user):
    """After five failures axes answers with the lockout page, naming the 15-minute wait."""
    make_user(Role.MX_CONSULAR_OFFICER, scenario.offices["consulate"], username="t-officer")
    for _ in range(5):
        client.post(LOGIN_URL, {"username": "t-officer", "password": "wrong-password"})

    response = client.post(LOGIN_URL, {"username": "t-officer", "password": PASSWORD})

    html = _html(response)
    assert response.status_code == 429
    assert "Too many failed sign-ins" in html
    assert "Try again in 15 minutes." in html
    assert "contact your administrator" in html
    assert_csp_clean(html)


# --- plumbing -----------------------------------------------------------------------------


def test_healthz_returns_ok(client):
    response = client.get(reverse("web:healthz"))

    assert response.status_code == 200
    assert response.content == b"ok"


def test_anonymous_home_redirects_to_sign_in(client):
    response = client.get(HOME_URL)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={HOME_URL}"


def test_not_found_page_uses_the_base_layout(client):
    response = client.get("/no-such-page/")

    html = _html(response)
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert '<main id="main-content"' in html
    assert 'class="usa-banner enlace-banner"' in html
    assert _has_language_switch(html, selected="en")
    assert_csp_clean(html)


def test_server_error_page_renders_without_a_request():
    """500.html must render from an empty context: the failure may be in the context itself."""
    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert "vendor/uswds/css/uswds.min.css" in html
    assert_csp_clean(html)


def test_out_of_scope_person_looks_like_a_missing_one(client, scenario, signed_in):
    """A person outside the user's scope gets the same 404 page as an id that does not exist."""
    signed_in(Role.MX_CONSULAR_OFFICER, "empty_consulate")
    missing_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000

    forbidden = client.get(reverse("people:person-detail", args=[scenario.person.pk]))
    missing = client.get(reverse("people:person-detail", args=[missing_id]))

    assert forbidden.status_code == missing.status_code == 404
    assert without_per_response_values(forbidden.content) == without_per_response_values(
        missing.content
    )
    assert "Pruebatlán" not in _html(forbidden)
    assert "<h1>Page not found</h1>" in _html(forbidden)


# --- the shell when signed in -------------------------------------------------------------


def test_header_shows_user_role_office_and_a_post_sign_out(client, signed_in):
    signed_in(Role.MX_CONSULAR_OFFICER)

    html = _html(client.get(HOME_URL))

    assert "<strong>t-mx_consular_officer</strong>" in html
    assert "Mexican consular officer" in html
    assert "Consulate General of Mexico in Testville" in html
    assert re.search(
        r'<form class="enlace-signout" method="post" action="/accounts/logout/">', html
    )
    assert (
        '<a class="usa-nav-link usa-current" href="/" aria-current="page"><span>Home</span>' in html
    )
    assert 'href="/people/"' in html


def test_office_name_follows_the_active_language(client, signed_in):
    """The office is named in Spanish when Spanish is active, from the row's ``name_es``."""
    signed_in(Role.MX_CONSULAR_OFFICER)
    client.cookies["enlace_language"] = "es-mx"

    html = _html(client.get(HOME_URL))

    assert '<html lang="es-mx">' in html
    assert "Consulado General de México en Testville" in html
    assert "Consulate General of Mexico in Testville" not in html


def test_navigation_is_translated_when_spanish_is_active(client, signed_in):
    """The nav link "Home" reads "Inicio" (Django's es_MX catalog has it already)."""
    signed_in(Role.MX_CONSULAR_OFFICER)
    client.cookies["enlace_language"] = "es-mx"

    html = _html(client.get(HOME_URL))

    assert "<span>Inicio</span>" in html


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.US_BORDER_OFFICER, True),
        (Role.US_REMOVAL_OFFICER, True),
        (Role.MX_CONSULAR_OFFICER, False),
        (Role.MX_RECEPTION_OFFICER, False),
        (Role.ANALYST, False),
    ],
)
def test_the_handovers_list_is_in_the_navigation_of_the_delivering_officers(
    client, signed_in, role, shown
):
    signed_in(role)
    link = f'href="{reverse("receipts:handover-list")}"'
    assert (link in _html(client.get(HOME_URL)).split("</nav>")[0]) is shown


@pytest.mark.parametrize(
    ("role", "marker"),
    [
        (Role.US_BORDER_OFFICER, "Handovers to record"),
        (Role.US_REMOVAL_OFFICER, "Handovers to record"),
        (Role.MX_CONSULAR_OFFICER, "Notification queue"),
        (Role.MX_RECEPTION_OFFICER, "Arrivals from"),
        (Role.MX_CHILD_PROTECTION_OFFICER, "Unaccompanied minors expected"),
        (Role.ANALYST, "How these figures count"),
        (Role.LABOR_OFFICER, "Your modules are on their way"),
        (Role.CENTRAL_AUTHORITY_OFFICER, "Your modules are on their way"),
        (Role.SECRETARIAT, "Open the agreements inventory"),
        (Role.ADMIN, "it does not see case content"),
    ],
)
@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_each_role_has_its_home_page(client, signed_in, role, marker, language):
    """Every role's home renders in both languages, headed by the role, with a clean CSP."""
    user = signed_in(role, is_staff=role == Role.ADMIN)
    client.cookies["enlace_language"] = language

    response = client.get(HOME_URL)

    html = _html(response)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    with translation.override(language):
        assert f"<h1>{user.get_role_display()}</h1>" in html
    if language == "en" or not SPANISH_CATALOG.exists():
        assert marker.lower() in html.lower()
    assert_csp_clean(html)


def test_consular_home_lists_nationals_in_custody_with_links(client, scenario, signed_in):
    signed_in(Role.MX_CONSULAR_OFFICER)

    html = _html(client.get(HOME_URL))

    detail = reverse("people:person-detail", args=[scenario.person.pk])
    assert f'href="{detail}"' in html
    assert "Xochiquetzal Pruebatlán Ensayo" in html


def test_officer_home_queries_do_not_grow_with_the_list(client, scenario, signed_in):
    """Query-count guard: the persons table costs the same for one person as for four."""
    signed_in(Role.MX_CONSULAR_OFFICER)
    with CaptureQueriesContext(connection) as one:
        client.get(HOME_URL)
    for n in range(3):
        person = Person.objects.create(
            given_names=f"Extra{n}", paternal_surname="Pruebatlán", state_of_birth=scenario.state
        )
        Encounter.objects.create(
            person=person,
            kind=EncounterKind.APPREHENSION,
            occurred_at=scenario.person.encounters.get().occurred_at,
            agency=scenario.offices["sector"].agency,
            office=scenario.offices["sector"],
            county=scenario.county,
        )

    with CaptureQueriesContext(connection) as four:
        html = _html(client.get(HOME_URL))

    assert html.count("Pruebatlán") >= 4
    assert len(four) == len(one)


def test_reception_home_shows_local_time_and_minor_tag(client, scenario, signed_in):
    """Handover times are shown in the reception point's zone (Tijuana), not in UTC."""
    signed_in(Role.MX_RECEPTION_OFFICER)

    html = _html(client.get(HOME_URL, {"day": SCHEDULED_LOCAL[:10]}))

    assert SCHEDULED_LOCAL[11:] in html
    assert 'datetime="2025-03-01T12:00:00-08:00"' in html
    assert "Xochiquetzal Pruebatlán Ensayo" in html
    assert "Unaccompanied minor" in html
    assert "Testport" in html


def test_analyst_home_shows_aggregates_and_no_names(client, scenario, signed_in):
    signed_in(Role.ANALYST)

    html = _html(client.get(HOME_URL))

    assert re.search(r"Módulo de Prueba</th>\s*<td[^>]*>&lt;5</td>\s*<td[^>]*>&lt;5</td>", html)
    assert "Pruebatlán" not in html
    assert "Xochiquetzal" not in html


# --- people pages -------------------------------------------------------------------------


def test_person_list_searches_by_name(client, scenario, signed_in):
    signed_in(Role.US_BORDER_OFFICER)

    response = client.get(reverse("people:person-list"), {"q": "Pruebatlán xochi"})
    missing = client.get(reverse("people:person-list"), {"q": "Nadie"})

    html = _html(response)
    assert response.status_code == 200
    assert 'value="Pruebatlán xochi"' in html
    assert "Xochiquetzal Pruebatlán Ensayo</a>" in html
    assert "No person in your scope matches this search." in _html(missing)
    assert_csp_clean(html)


def test_person_detail_shows_the_record_and_an_ordered_timeline(client, scenario, signed_in):
    """A port officer sees both the encounter and the repatriation, oldest first."""
    signed_in(Role.US_BORDER_OFFICER, "port")

    response = client.get(reverse("people:person-detail", args=[scenario.person.pk]))

    html = _html(response)
    assert response.status_code == 200
    assert "<h1>Xochiquetzal Pruebatlán Ensayo</h1>" in html
    assert "<title>Person record · enlace</title>" in html
    assert "1990-05" in html
    assert "approximate" in html
    assert "Testing language" in html
    encounter = html.index("Encounter: Apprehension")
    repatriation = html.index("Repatriation: Scheduled")
    assert encounter < repatriation
    # The encounter is shown in its office's zone (Phoenix, UTC-7).
    assert 'datetime="2025-02-27T10:30:00-07:00"' in html
    assert_csp_clean(html)


def test_person_detail_names_languages_in_spanish(client, scenario, signed_in):
    signed_in(Role.US_BORDER_OFFICER)
    client.cookies["enlace_language"] = "es-mx"

    html = _html(client.get(reverse("people:person-detail", args=[scenario.person.pk])))

    assert '<html lang="es-mx">' in html
    assert "Lengua de prueba" in html
    assert "Patrulla Fronteriza de Prueba" in html


@pytest.mark.parametrize(
    ("minutes", "language", "expected"),
    [
        (1745, "en", "1 day 5 hours"),
        (1745, "es-mx", "1 día 5 horas"),
        (200, "en", "3 hours 20 minutes"),
        (0, "es-mx", "0 minutos"),
        (2 * 1440 + 1, "en", "2 days 1 minute"),
    ],
)
def test_elapsed_names_the_two_largest_units(minutes, language, expected):
    from datetime import timedelta

    from enlace.web.templatetags.enlace import elapsed

    start = datetime(2026, 11, 1, tzinfo=UTC)
    with translation.override(language):
        assert elapsed(start, start + timedelta(minutes=minutes)) == expected


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_border_officer_home_counts_the_notifications_to_offer(client, actor, language):
    """Nationals the Tucson station holds with no offer recorded yet: the home page counts
    them (no names) and leads to the page where each is offered."""
    from enlace.consular.selectors import encounter_offerable_count

    officer = actor(actors.BORDER_TUCSON)
    before = encounter_offerable_count(user=officer)
    for given in ("Rosa", "Elena"):
        factories.held_national(officer, given=given)
    client.force_login(officer)
    client.cookies["enlace_language"] = language
    waiting = encounter_offerable_count(user=officer)
    assert waiting == before + 2

    html = _html(client.get(HOME_URL))

    assert f">{waiting} " in html or f"\n      {waiting} " in html
    assert f'href="{reverse("consular:notification-offer-list")}"' in html
    expected = "consular notification offer" if language == "en" else "notificación consular"
    assert expected in html


def test_spanish_dates_write_months_and_day_abbreviations_in_lower_case():
    """Django's Spanish catalog capitalises them ("28 de Noviembre"); Spanish does not."""
    from django.utils.formats import date_format

    with translation.override("es-mx"):
        assert date_format(datetime(2026, 11, 28, 6, 0, tzinfo=UTC), "DATE_FORMAT") == (
            "28 de noviembre de 2026"
        )
        assert date_format(datetime(2026, 11, 28, 6, 0, tzinfo=UTC), "D H:i") == "sáb 06:00"
    with translation.override("en"):
        assert date_format(datetime(2026, 11, 28, 6, 0, tzinfo=UTC), "D") == "Sat"
