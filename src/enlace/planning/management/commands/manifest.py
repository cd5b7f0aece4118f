"""``enlace manifest check|submit|plan FILE``: read a manifest, check it, store it, plan it.

Exit status of ``check``: 0 no blocking finding, 1 at least one, 2 unreadable. Of
``plan`` (``--out PLANNED.csv``): 0 every row planned, 1 some rows unplanned (listed in
``PLANNED.unplanned.csv`` with the reason), 2 unreadable. ``plan`` puts no handover before
now (the one clock) plus the notice lead time, as the web's plans; ``--not-before
2019-03-12T05:40-07:00`` plans from another moment (a past day's file, replayed).
``submit --as USERNAME`` stores the manifest on that user's authority (checked by
``manifest_submit`` as on the web and the API): 2 when the user is unknown or may not
submit it, and nothing is stored.

The command lives in ``planning``, the app above ``repatriation`` that can both read a
manifest and plan it. ``check`` and ``plan`` write nothing and need no user.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.accounts.models import User
from enlace.core import clock
from enlace.planning.planner import manifest_plan
from enlace.planning.writing import plan_report, plan_write
from enlace.repatriation.intake import (
    ManifestConflictError,
    ManifestRejectedError,
    manifest_check,
    manifest_submit,
)
from enlace.repatriation.messages import bilingual, error_dict, finding_dict

UNREADABLE = 2
REFUSED = 2
NO_USER = gettext_lazy(
    "submit needs --as USERNAME: the officer on whose authority the manifest is stored. "
    "Nothing was stored."
)
UNKNOWN_USER = gettext_lazy("There is no active user “%(username)s”. Nothing was stored.")
BAD_NOT_BEFORE = gettext_lazy(
    "--not-before must be a date and time with its UTC offset, such as "
    "2019-03-12T05:40-07:00; “%(value)s” is not. Nothing was planned."
)
NOT_PERMITTED = gettext_lazy(
    "“%(username)s” may not submit this manifest: only an officer of its sending office "
    "may. Nothing was stored."
)


class RefusedError(Exception):
    """The submission is refused before anything is stored; ``message`` says why."""

    def __init__(self, message: Any, params: dict[str, Any] | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.params = params or {}


def _not_before(value: str | None) -> datetime:
    """The moment ``--not-before`` names (with its offset), else now."""
    if value is None:
        return clock.now()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise RefusedError(BAD_NOT_BEFORE, {"value": value})
    return moment


class Command(BaseCommand):
    help = "Check or submit a repatriation manifest (CSV or JSON, format v1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "submit", "plan"])
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--out", type=Path, help="plan: where to write the planned manifest")
        parser.add_argument(
            "--not-before",
            metavar="DATETIME",
            help="plan: no handover before this moment (ISO 8601 with offset; default: now)",
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="submit: the user on whose authority the manifest is stored (required)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            content = path.read_bytes()
        except OSError as exc:
            self._unreadable(
                [
                    {
                        "line": None,
                        "field": None,
                        "code": "file",
                        "message_en": str(exc),
                        "message_es": str(exc),
                    }
                ],
                options,
            )
            return
        try:
            if options["action"] == "check":
                self._check(content, options)
            elif options["action"] == "plan":
                self._plan(content, options)
            else:
                self._submit(content, path.name, options)
        except ManifestRejectedError as exc:
            self._unreadable([error_dict(e) for e in exc.errors], options)
        except ManifestConflictError as exc:
            message = _("A different manifest is already stored under the id “%(id)s”.")
            self.stderr.write(message % {"id": exc.manifest_id})
            raise SystemExit(UNREADABLE) from exc
        except RefusedError as refused:
            english, spanish = bilingual(refused.message, refused.params)
            self.stderr.write(f"{english} / {spanish}")
            raise SystemExit(REFUSED) from None

    def _check(self, content: bytes, options: dict[str, Any]) -> None:
        result = manifest_check(content=content)
        report = {
            "manifest_id": result.manifest_id,
            "records": result.records,
            "blocking": result.blocking,
            "warnings": result.warnings,
            "findings": [finding_dict(f) for f in result.findings],
        }
        self._print(report, options["format"])
        if result.blocking:
            raise SystemExit(1)

    def _plan(self, content: bytes, options: dict[str, Any]) -> None:
        out: Path | None = options["out"]
        if out is None:
            raise CommandError(_("plan needs --out PLANNED.csv"))
        planned = manifest_plan(content=content, not_before=_not_before(options["not_before"]))
        unplanned_path = plan_write(planned.plan, out)
        report = plan_report(planned.manifest_id, planned.plan, out, unplanned_path)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            for row in report["rows"]:
                if row["status"] == "unplanned":
                    self.stdout.write(
                        f"{row['record_id']:<14} {row['reason']:<24} {row['message_en']}"
                    )
            self.stdout.write(report["summary_en"])
        if planned.plan.unplanned:
            raise SystemExit(1)

    def _submit(self, content: bytes, name: str, options: dict[str, Any]) -> None:
        username = options.get("as_user")
        if not username:
            raise RefusedError(NO_USER)
        user = (
            User.objects.select_related("office").filter(username=username, is_active=True).first()
        )
        if user is None:
            raise RefusedError(UNKNOWN_USER, {"username": username})
        try:
            result = manifest_submit(actor=user, content=content, source_name=name)
        except PermissionDenied:
            raise RefusedError(NOT_PERMITTED, {"username": username}) from None
        manifest = result.manifest
        message = _("Manifest %(id)s stored: %(records)s records, %(blocking)s blocking findings.")
        if not result.created:
            message = _("Manifest %(id)s was already stored; nothing changed.")
        self.stdout.write(
            message
            % {
                "id": manifest.manifest_id,
                "records": manifest.record_count,
                "blocking": manifest.blocking_count,
            }
        )

    def _unreadable(self, errors: list[dict[str, Any]], options: dict[str, Any]) -> None:
        if options["format"] == "json":
            self.stdout.write(json.dumps({"errors": errors}, ensure_ascii=False, indent=2))
        else:
            for error in errors:
                where = f"line {error['line']}" if error["line"] else "file"
                field = f", {error['field']}" if error["field"] else ""
                self.stderr.write(f"{where}{field}: {error['message_en']} / {error['message_es']}")
        raise SystemExit(UNREADABLE)

    def _print(self, report: dict[str, Any], form: str) -> None:
        if form == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        findings = report["findings"]
        if form == "csv":
            writer = csv.DictWriter(
                self.stdout,
                fieldnames=list(findings[0]) if findings else ["record_id", "rule", "severity"],
            )
            writer.writeheader()
            writer.writerows(findings)
            return
        for f in findings:
            cite = " ".join(p for p in (f["agreement"], f["version"], f["clause"]) if p)
            self.stdout.write(
                f"{f['record_id']:<14} {f['severity']:<5} {f['rule']:<22} "
                f"{f['message_en']} [{cite}]"
            )
        self.stdout.write(
            f"{report['manifest_id']}: {report['records']} records, "
            f"{report['blocking']} blocking, {report['warnings']} warnings"
        )
