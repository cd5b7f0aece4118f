"""Personal API tokens: create, revoke (by the user or an admin), authenticate.

A token reads ``enl_<prefix>_<secret>``; only its SHA-256 is stored, so a database leak
does not leak usable tokens. Expired and revoked tokens authenticate no one.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from enlace.access import Actor, Capability, capability_has, capability_require
from enlace.accounts.models import User
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .models import ApiToken

DEFAULT_DAYS = 90
MAX_DAYS = 365


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_create(*, actor: User, name: str, days: int = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """Issue a token for ``actor``; return it and its plain text (shown once)."""
    capability_require(actor, Capability.API_TOKEN_ISSUE)
    days = max(1, min(days, MAX_DAYS))
    prefix = secrets.token_hex(4)
    plain = f"enl_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name[:80], prefix=prefix, token_sha256=_digest(plain),
            expires_at=timezone.now() + timedelta(days=days),
        )  # fmt: skip
        audit_record(actor=actor, action=AuditAction.CREATE, subject=token,
                     detail={"days": days})  # fmt: skip
    return token, plain


def token_revoke(*, actor: Actor, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner or an administrator may."""
    if token.user_id != getattr(actor, "pk", None) and not capability_has(
        actor, Capability.USER_MANAGE
    ):
        raise PermissionDenied
    with transaction.atomic():
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, subject=token,
                     detail={"revoked": True})  # fmt: skip
    return token


def token_authenticate(plain: str) -> User | None:
    """The active user a usable token belongs to, or None."""
    if not plain.startswith("enl_"):
        return None
    token = (
        ApiToken.objects.select_related("user", "user__office")
        .filter(token_sha256=_digest(plain))
        .first()
    )
    if token is None or not token.usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
