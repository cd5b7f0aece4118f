"""Audit sign-in, sign-out and failed sign-ins (with no username: it is personal data).

A failed sign-in is recorded without an actor: nobody is signed in, no process acts on its
own authority, and naming the username tried would put personal data in the log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from enlace.core.audit import audit_record
from enlace.core.models import AuditAction

from .models import User


@receiver(user_logged_in)
def _on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, subject=user)


@receiver(user_logged_out)
def _on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, subject=user)


@receiver(user_login_failed)
def _on_login_failed(sender: Any, credentials: Any, request: Any = None, **kwargs: Any) -> None:
    audit_record(actor=None, action=AuditAction.LOGIN_FAILED, subject=("accounts.user", ""))
