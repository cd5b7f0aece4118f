"""Template helpers of the agreements pages: bilingual fields, status tags, home summary."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from ..selectors import inventory_summary

register = template.Library()

_STATUS_CLASSES = {
    "in_force": "bg-green",
    "superseded": "bg-base-dark",
    "under_renegotiation": "bg-gold text-ink",
    "expired": "bg-secondary-dark",
}


def _spanish() -> bool:
    return (translation.get_language() or "").lower().startswith("es")


@register.filter
def bilingual(obj: Any, field: str) -> str:
    """``obj.<field>_es`` when Spanish is active (if filled), else ``obj.<field>_en``."""
    if obj is None:
        return ""
    english = getattr(obj, f"{field}_en", "") or ""
    if _spanish():
        return getattr(obj, f"{field}_es", "") or english
    return english


@register.filter
def status_class(status: str) -> str:
    """The USWDS utility classes that colour a status tag."""
    return _STATUS_CLASSES.get(status, "bg-base")


@register.filter
def is_link(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@register.simple_tag
def agreements_summary() -> dict[str, int]:
    """Counts of the inventory, for the secretariat's home page."""
    return inventory_summary()
