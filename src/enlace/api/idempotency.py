"""Idempotent requests: a retry with the same ``Idempotency-Key`` and body gets the first
answer again, so a client that lost the answer to a submission may safely send it again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from enlace.accounts.models import User

from .models import IdempotentRequest
from .problems import ProblemCode, ProblemError

Answer = tuple[int, dict[str, Any]]


def _fingerprint(body: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def idempotent_answer(
    *, user: User, key: str, body: dict[str, Any], answer: Callable[[], Answer]
) -> Answer:
    """The stored answer to ``user``'s request under ``key``, or ``answer()`` stored for the
    next retry. The same key with another body is refused (422, code ``conflict``); an
    ``answer`` that raises stores nothing, so the retry tries again."""
    fingerprint = _fingerprint(body)
    stored = IdempotentRequest.objects.filter(user=user, key=key).first()
    if stored is not None:
        if stored.request_sha256 != fingerprint:
            raise ProblemError(
                422,
                ProblemCode.CONFLICT,
                _("This Idempotency-Key was used for a different request."),
            )
        return stored.status_code, stored.body
    status, reply = answer()
    try:
        with transaction.atomic():
            IdempotentRequest.objects.create(
                user=user, key=key, request_sha256=fingerprint, status_code=status,
                body=json.loads(json.dumps(reply, default=str)),
            )  # fmt: skip
    except IntegrityError:
        pass  # a concurrent retry stored it first; the answer is the same either way
    return status, reply
