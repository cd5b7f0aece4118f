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

# The admin's most visible strings that Django's es-MX catalog lacks (so Spain's wording,
# "Añadir", "Guía-rastro", "Saltar al contenido principal", showed instead) or words
# awkwardly; given here in the Spanish of Mexico, usted register.
ADMIN = (
    gettext_noop("Skip to main content"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Add link"),
    gettext_noop("Add another %(model)s"),
    gettext_noop("View %s"),
    gettext_noop("Recent actions"),
    gettext_noop("Clear all filters"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
    gettext_noop("Delete selected %(model)s"),
    gettext_noop("View selected %(model)s"),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Popup closing…"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("You don’t have permission to view or edit anything."),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop("Hold down “Control”, or “Command” on a Mac, to select more than one."),
)

# django-axes ships no Spanish catalog: its admin pages (sign-in attempts, lockouts) would be
# in English. The names of its models, fields and filters, in the Spanish of Mexico.
AXES = (
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
)
