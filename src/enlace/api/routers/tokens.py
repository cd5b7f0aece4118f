"""The caller's own API tokens: list and revoke."""

from __future__ import annotations

from typing import Any

from ninja import Router

from enlace.access.policy import policy

from ..http import ApiRequest
from ..problems import Problem
from ..schemas import TokenOut
from ..selectors import token_get, token_list
from ..tokens import token_revoke

router = Router(tags=["tokens"])
ERRORS = {400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem}


@router.get("", response={200: list[TokenOut], **ERRORS}, summary="Your API tokens")
@policy()
def token_index(request: ApiRequest) -> Any:
    return token_list(user=request.auth)


@router.delete("/{token_id}", response={200: TokenOut, **ERRORS}, summary="Revoke your token")
@policy()
def token_delete(request: ApiRequest, token_id: int) -> Any:
    token = token_get(user=request.auth, token_id=token_id)
    return token_revoke(actor=request.auth, token=token)
