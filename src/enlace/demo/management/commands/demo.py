from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from enlace.agreements.services import agreements_load
from enlace.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from enlace.demo.services import demo_load


class Command(BaseCommand):
    help = "Migrate, load reference data and the synthetic demo data, and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2003)
        parser.add_argument(
            "--persons", type=int, default=1200, help="synthetic population to draw from"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference", verbosity=0)
        agreements_load()
        summary = demo_load(seed=options["seed"], persons=options["persons"])
        if summary.loaded:
            self.stdout.write(
                f"Demo data loaded: {summary.manifests} synthetic manifests, "
                f"{summary.persons} persons."
            )
        else:
            self.stdout.write(f"Demo data already present ({summary.persons} persons); kept.")
        if summary.today:
            self.stdout.write("Today's work added for every role (demo/today.py).")
        self.stdout.write(self._logins())

    def _logins(self) -> str:
        width = max(len(u.username) for u in DEMO_USERS)
        lines = ["", f"Demo logins (password for all: {DEMO_PASSWORD}):"]
        lines += [
            f"  {u.username:<{width}}  {u.role.label:<30}  {u.office_code or '-'}"
            for u in DEMO_USERS
        ]
        return "\n".join(lines)
