"""The one clock: what "now" is for plans, deadlines and boards (architecture rule 8).

``now()`` is ``django.utils.timezone.now()`` unless it is overridden:

- in code (tests, demos): ``with clock_frozen(at): ...`` — every ``now()`` inside returns
  ``at`` (nested overrides stack; the innermost wins; it holds for every thread, so a live
  server started inside sees it too);
- for a served demo: the setting ``ENLACE_NOW``, else the environment variable of that
  name, an ISO 8601 timestamp with its offset (``2026-12-04T15:13-07:00``).

Audit timestamps and token expiry keep real time (``timezone.now()``): they record when
something really happened, or guard access.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

SETTING = "ENLACE_NOW"
_frozen: list[datetime] = []


def _aware(at: datetime) -> datetime:
    if timezone.is_naive(at):
        raise ValueError("the clock needs an aware datetime (with its offset)")
    return at.astimezone(UTC)


def _configured() -> datetime | None:
    raw = getattr(settings, SETTING, None) or os.environ.get(SETTING, "")
    if not raw:
        return None
    if isinstance(raw, datetime):
        return _aware(raw)
    try:
        return _aware(datetime.fromisoformat(str(raw).strip()))
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{SETTING} must be an ISO 8601 timestamp with its offset: {raw!r}"
        ) from error


def now() -> datetime:
    """The current moment (aware, UTC): the frozen one if any, else real time."""
    if _frozen:
        return _frozen[-1]
    return _configured() or timezone.now()


@contextmanager
def clock_frozen(at: datetime) -> Iterator[datetime]:
    """Freeze ``now()`` at ``at`` (aware) inside the block."""
    moment = _aware(at)
    _frozen.append(moment)
    try:
        yield moment
    finally:
        _frozen.pop()
