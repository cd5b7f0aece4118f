"""``enlace load-reference``: check and load the reference CSV files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enlace.reference.services import DATA_DIR, ReferenceDataError, reference_load


class Command(BaseCommand):
    help = "Check the reference CSV files and load them; nothing is written if any line is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DATA_DIR,
            help="Folder with the CSV files (default: the files shipped with enlace).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = Path(options["data_dir"])
        try:
            counts = reference_load(data_dir=data_dir)
        except ReferenceDataError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(
                _("Reference data refused: %(count)d problems; nothing was written.")
                % {"count": len(error.messages)}
            ) from error
        if options["verbosity"] < 1:
            return
        width = max(len(name) for name in counts)
        for name, rows in counts.items():
            self.stdout.write(f"{name:<{width}}  {rows:>6}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Loaded %(rows)d rows from %(files)d files.")
                % {"rows": sum(counts.values()), "files": len(counts)}
            )
        )
