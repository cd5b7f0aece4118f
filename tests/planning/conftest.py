"""The plans of these tests are made as on the day of the example manifests (12 March 2019,
when its persons were caught): the planner plans from the clock's now."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from enlace.core.clock import clock_frozen

EXAMPLE_DAY = datetime.fromisoformat("2019-03-12T05:40-07:00")  # the first apprehension


@pytest.fixture(autouse=True)
def example_day() -> Iterator[datetime]:
    with clock_frozen(EXAMPLE_DAY) as moment:
        yield moment
