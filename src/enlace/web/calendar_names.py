"""Month names and abbreviated day names as Spanish writes them inside a date, in lower case
("28 de noviembre de 2026", "sáb 06:00"). Django's own Spanish catalog capitalises them; the
project's catalog comes first, so listing the names here for translation is enough. The
plain month names are listed once, in ``enlace.core.datetimes.MONTHS``."""

from __future__ import annotations

from django.utils.translation import gettext_noop, pgettext_lazy

MONTHS_ALT = (
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
)  # fmt: skip
WEEKDAYS_ABBR = (
    gettext_noop("Mon"), gettext_noop("Tue"), gettext_noop("Wed"), gettext_noop("Thu"),
    gettext_noop("Fri"), gettext_noop("Sat"), gettext_noop("Sun"),
)  # fmt: skip
