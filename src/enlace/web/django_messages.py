"""Django's own messages that a user of enlace reads, listed here so that the project's
catalog (which comes before Django's) gives them in the Spanish of Mexico, in the usted
register, instead of the wording Django ships for es-MX or Spain. Nothing imports this
module: ``makemessages`` reads it."""

from __future__ import annotations

from django.utils.translation import gettext_noop

SIGN_IN = (
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("This account is inactive."),
)
