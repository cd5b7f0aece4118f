"""Check (default) or refresh (--update) the Spanish message catalog.

Check mode regenerates the catalog from the code into a scratch copy and fails when the
committed catalog is stale (a message added or removed in the code), when a message has no
Spanish translation, or when a translation is still marked fuzzy. The committed files are
left as they were.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "enlace"
CATALOG = PACKAGE / "locale" / "es_MX" / "LC_MESSAGES" / "django.po"
_STRING = re.compile(r'^"(.*)"$')


def parse_po(text: str) -> dict[tuple[str, str], tuple[list[str], bool]]:
    """Map (context, msgid) to (translations, fuzzy) for every entry but the header."""
    entries: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = ""
        fuzzy = False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#") or not line:
                continue
            match = _STRING.match(line)
            if match and key:
                fields[key] += match.group(1)
                continue
            key, _, rest = line.partition(" ")
            fields[key] = rest.strip()[1:-1]
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        translations = [v for k, v in fields.items() if k.startswith("msgstr")]
        entries[(fields.get("msgctxt", ""), fields["msgid"])] = (translations, fuzzy)
    return entries


def makemessages(cwd: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "enlace.config.settings.test"}
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "django",
            "makemessages",
            "-l",
            "es_MX",
            "--no-obsolete",
            "--add-location",
            "file",
            "-v",
            "0",
            "--ignore",
            "migrations/*",
        ],
        cwd=cwd,
        env=env,
        check=True,
    )


def check() -> list[str]:
    committed = parse_po(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {}
    with tempfile.TemporaryDirectory() as scratch:
        backup = Path(scratch) / "django.po"
        if CATALOG.exists():
            shutil.copy2(CATALOG, backup)
        try:
            makemessages(PACKAGE)
            fresh = parse_po(CATALOG.read_text(encoding="utf-8"))
        finally:
            if backup.exists():
                shutil.copy2(backup, CATALOG)
    problems = [
        f"not in the catalog (run `make messages`): {m!r}"
        for _, m in fresh.keys() - committed.keys()
    ]
    problems += [
        f"no longer in the code (run `make messages`): {m!r}"
        for _, m in committed.keys() - fresh.keys()
    ]
    for (_, msgid), (translations, fuzzy) in committed.items():
        if fuzzy:
            problems.append(f"fuzzy translation: {msgid!r}")
        elif not all(translations):
            problems.append(f"missing Spanish translation: {msgid!r}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="refresh the catalog in place")
    args = parser.parse_args()
    if args.update:
        CATALOG.parent.mkdir(parents=True, exist_ok=True)
        makemessages(PACKAGE)
        return 0
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)  # noqa: T201
    if problems:
        print(f"{len(problems)} catalog problem(s) in {CATALOG.relative_to(ROOT)}", file=sys.stderr)  # noqa: T201
        return 1
    print(f"catalog up to date: {CATALOG.relative_to(ROOT)}")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
