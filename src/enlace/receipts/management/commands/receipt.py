"""``enlace receipt verify FILE`` and ``enlace receipt keys``.

``verify`` checks a receipt file offline: canonical bytes, both signatures, and (with
``--keys KEYS.json``, a map of username → base64 public key such as ``receipt keys``
writes) that the signers' keys are trusted. Exit codes: 0 the receipt verifies; 1 it does
not (tampered, unsigned, untrusted key); 2 the file or the keys file cannot be opened (and
usage errors).
``verify`` needs no database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from enlace.receipts.core import receipt_verify


class Command(BaseCommand):
    help = "Verify a handover receipt offline, or export the officers' public keys."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify a receipt file")
        verify.add_argument("file", type=Path)
        verify.add_argument("--keys", type=Path, help="trusted public keys (JSON)")
        keys = sub.add_parser("keys", help="print every officer's public key as JSON")
        keys.add_argument("--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "keys":
            self._keys(options["output"])
            return
        self._verify(options["file"], options["keys"])

    def _keys(self, output: Path | None) -> None:
        from enlace.receipts.selectors import public_keys_export

        text = json.dumps(public_keys_export(), indent=2, sort_keys=True) + "\n"
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _verify(self, path: Path, keys_path: Path | None) -> None:
        try:
            data = path.read_bytes()
            trusted = None
            if keys_path:
                trusted = set(json.loads(keys_path.read_text(encoding="utf-8")).values())
        except (OSError, ValueError, AttributeError) as error:
            raise CommandError(f"cannot read: {error}", returncode=2) from error
        result = receipt_verify(data, trusted_keys=trusted)
        if result.ok:
            document = result.document or {}
            self.stdout.write(f"OK receipt {document.get('receipt_id')}: both signatures valid")
            return
        for problem, where in result.problems:
            self.stderr.write(f"FAIL {problem.value}: {where}")
        sys.exit(1)
