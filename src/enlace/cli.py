"""The ``enlace`` command: a front door to the management commands with settings preset.

``enlace load-reference`` runs the ``load_reference`` management command; dashes and
underscores are interchangeable. ``enlace`` alone lists the commands.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings.dev")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["enlace", *args])


if __name__ == "__main__":
    main()
