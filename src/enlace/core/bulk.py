"""Bulk writes for large imports: ids allocated up front, rows sent with COPY on PostgreSQL.

Services use these inside their own transaction when a request writes thousands of rows
(a manifest). Values go through each field's ``get_db_prep_value``, so what lands in the
table is what the ORM would have written.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import polars as pl
from django.db import connection, models
from django.db.models import Model

BATCH = 5000


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """Reserve ``count`` primary keys for ``model`` (call inside a transaction)."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            sequence = cursor.fetchone()[0]  # once: evaluated per row it costs 10x
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (IMMEDIATE mode), so MAX(id) is stable.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _converter(field: Any, *, json_text: bool = False) -> Callable[[Any], Any] | None:
    """How a field's Python value becomes a database value, decided once per column.

    Plain values (text, numbers, booleans, None) go as they are; psycopg's COPY takes dates
    and aware datetimes natively; SQLite gets Django's own text forms. ``json_text``: JSON
    values arrive already encoded."""
    if isinstance(field, models.JSONField):
        return None if json_text else lambda value: json.dumps(value, ensure_ascii=False)
    if connection.vendor == "postgresql":
        return None
    adapt = {
        models.DateTimeField: connection.ops.adapt_datetimefield_value,
        models.DateField: connection.ops.adapt_datefield_value,
        models.DecimalField: lambda v: connection.ops.adapt_decimalfield_value(
            v, field.max_digits, field.decimal_places
        ),
    }
    for kind, function in adapt.items():
        if isinstance(field, kind):
            return lambda value, f=function: None if value is None else f(value)  # type: ignore[misc]
    return None


def bulk_insert(
    model: type[Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    json_text: bool = False,
) -> int:
    """Insert rows (values in ``fields`` order, primary key included) and return the count."""
    model_fields = [model._meta.get_field(name) for name in fields]
    columns = [str(f.column) for f in model_fields]  # type: ignore[union-attr]
    converters = [
        (i, c) for i, f in enumerate(model_fields) if (c := _converter(f, json_text=json_text))
    ]
    prepared = (_convert(list(row), converters) for row in rows)
    if connection.vendor == "postgresql":
        return _copy(model._meta.db_table, columns, prepared)
    return _executemany(model._meta.db_table, columns, prepared)


def bulk_insert_frame(model: type[Model], frame: pl.DataFrame) -> int:
    """Insert a frame whose columns are field names of ``model`` (JSON fields as JSON text).

    On PostgreSQL the frame is written as CSV by Polars and sent with ``COPY … (FORMAT csv)``:
    no Python object per value. Unquoted empty fields are NULL, quoted ones empty text."""
    if frame.height == 0:
        return 0
    if connection.vendor != "postgresql":
        return bulk_insert(model, frame.columns, frame.iter_rows(), json_text=True)
    columns = [str(model._meta.get_field(name).column) for name in frame.columns]  # type: ignore[union-attr]
    utc = {
        name: pl.col(name).dt.convert_time_zone("UTC")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone
    }
    buffer = io.BytesIO()  # bytes, not str: no second encoding pass
    frame.with_columns(**utc).write_csv(
        buffer,
        include_header=False,
        quote_style="non_numeric",
        null_value="",
        datetime_format="%Y-%m-%d %H:%M:%S%.6f+00",
        date_format="%Y-%m-%d",
    )
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    sql = f"COPY {table} ({', '.join(quote(c) for c in columns)}) FROM STDIN (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(buffer.getbuffer())
    return frame.height


def _convert(row: list[Any], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    for index, convert in converters:
        row[index] = convert(row[index])
    return row


def _copy(table: str, columns: list[str], rows: Iterable[list[Any]]) -> int:
    quote = connection.ops.quote_name
    sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany(table: str, columns: list[str], rows: Iterable[list[Any]]) -> int:
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(columns))
    names = ", ".join(quote(c) for c in columns)
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


ColumnType = pl.DataType | type[pl.DataType]


def query_frame(rows: models.QuerySet[Any], schema: Mapping[str, ColumnType]) -> pl.DataFrame:
    """The rows of a ``values_list`` queryset as a frame: ``schema`` names its columns in
    order and gives their types (Int64, Boolean, String, Date, Datetime in UTC).

    On PostgreSQL the query runs inside ``COPY (…) TO STDOUT (FORMAT csv)`` and Polars parses
    the text: no Python object per value (a million rows in about 2 s instead of 10)."""
    if connection.vendor != "postgresql":
        return pl.DataFrame(list(rows), schema=dict(schema), orient="row")
    sql, params = rows.query.sql_with_params()
    buffer = io.BytesIO()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params) as copy,
    ):
        for block in copy:
            buffer.write(block)
    if not buffer.getbuffer().nbytes:
        return pl.DataFrame(schema=dict(schema))
    text = pl.read_csv(buffer.getvalue(), has_header=False, schema=dict.fromkeys(schema, pl.String))
    return text.select(_from_csv(name, dtype) for name, dtype in schema.items())


def _from_csv(name: str, dtype: ColumnType) -> pl.Expr:
    """A column of PostgreSQL's CSV text as ``dtype`` (booleans are t/f, timestamps carry
    the session's UTC offset)."""
    column = pl.col(name)
    if dtype == pl.Boolean:
        return column.eq("t")
    if dtype == pl.Date:
        return column.str.to_date("%Y-%m-%d")
    if isinstance(dtype, pl.Datetime):
        return column.str.to_datetime("%Y-%m-%d %H:%M:%S%.f%#z", time_zone="UTC")
    return column.cast(dtype)
