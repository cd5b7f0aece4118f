"""``enlace safety-escalations``: open the escalations whose rolling window reached the
sector's threshold (run daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from enlace.safety.risk import escalations_check


class Command(BaseCommand):
    help = "Open an escalation for each sector whose rolling window reached its threshold."

    def handle(self, *args: Any, **options: Any) -> None:
        opened = escalations_check()
        if options["verbosity"] >= 1:
            self.stdout.write(_("Escalations opened: %(count)d.") % {"count": len(opened)})
