from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.core.audit import audit_verify
from enlace.core.models import AuditEvent


class Command(BaseCommand):
    help = "Audit trail tools. `enlace audit verify` checks the hash chain of every event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        problems = audit_verify()
        total = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(problem.describe())
            raise CommandError(f"audit chain broken: {len(problems)} problem(s) in {total} events")
        self.stdout.write(f"audit chain intact: {total} events")
