"""``enlace api-token create USERNAME [--name N] [--days D]`` prints a new token once;
``enlace api-token revoke PREFIX`` revokes one (as the system actor ``api-token-revoke``, a
user manager's act recorded by name in the audit log)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.access import Capability, SystemActor
from enlace.accounts.models import User
from enlace.api.models import ApiToken
from enlace.api.tokens import DEFAULT_DAYS, token_create, token_revoke

# Whoever may run management commands on the server manages users already.
REVOKER = SystemActor(name="api-token-revoke", capabilities=frozenset({Capability.USER_MANAGE}))


class Command(BaseCommand):
    help = "Issue or revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", default="cli")
        create.add_argument("--days", type=int, default=DEFAULT_DAYS)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self._create(options["username"], options["name"], options["days"])
            return
        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError("no such token")
        token_revoke(actor=REVOKER, token=token)
        self.stdout.write(f"revoked {token.prefix}")

    def _create(self, username: str, name: str, days: int) -> None:
        """Issue a token to the named user, acting as that user: the service refuses a role
        that may not hold one."""
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError("no such user")
        try:
            _token, plain = token_create(actor=user, name=name, days=days)
        except PermissionDenied:
            raise CommandError("this user may not be issued an API token") from None
        self.stdout.write(plain)
