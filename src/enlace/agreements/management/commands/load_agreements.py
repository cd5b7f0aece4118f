"""``enlace load-agreements``: check and load the authored agreements file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enlace.agreements.core.instruments import DATA_FILE
from enlace.agreements.services import AgreementDataError, agreements_load


class Command(BaseCommand):
    help = (
        "Check the authored agreements file and load it; nothing is written if anything is "
        "wrong, and rows edited in the admin are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=DATA_FILE,
            help="The instruments file (default: the one shipped with enlace).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = agreements_load(path=Path(options["file"]))
        except AgreementDataError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Agreements refused: %(count)d problems; nothing was written.")
                % {"count": len(error.messages)}
            ) from error
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(agreements)d agreements, %(versions)d versions, %(clauses)d clauses, "
                    "%(parameters)d parameters: %(created)d rows created, %(updated)d updated, "
                    "%(kept)d edited in the admin left as they are."
                )
                % {
                    "agreements": summary.agreements,
                    "versions": summary.versions,
                    "clauses": summary.clauses,
                    "parameters": summary.parameters,
                    "created": summary.created,
                    "updated": summary.updated,
                    "kept": summary.kept_edited,
                }
            )
        )
