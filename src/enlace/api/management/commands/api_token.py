"""``enlace api-token create USERNAME [--name N] [--days D]`` prints a new token once;
``enlace api-token revoke PREFIX`` revokes one (as an administrator)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.accounts.models import User
from enlace.api.models import ApiToken
from enlace.api.tokens import DEFAULT_DAYS, token_create, token_revoke


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
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError("no such user")
            _token, plain = token_create(actor=user, name=options["name"], days=options["days"])
            self.stdout.write(plain)
            return
        token = ApiToken.objects.filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError("no such token")
        admin = User.objects.filter(role="admin").order_by("pk").first()
        token_revoke(actor=admin or token.user, token=token)
        self.stdout.write(f"revoked {token.prefix}")
