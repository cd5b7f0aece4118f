"""``enlace outbox deliver [--once]``: deliver the outbox's pending events to the webhooks."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from enlace.outbox.delivery import outbox_deliver_once


class Command(BaseCommand):
    help = "Deliver pending outbox events to subscribed webhooks (at least once)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        deliver = sub.add_parser("deliver", help="deliver pending events")
        deliver.add_argument("--once", action="store_true", help="one pass, then exit")
        deliver.add_argument("--interval", type=float, default=2.0, help="seconds between passes")
        deliver.add_argument("--lease", type=int, default=60, help="claim lease in seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            run = outbox_deliver_once(lease_seconds=options["lease"])
            if options["once"]:
                self.stdout.write(
                    f"claimed {run.claimed}, delivered {run.delivered}, failed {run.failed}"
                )
                return
            if not run.claimed:
                time.sleep(options["interval"])
