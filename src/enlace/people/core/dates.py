"""Partial dates of birth: a full date, a month or a year only. Pure Python."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month or a year; ``value`` is the first day of the period."""

    value: date
    precision: DatePrecision

    def __str__(self) -> str:
        if self.precision is DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision is DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()


def partial_date_parse(text: str) -> PartialDate:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; raise ValueError otherwise."""
    match = _PATTERN.match(text.strip())
    if not match:
        raise ValueError(text)
    year, month, day = match.groups()
    if day:
        return PartialDate(date(int(year), int(month), int(day)), DatePrecision.DAY)
    if month:
        return PartialDate(date(int(year), int(month), 1), DatePrecision.MONTH)
    return PartialDate(date(int(year), 1, 1), DatePrecision.YEAR)


def age_on(birth: PartialDate, when: date) -> int:
    """Age in whole years on ``when``; for partial dates, the age at the period's start."""
    born = birth.value
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))
