"""Filters of the statistics templates: ``{{ row.events_shown|figure }}``,
``{{ summary.repeat_rate|share }}`` (see ``enlace.stats.formats``)."""

from __future__ import annotations

from django import template

from enlace.stats import formats

register = template.Library()
register.filter("figure", formats.figure)
register.filter("share", formats.share)
