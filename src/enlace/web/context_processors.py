from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from enlace.access import Capability, capabilities_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Expose what the navigation needs: which of the sections the user may open, from the
    capabilities the user holds (never from the role's name)."""
    user = getattr(request, "user", None)
    held = capabilities_of(user) if user is not None and user.is_authenticated else frozenset()
    return {
        "nav_persons": Capability.PERSON_READ in held,
        "nav_manifests": Capability.MANIFEST_READ in held,
        "nav_handovers": Capability.HANDOVER_DELIVER in held,
        "nav_notifications": bool({Capability.CONSULAR_OFFER, Capability.CONSULAR_ATTEND} & held),
        "nav_review": Capability.IDENTITY_REVIEW in held,
        "nav_safety": Capability.SAFETY_READ in held,
        "nav_admin": bool(user is not None and user.is_authenticated and user.is_staff),
    }
