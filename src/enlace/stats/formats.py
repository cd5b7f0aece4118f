"""How a published figure is written for the reader: digits grouped in the active language,
markers (``<5``, ``[c]``, ``–``) as they are. The page and the CSV write figures alike."""

from __future__ import annotations

from django.utils.formats import number_format

from .core import Published


def figure(value: Published | float) -> str:
    """A published figure: the number in the reader's format, or its marker."""
    if isinstance(value, str):
        return value
    return number_format(value, force_grouping=True)


def share(value: Published | float) -> str:
    """A published percentage (the repeat rate), or its marker."""
    if isinstance(value, str):
        return value
    return figure(value) + " %"
