"""``enlace break-glass grant|revoke USERNAME --as MANAGER --reason TEXT``, ``enlace
break-glass list``: the one documented way into case content in the admin (ADR 0015)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enlace.access.admin import (
    BREAK_GLASS_APP,
    BREAK_GLASS_CODENAME,
    break_glass_grant,
    break_glass_revoke,
)
from enlace.accounts.models import User


def _user(username: str) -> User:
    found = User.objects.select_related("office").filter(username=username, is_active=True)
    user = found.first()
    if user is None:
        raise CommandError(_("There is no active user “%(username)s”.") % {"username": username})
    return user


class Command(BaseCommand):
    help = "Grant, revoke or list break-glass access to case content in the admin (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("username", nargs="?")
        parser.add_argument("--as", dest="manager", help="the user manager acting (required)")
        parser.add_argument(
            "--reason", default="", help="incident or request number (no personal details)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            holders = User.objects.filter(
                user_permissions__content_type__app_label=BREAK_GLASS_APP,
                user_permissions__codename=BREAK_GLASS_CODENAME,
            ).order_by("username")
            for holder in holders:
                self.stdout.write(holder.username)
            return
        if not options["username"] or not options["manager"]:
            raise CommandError(_("Name the user and the manager acting: USERNAME --as MANAGER."))
        if options["action"] == "grant" and not options["reason"].strip():
            raise CommandError(_("A grant needs --reason: the incident or request number."))
        user, manager = _user(options["username"]), _user(options["manager"])
        try:
            if options["action"] == "grant":
                break_glass_grant(user=user, actor=manager, reason=options["reason"].strip())
            else:
                break_glass_revoke(user=user, actor=manager)
        except PermissionDenied:
            raise CommandError(
                _("“%(username)s” may not manage users.") % {"username": manager.username}
            ) from None
        self.stdout.write(f"{options['action']}: {user.username}")
