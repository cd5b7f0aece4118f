"""Write the API's OpenAPI document to docs/openapi.json, or ``--check`` that it is current.

Exit codes: 0 written or current; 1 ``--check`` found the committed document stale.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "openapi.json"


def document() -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enlace.config.settings.dev")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from enlace.api.api import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if docs/openapi.json is stale")
    args = parser.parse_args()
    text = document()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print("docs/openapi.json is stale: run python scripts/openapi.py", file=sys.stderr)  # noqa: T201
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
