"""One date-time form per language, in the place's zone (ADR 0016)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from enlace.core.datetimes import local_datetime, local_datetime_words, zone_name

AT = datetime(2026, 12, 4, 22, 17, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "zone", "short", "words"),
    [
        ("en", "America/Hermosillo", "4 Dec 2026, 15:17 MST",
         "4 December 2026, 15:17 (Sonora time)"),
        ("es-mx", "America/Hermosillo", "4 dic 2026, 15:17 MST",
         "4 de diciembre de 2026, 15:17 h (hora de Sonora)"),
        ("es-mx", "America/Tijuana", "4 dic 2026, 14:17 PST",
         "4 de diciembre de 2026, 14:17 h (hora de Baja California)"),
        ("en", "America/Chicago", "4 Dec 2026, 16:17 CST",
         "4 December 2026, 16:17 (US Central time)"),
    ],
)  # fmt: skip
def test_one_form_per_language_in_the_zone(language, zone, short, words):
    with translation.override(language):
        assert local_datetime(AT, zone) == short
        assert local_datetime_words(AT, zone) == words


def test_unknown_or_missing_zones_never_show_an_id():
    with translation.override("es-mx"):
        assert zone_name("America/Cancun") == "hora de Cancun"
        assert local_datetime(AT, None) == "4 dic 2026, 22:17 UTC"
        assert local_datetime(AT, "Not/AZone") == "4 dic 2026, 22:17 UTC"
        assert local_datetime(None, "America/Hermosillo") == ""


def test_the_filters_take_a_place_or_a_zone_id():
    class Point:
        time_zone = "America/Hermosillo"

    template = Template(
        "{% load enlace %}{{ at|local_datetime:point }} | {{ at|local_datetime:'America/Tijuana' }}"
        " | {{ point|zone_name }}"
    )
    with translation.override("es-mx"):
        rendered = template.render(Context({"at": AT, "point": Point()}))
    assert rendered == "4 dic 2026, 15:17 MST | 4 dic 2026, 14:17 PST | hora de Sonora"
