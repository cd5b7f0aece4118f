"""The statistics' domain core: what an event is, how it is counted and what of a count may
be published (ADR 0013). Pure Python on Polars frames and plain values: no Django, tested
without a database."""

from .disclosure import LESS_THAN_SMALL, NO_RATE, SMALL, WITHHELD, Published, Row, Summary, disclose
from .events import (
    ACCOMPANIED,
    AGE_GROUPS,
    EVENT_COLUMNS,
    UNKNOWN,
    accompanied,
    age_group,
    counts_by,
    events_in_months,
    events_localize,
    events_summary,
    month_number,
)
from .tables import (
    Bar,
    Category,
    Table,
    category_rows,
    chart_layout,
    month_rows,
    period_rows,
    point_rows,
    table_publish,
    year_rows,
)

__all__ = [
    "ACCOMPANIED",
    "AGE_GROUPS",
    "EVENT_COLUMNS",
    "LESS_THAN_SMALL",
    "NO_RATE",
    "SMALL",
    "UNKNOWN",
    "WITHHELD",
    "Bar",
    "Category",
    "Published",
    "Row",
    "Summary",
    "Table",
    "accompanied",
    "age_group",
    "category_rows",
    "chart_layout",
    "counts_by",
    "disclose",
    "events_in_months",
    "events_localize",
    "events_summary",
    "month_number",
    "month_rows",
    "period_rows",
    "point_rows",
    "table_publish",
    "year_rows",
]
