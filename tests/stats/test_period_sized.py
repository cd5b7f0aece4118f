"""The analyst's default view is sized to the data: the period is counted by month from the
first to the last month with events while they span two years or less, and by year beyond
(the old default listed every month of the span: 93 rows, mostly zeros, on the demo)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import polars as pl
import pytest
from django.urls import reverse

from enlace.accounts.models import Role
from enlace.people.models import Person
from enlace.repatriation.models import Repatriation
from enlace.stats import core, selectors

HOME = reverse("web:home")


def _months(*months: int) -> pl.DataFrame:
    return pl.DataFrame({"person": list(range(len(months))), "month": list(months)})


@pytest.mark.parametrize(
    ("months", "period", "labels"),
    [
        ((202411, 202502), "month", ["2024-11", "2024-12", "2025-01", "2025-02"]),
        ((202401, 202512), "month", [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)]),
        ((202401, 202601), "year", ["2024", "2025", "2026"]),
        ((201911, 201912, 202001, 202612), "year", [str(y) for y in range(2019, 2027)]),
    ],
)
def test_the_period_is_counted_by_month_up_to_two_years_then_by_year(months, period, labels):
    key, rows = core.period_rows(_months(*months))
    assert key == period
    assert [row.label for row in rows] == labels
    assert rows[0].events > 0
    assert rows[-1].events > 0


def test_years_count_events_and_distinct_persons():
    events = pl.DataFrame({"person": [1, 1, 2, 3], "month": [201911, 201912, 201912, 202612]})
    rows = core.year_rows(events)
    assert [(r.label, r.events, r.persons) for r in rows][0] == ("2019", 3, 2)
    assert [(r.label, r.events) for r in rows][-1] == ("2026", 1)
    assert core.period_rows(events.clear()) == ("month", [])


def _repatriate(scenario: SimpleNamespace, when: datetime, n: int) -> None:
    for i in range(n):
        person = Person.objects.create(given_names=f"Periodo{i}", paternal_surname="Prueba")
        Repatriation.objects.create(
            person=person,
            port=scenario.port,
            reception_point=scenario.reception_point,
            scheduled_at=when,
        )


@pytest.mark.django_db
def test_the_default_view_starts_at_the_first_period_with_data(scenario, make_user, client):
    """Events in November 2019 and December 2026 at the test point: by month that was 86
    rows from 2019-11 to 2026-12, nearly all zeros; now eight years, 2019 first."""
    _repatriate(scenario, datetime(2019, 11, 20, 18, tzinfo=UTC), 6)
    _repatriate(scenario, datetime(2026, 12, 4, 18, tzinfo=UTC), 6)
    analyst = make_user(Role.ANALYST, scenario.offices["general"])
    _summary, tables = selectors.statistics_report(
        user=analyst, filters={"point": scenario.reception_point}, output="html"
    )
    period = {table.key: table for table in tables}
    assert "month" not in period
    assert [row.label for row in period["year"].rows] == [str(y) for y in range(2019, 2027)]

    client.force_login(analyst)
    html = client.get(HOME, {"point": scenario.reception_point.code}).content.decode()
    assert 'data-table="year"' in html
    assert html.count("<tr>", html.index('data-table="year"')) >= 8
    assert "counted by year" in html


@pytest.mark.django_db
def test_a_chosen_short_period_is_counted_by_month(scenario, make_user):
    _repatriate(scenario, datetime(2019, 11, 20, 18, tzinfo=UTC), 6)
    _repatriate(scenario, datetime(2026, 12, 4, 18, tzinfo=UTC), 6)
    analyst = make_user(Role.ANALYST, scenario.offices["general"])
    filters = {"point": scenario.reception_point, "start": date(2026, 1, 1)}
    _summary, tables = selectors.statistics_report(user=analyst, filters=filters, output="html")
    month = {table.key: table for table in tables}["month"]
    assert [row.label for row in month.rows] == ["2026-12"]
