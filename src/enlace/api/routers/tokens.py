"""The caller's own API tokens: list and revoke."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

from enlace.access.policy import policy

from ..models import ApiToken
from ..problems import Problem
from ..schemas import TokenOut
from ..tokens import token_revoke

router = Router(tags=["tokens"])
ERRORS = {400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem}
FIELDS = ("id", "name", "prefix", "created_at", "expires_at", "revoked_at")


@router.get("", response={200: list[TokenOut], **ERRORS}, summary="Your API tokens")
@policy()
def token_index(request: HttpRequest) -> Any:
    return list(ApiToken.objects.filter(user=request.auth).values(*FIELDS))  # type: ignore[attr-defined]


@router.delete("/{token_id}", response={200: TokenOut, **ERRORS}, summary="Revoke your token")
@policy()
def token_delete(request: HttpRequest, token_id: int) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    token = (
        ApiToken.objects.filter(user=user, pk=token_id).first() if 0 < token_id < 2**62 else None
    )
    if token is None:
        raise Http404
    token = token_revoke(actor=user, token=token)
    return {name: getattr(token, name) for name in FIELDS}
