"""``enlace remains match MISSING.csv REMAINS.csv --out CANDIDATES.csv [--top 5]``.

Compares families' missing-person reports with medical examiners' remains cases (the
columns are in ``docs/remains-matching.md``) and writes, per report, up to ``--top``
candidates with their score and one explanation per field, in English or, with
``--language es-mx``, in Spanish. Names on documents are compared as the person search
compares names (``enlace.people.search``: accents, particles, nicknames, sound).

Reads only the two files: no database. A refused file prints why (in English and Spanish,
naming the file, line and field), writes nothing and exits with status 2.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enlace.people.search import match_score, name_key, name_query_parse
from enlace.safety.core.matching import FIELDS, Candidate, candidates
from enlace.safety.core.matching_csv import MatchInputError, missing_read, remains_read
from enlace.safety.matching_messages import explain, input_error_text

REFUSED = 2
COLUMNS = ("report_id", "case_id", "rank", "score", *FIELDS)
TOP_RANGE = gettext_lazy("--top must be a whole number from 1 to 50.")
NO_FOLDER = gettext_lazy("%(path)s cannot be written: there is no such folder, or it is one.")


def name_similarity(document: str, reported: str) -> float:
    """How alike two full names are, as the person search scores them (0 when unlike)."""
    best = 0.0
    for query, key in ((document, reported), (reported, document)):
        match = match_score(name_query_parse(query), name_key(key, "", ""))
        if match is not None:
            best = max(best, match.similarity)
    return best


def _row(candidate: Candidate, language: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(FIELDS, "")
    row |= {
        "report_id": candidate.report_id,
        "case_id": candidate.case_id,
        "rank": candidate.rank,
        "score": f"{candidate.score:.2f}",
    }
    for evidence in candidate.evidence:
        row[evidence.field] = explain(evidence, language)
    return row


def _write(found: list[Candidate], out: Path, language: str) -> None:
    """Write to a temporary file beside ``out``, then rename: all or nothing."""
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(_row(c, language) for c in found)
        Path(temporary).replace(out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "Match missing-person reports with remains cases: candidates with their reasons."
    requires_migrations_checks = False
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["match"])
        parser.add_argument("missing", type=Path, help="MISSING.csv: the families' reports")
        parser.add_argument("remains", type=Path, help="REMAINS.csv: the remains cases")
        parser.add_argument("--out", type=Path, required=True, help="CANDIDATES.csv to write")
        parser.add_argument("--top", type=int, default=5, help="candidates per report (1-50)")
        parser.add_argument("--language", choices=["en", "es-mx"], default="en")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        top: int = options["top"]
        if not 1 <= top <= 50:
            raise self._refusal(TOP_RANGE)
        if out.is_dir() or not out.parent.is_dir():
            raise self._refusal(NO_FOLDER, out)
        try:
            reports = missing_read(options["missing"])
            cases = remains_read(options["remains"])
        except MatchInputError as error:
            texts = [input_error_text(error, language) for language in ("en", "es-mx")]
            raise CommandError("\n".join(texts), returncode=REFUSED) from None
        found = candidates(reports, cases, top=top, name_similarity=name_similarity)
        _write(found, out, options["language"])
        with translation.override(options["language"]):
            self.stdout.write(
                _("%(candidates)s candidates for %(reports)s reports among %(cases)s cases.")
                % {"candidates": len(found), "reports": len(reports), "cases": len(cases)}
            )

    def _refusal(self, message: Any, path: Path | None = None) -> CommandError:
        texts = []
        for language in ("en", "es-mx"):
            with translation.override(language):
                problem = str(message) % {"path": path} if path else str(message)
                texts.append(_("%(problem)s Nothing was written.") % {"problem": problem})
        return CommandError("\n".join(texts), returncode=REFUSED)
