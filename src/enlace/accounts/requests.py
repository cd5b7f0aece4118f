"""The request a view sees once ``@policy`` has let a signed-in user in."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class SignedInRequest(HttpRequest):
    """A request of a signed-in user: what ``@policy()`` or ``@policy(Capability...)``
    admits (anonymous visitors are sent to the login page before the view runs)."""

    user: User
