"""Reads of the API's own records: a user's tokens (no personal data, so no read-audit)."""

from __future__ import annotations

from django.http import Http404

from enlace.access import Actor

from .models import ApiToken


def token_list(*, user: Actor) -> list[ApiToken]:
    """The user's own tokens, newest first (a system actor owns none)."""
    if user.pk is None:
        return []
    return list(ApiToken.objects.filter(user_id=user.pk))


def token_get(*, user: Actor, token_id: int) -> ApiToken:
    """One of the user's own tokens; 404 alike for another user's and a missing one."""
    token = (
        ApiToken.objects.filter(user_id=user.pk, pk=token_id).first()
        if user.pk is not None and 0 < token_id < 2**62
        else None
    )
    if token is None:
        raise Http404
    return token
