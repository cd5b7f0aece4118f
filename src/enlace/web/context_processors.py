from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from enlace.accounts.models import Role
from enlace.people.scopes import sees_persons


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Expose what the navigation needs: whether the user may open person pages."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    role = getattr(user, "role", "")
    return {
        "nav_persons": authenticated and sees_persons(user),
        "nav_manifests": authenticated
        and role in (Role.US_BORDER_OFFICER, Role.US_REMOVAL_OFFICER),
        "nav_admin": authenticated and user is not None and user.is_staff,
    }
