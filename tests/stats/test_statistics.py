"""The analyst's statistics: counts, disclosure control, no person, analyst only, filters.

The scenario lives at the test reception point ``T-RP`` (Tijuana time), so filtering on it
leaves the demo population out of the figures.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from enlace.access import Capability
from enlace.access.capabilities import ROLE_CAPABILITIES
from enlace.accounts.models import Role
from enlace.core.models import AuditAction, AuditEvent
from enlace.identity.services.merges import merge_perform
from enlace.people.models import Person
from enlace.repatriation.models import Repatriation, RepatriationStatus
from enlace.stats import selectors
from enlace.stats.core import Row, disclose
from enlace.stats.formats import figure, share

from ..web.support import assert_csp_clean

HOME = reverse("web:home")
CSV = reverse("web:statistics-csv")
PLANTED_NAME = "Zyxwaquetzalli"
PLANTED_CURP = "ZYXW850615HSRZZZ09"
COUNTING = [r for r in Role.values if Capability.STATISTICS_READ in ROLE_CAPABILITIES[r]]
NOT_COUNTING = [r for r in Role.values if r not in COUNTING]


def _at(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def _person(given: str, sex: str, born: date, curp: str | None = None) -> Person:
    return Person.objects.create(
        given_names=given, paternal_surname="Estadística", sex=sex, birth_date=born, curp=curp
    )


def _repatriate(scenario: SimpleNamespace, person: Person, when: datetime, **extra) -> None:
    Repatriation.objects.create(
        person=person,
        port=scenario.port,
        reception_point=scenario.reception_point,
        scheduled_at=when,
        **extra,
    )


@pytest.fixture
def counted(scenario: SimpleNamespace) -> SimpleNamespace:
    """At T-RP: the scenario's unaccompanied girl (March 2025), six adult men (March), one of
    them again at 22:00 on 31 March in Tijuana (05:00 UTC on 1 April) and one again in April,
    a boy of 15 recorded twice and merged (April), and one cancelled repatriation."""
    adults = [_person(f"Adulto{i}", "M", date(1985, 6, 15)) for i in range(6)]
    adults[0].given_names, adults[0].curp = PLANTED_NAME, PLANTED_CURP
    adults[0].save()
    for adult in adults:
        _repatriate(scenario, adult, _at(2025, 3, 10, 18))
    _repatriate(scenario, adults[0], _at(2025, 4, 1, 5))
    _repatriate(scenario, adults[1], _at(2025, 4, 15, 18))
    _repatriate(scenario, adults[2], _at(2025, 5, 1, 18), status=RepatriationStatus.CANCELLED)
    boy, duplicate = (_person("Niño", "M", date(2010, 1, 1)) for _ in range(2))
    _repatriate(scenario, boy, _at(2025, 4, 20, 18))
    _repatriate(scenario, duplicate, _at(2025, 4, 21, 18))
    merge_perform(None, boy, duplicate, None)
    return SimpleNamespace(scenario=scenario, adults=adults, boy=boy)


def _report(user, **filters):
    return selectors.statistics_report(user=user, filters=filters, output="html")


def _raw(table) -> dict[str, tuple[int, int, str]]:
    return {row.key: (row.events, row.persons, row.withheld) for row in table.rows}


def test_events_and_unique_persons_differ_and_a_merged_pair_counts_once(counted, make_user):
    analyst = make_user(Role.ANALYST, counted.scenario.offices["general"])

    summary, tables = _report(analyst, point=counted.scenario.reception_point)

    assert (summary.events, summary.persons, summary.repeaters) == (11, 8, 3)
    by = {table.key: _raw(table) for table in tables}
    assert by["point"] == {"T-RP": (11, 8, "")}
    # 22:00 on 31 March in Tijuana is March, though it is April in UTC.
    assert by["month"] == {"2025-03": (8, 7, "secondary"), "2025-04": (3, 2, "small")}
    assert by["sex"]["F"] == (1, 1, "small")
    assert by["sex"]["M"] == (10, 7, "secondary")
    assert by["age"]["12-17"] == (2, 1, "small")  # the merged boy: two events, one person
    assert by["age"]["30-39"] == (9, 7, "secondary")
    assert by["accompanied"] == {
        "adult": (8, 6, ""),
        "accompanied": (2, 1, "small"),
        "unaccompanied": (1, 1, "small"),
    }


def test_the_period_counts_months_in_the_points_local_time(counted, make_user):
    analyst = make_user(Role.ANALYST, counted.scenario.offices["general"])
    april = date(2025, 4, 1)

    summary, tables = _report(
        analyst, point=counted.scenario.reception_point, start=april, end=april
    )

    assert (summary.events, summary.persons) == (3, 2)
    assert [row.key for row in tables[1].rows] == ["2025-04"]


@pytest.mark.parametrize(
    ("persons", "withheld"),
    [
        ((0, 7, 9), ["", "", ""]),
        ((1, 7, 9), ["small", "secondary", ""]),
        ((3, 4, 9), ["small", "small", ""]),
        ((5, 6, 9), ["", "", ""]),
        ((2, 0, 0), ["small", "", ""]),
    ],
)
def test_disclosure_withholds_small_rows_and_one_more_when_one_is_alone(persons, withheld):
    rows = [Row(str(i), "", "", events=n * 2, persons=n) for i, n in enumerate(persons)]

    assert [row.withheld for row in disclose(rows)] == withheld


def test_withheld_figures_are_shown_as_markers():
    small, secondary = disclose([Row("a", "", "", 7, 3), Row("b", "", "", 40, 30)])

    assert (small.events_shown, small.persons_shown) == ("[c]", "<5")
    assert (secondary.events_shown, secondary.persons_shown) == ("[c]", "[c]")
    assert disclose([Row("c", "", "", 2, 2)])[0].events_shown == "<5"


@pytest.mark.parametrize("language", ["en", "es-mx"])
def test_published_figures_are_written_in_the_readers_format_and_markers_as_they_are(language):
    with translation.override(language):
        assert figure(12345) == "12,345"
        assert figure("<5") == "<5"
        assert share(37.5) == "37.5 %"
        assert share("[c]") == "[c]"


def test_page_shows_published_figures_audits_and_names_nobody(client, counted, signed_in):
    user = signed_in(Role.ANALYST)
    before = AuditEvent.objects.count()

    response = client.get(HOME, {"point": "T-RP"})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"Adult \(18 or older\)</th>\s*<td[^>]*>8</td>\s*<td[^>]*>6</td>", html)
    assert re.search(r"Accompanied minor</th>\s*<td[^>]*>&lt;5</td>\s*<td[^>]*>&lt;5</td>", html)
    assert 'data-figure="events">11<' in html
    assert 'data-figure="repeat-rate">[c]<' in html
    assert html.count('role="img"') >= 5
    assert_csp_clean(html)
    event = AuditEvent.objects.order_by("-seq")[0]
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.actor_id) == (AuditAction.LIST, user.pk)
    assert (event.subject_type, event.detail["filters"]) == ("web.statistics", {"point": "T-RP"})


@pytest.mark.parametrize("params", [{}, {"point": "T-RP"}])
def test_no_person_name_curp_or_link_in_the_page_or_the_csv(client, counted, signed_in, params):
    signed_in(Role.ANALYST)

    page = client.get(HOME, params).content.decode()
    csv = client.get(CSV, params).content.decode()

    for text in (page, csv):
        assert PLANTED_NAME not in text
        assert PLANTED_CURP not in text
        assert "Estadística" not in text
        assert "Xochiquetzal" not in text
        assert "/people/" not in text
        assert f"/{counted.boy.pk}/" not in text


def test_csv_has_the_pages_tables(client, counted, signed_in):
    signed_in(Role.ANALYST)

    response = client.get(CSV, {"point": "T-RP"})

    lines = response.content.decode().splitlines()
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines[:2] == ["Table,Category,Events,Persons", "Total,,11,8"]
    assert "By accompanied status,Adult (18 or older),8,6" in lines
    assert "By month,2025-04,<5,<5" in lines


@pytest.mark.parametrize("role", NOT_COUNTING)
def test_other_roles_get_no_statistics(client, counted, signed_in, role):
    """A role without ``STATISTICS_READ`` is refused in one place: the CSV is the app's 403
    page, its home shows no figure, a direct call is refused, and nothing is counted."""
    user = signed_in(role)

    home = client.get(HOME, {"point": "T-RP"}).content.decode()
    csv = client.get(CSV)

    assert csv.status_code == 403
    assert "403.html" in [template.name for template in csv.templates]
    assert "Repeat rate" not in home
    with pytest.raises(PermissionDenied):
        selectors.statistics_page(user, {})
    with pytest.raises(PermissionDenied):
        selectors.statistics_report(user=user, filters={}, output="csv")
    assert not AuditEvent.objects.filter(subject_type="web.statistics").exists()


@pytest.mark.parametrize("role", COUNTING)
def test_every_holder_of_the_capability_gets_the_same_disclosed_csv(
    client, counted, signed_in, role
):
    signed_in(role)

    lines = client.get(CSV, {"point": "T-RP"}).content.decode().splitlines()

    assert lines[:2] == ["Table,Category,Events,Persons", "Total,,11,8"]
    assert "By month,2025-04,<5,<5" in lines


@pytest.mark.parametrize(
    ("language", "params", "message"),
    [
        ("en", {"start": "2025-13"}, "From month: enter a month as YYYY-MM"),
        ("en", {"start": "2025-05", "end": "2025-04"}, "To month: the month must not be before"),
        ("en", {"point": "nowhere"}, "Reception point: choose a point from the list."),
        ("es-mx", {"end": "abril"}, "Hasta el mes: escriba un mes como AAAA-MM"),
        ("es-mx", {"point": "nowhere"}, "Punto de recepción: elija un punto de la lista."),
    ],
)
def test_a_bad_filter_names_the_field_and_counts_nothing(
    client, scenario, signed_in, language, params, message
):
    signed_in(Role.ANALYST)
    client.cookies["enlace_language"] = language
    before = AuditEvent.objects.count()

    page = client.get(HOME, params)
    csv = client.get(CSV, params)

    assert page.status_code == 200
    assert message in page.content.decode()
    assert 'aria-invalid="true"' in page.content.decode()
    assert 'data-figure="events"' not in page.content.decode()
    assert csv.status_code == 400
    assert message in csv.content.decode()
    assert AuditEvent.objects.count() == before


def test_the_page_renders_in_spanish(client, counted, signed_in):
    signed_in(Role.ANALYST)
    client.cookies["enlace_language"] = "es-mx"

    html = client.get(HOME, {"point": "T-RP"}).content.decode()

    assert '<html lang="es-mx">' in html
    assert "Por punto de recepción" in html
    assert "Tasa de reincidencia" in html


def test_query_count_does_not_grow_with_the_events(client, counted, signed_in):
    signed_in(Role.ANALYST)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME, {"point": "T-RP"})
    for adult in counted.adults:
        _repatriate(counted.scenario, adult, _at(2025, 6, 1, 18))

    with CaptureQueriesContext(connection) as more:
        client.get(HOME, {"point": "T-RP"})

    assert len(more) == len(few)
