from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from enlace.accounts.models import Role
from enlace.people.scopes import sees_persons


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Expose what the navigation needs: which of the sections the user may open."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    role = getattr(user, "role", "")
    us_officer = role in (Role.US_BORDER_OFFICER, Role.US_REMOVAL_OFFICER)
    persons = authenticated and sees_persons(user)
    return {
        "nav_persons": persons,
        "nav_manifests": authenticated and us_officer,
        "nav_notifications": authenticated and (us_officer or role == Role.MX_CONSULAR_OFFICER),
        # identity.selectors.may_review: whoever may open person pages decides on their matches
        "nav_review": persons,
        "nav_admin": authenticated and user is not None and user.is_staff,
    }
