"""``core.bulk.query_frame``: a values_list query as a typed frame, the same on both databases
(PostgreSQL sends it with COPY; SQLite row by row)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from enlace.core.bulk import query_frame
from enlace.people.models import Person

pytestmark = pytest.mark.django_db

SCHEMA = {
    "id": pl.Int64, "given": pl.String, "sex": pl.String, "born": pl.Date,
    "interpreter": pl.Boolean, "created": pl.Datetime("us", "UTC"),
}  # fmt: skip


def _rows(prefix: str):
    return (
        Person.objects.filter(given_names__startswith=prefix)
        .order_by("pk")
        .values_list("pk", "given_names", "sex", "birth_date", "needs_interpreter", "created_at")
    )


def test_values_come_back_typed_with_nulls_and_text_that_needs_quoting():
    first = Person.objects.create(
        given_names='QF "Ana", María', sex="F", birth_date=date(1990, 5, 17),
        needs_interpreter=True,
    )  # fmt: skip
    second = Person.objects.create(given_names="QF Luis", sex="", birth_date=None)
    Person.objects.filter(pk=second.pk).update(
        created_at=datetime(2026, 3, 8, 9, 30, 15, 123456, tzinfo=UTC)
    )

    frame = query_frame(_rows("QF"), SCHEMA)

    assert frame.schema == pl.Schema(SCHEMA)
    assert frame["id"].to_list() == [first.pk, second.pk]
    assert frame["given"].to_list() == ['QF "Ana", María', "QF Luis"]
    assert frame["born"].to_list() == [date(1990, 5, 17), None]
    assert frame["interpreter"].to_list() == [True, False]
    assert frame["sex"].fill_null("").to_list() == ["F", ""]
    assert frame["created"][1] == datetime(2026, 3, 8, 9, 30, 15, 123456, tzinfo=UTC)


def test_no_rows_is_an_empty_frame_with_the_schema():
    frame = query_frame(_rows("no such name"), SCHEMA)
    assert frame.height == 0
    assert frame.schema == pl.Schema(SCHEMA)
