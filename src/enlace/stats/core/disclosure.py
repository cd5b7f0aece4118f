"""Statistical disclosure control (ADR 0013): what of a count may be published.

A figure of 1–4 persons is withheld (``<5``); when it is the only one withheld in its table,
the next smallest row is withheld too (``[c]``), so the total minus the published rows never
gives it away. A published figure stays a number: how it is written (digit grouping, the
language) is the presentation's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

SMALL = 5  # a figure of 1..SMALL-1 persons is withheld
LESS_THAN_SMALL = "<5"
WITHHELD = "[c]"  # withheld so that a smaller figure cannot be worked out (ONS marker)
NO_RATE = "–"  # a rate of nobody

Published = int | str  # the figure, or the marker that stands for it


@dataclass(frozen=True)
class Row:
    """One category of a table, with its counts and whether they are withheld."""

    key: str
    label: str
    short: str  # the label in the chart
    events: int
    persons: int
    withheld: str = ""  # "", "small" (1–4 persons) or "secondary"

    @property
    def events_shown(self) -> Published:
        """The events as published: fewer than 5 events of a small row are ``<5`` too."""
        if self.withheld == "small" and self.events < SMALL:
            return LESS_THAN_SMALL
        return WITHHELD if self.withheld else self.events

    @property
    def persons_shown(self) -> Published:
        if self.withheld:
            return LESS_THAN_SMALL if self.withheld == "small" else WITHHELD
        return self.persons


def disclose(rows: Sequence[Row]) -> list[Row]:
    """Withhold rows of 1–4 persons; when exactly one is withheld, withhold the smallest
    other row too, so the total minus the published rows gives no single figure."""
    small = {i for i, row in enumerate(rows) if 0 < row.persons < SMALL}
    secondary: set[int] = set()
    if len(small) == 1:
        others = [i for i, row in enumerate(rows) if i not in small and row.persons > 0]
        if others:
            secondary.add(min(others, key=lambda i: (rows[i].events, rows[i].persons)))
    return [
        replace(r, withheld="small" if i in small else "secondary" if i in secondary else "")
        for i, r in enumerate(rows)
    ]


@dataclass(frozen=True)
class Summary:
    events: int
    persons: int
    repeaters: int  # persons with two or more events in the period

    @property
    def row(self) -> Row:
        """The totals, under the same rule as any row (a total of 1–4 persons is withheld)."""
        return disclose([Row("total", "", "", self.events, self.persons)])[0]

    @property
    def repeat_rate(self) -> float | str:
        """The percentage of persons repatriated more than once (one decimal), withheld when
        the repeaters or the others are 1–4 persons; ``–`` when there is nobody."""
        others = self.persons - self.repeaters
        if self.persons == 0:
            return NO_RATE
        if 0 < self.repeaters < SMALL or 0 < others < SMALL:
            return WITHHELD
        return round(100 * self.repeaters / self.persons, 1)
