from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve enlace with waitress (a production WSGI server) on 127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress import serve  # type: ignore[import-untyped]

        application = get_wsgi_application()  # the settings this command runs with

        self.stdout.write(f"enlace on http://{options['host']}:{options['port']}/ (Ctrl-C stops)")
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
