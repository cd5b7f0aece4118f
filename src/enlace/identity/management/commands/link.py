"""``enlace link dedupe|evaluate``: link records into persons; score a linkage against truth.

``enlace link dedupe INPUT.csv --out CLUSTERS.csv [--threshold P] [--pairs PAIRS.csv]``
``enlace link evaluate CLUSTERS.csv --truth TRUTH.csv [--format text|json]``

A refused input prints why (in English and Spanish, naming the line or field), writes
nothing and exits with status 2.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from enlace.identity.core.errors import LinkError, LinkErrorCode
from enlace.identity.core.evaluate import Scores, scores_compute
from enlace.identity.core.pipeline import (
    DEFAULT_THRESHOLD,
    LinkOptions,
    linkage_run,
    pairs_explain,
)
from enlace.identity.core.records import features_build, records_read

REFUSED = 2


def _messages() -> dict[LinkErrorCode, str]:
    code = LinkErrorCode
    return {
        code.NO_RECORD_ID: _("The header (line 1) has no record_id column."),
        code.DUPLICATE_RECORD_ID: _(
            "Line %(line)s repeats the record_id “%(record_id)s” of line %(first)s."
        ),
        code.EMPTY_RECORD_ID: _("Line %(line)s has an empty record_id."),
        code.UNDECODABLE: _("Line %(line)s is not valid UTF-8 text."),
        code.UNREADABLE: _("The file %(path)s cannot be read."),
        code.MALFORMED: _("The file is not a well-formed CSV: %(detail)s"),
        code.NO_TRUTH_COLUMNS: _("%(path)s needs the columns record_id and person_id."),
        code.THRESHOLD_RANGE: _(
            "The threshold must be a probability between 0 and 1 (exclusive); %(value)s was given."
        ),
        code.OUT_EXISTS: _("%(path)s is a folder, not a file."),
    }


def refusal(error: LinkError) -> CommandError:
    """The reason in English and in Spanish, and that nothing was written (exit status 2)."""
    texts = []
    for language in ("en", "es"):
        with translation.override(language):
            problem = _messages()[error.code] % error.params
            texts.append(_("%(problem)s Nothing was written.") % {"problem": problem})
    return CommandError("\n".join(dict.fromkeys(texts)), returncode=REFUSED)


def _threshold(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise LinkError(LinkErrorCode.THRESHOLD_RANGE, value=raw[:20]) from None
    if not 0 < value < 1:
        raise LinkError(LinkErrorCode.THRESHOLD_RANGE, value=raw[:20])
    return value


def _target(path: Path) -> Path:
    if path.is_dir():
        raise LinkError(LinkErrorCode.OUT_EXISTS, path=str(path))
    return path


def _csv_write_all(frames: list[tuple[pl.DataFrame, Path]]) -> None:
    """Write every file or none: each goes to a hidden temporary file, renamed at the end."""
    written: list[tuple[str, Path]] = []
    try:
        for frame, path in frames:
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            os.close(handle)
            written.append((temporary, path))
            frame.write_csv(temporary)
    except BaseException:
        for temporary, _path in written:
            Path(temporary).unlink(missing_ok=True)
        raise
    for temporary, path in written:
        os.replace(temporary, path)


def _truth_read(path: Path) -> pl.DataFrame:
    try:
        frame = pl.read_csv(path, infer_schema=False)
    except (OSError, pl.exceptions.ComputeError, pl.exceptions.NoDataError):
        raise LinkError(LinkErrorCode.UNREADABLE, path=str(path)) from None
    if not {"record_id", "person_id"} <= set(frame.columns):
        raise LinkError(LinkErrorCode.NO_TRUTH_COLUMNS, path=str(path))
    return frame


def scores_text(scores: Scores) -> str:
    lines = [
        _("records compared: %(n)s") % {"n": scores.records},
        _("persons: %(true)s true, %(found)s found")
        % {"true": scores.persons_true, "found": scores.persons_found},
        _("pairwise precision %(p).4f, recall %(r).4f, F1 %(f).4f")
        % {"p": scores.precision, "r": scores.recall, "f": scores.f1},
        _("B-cubed precision %(p).4f, recall %(r).4f, F1 %(f).4f")
        % {"p": scores.bcubed_precision, "r": scores.bcubed_recall, "f": scores.bcubed_f1},
        _("persons found exactly: %(share).4f") % {"share": scores.exact_clusters},
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Link records into persons (dedupe) or score a linkage against the truth (evaluate)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        dedupe = actions.add_parser("dedupe", help="cluster the records of a CSV into persons")
        dedupe.add_argument("input", help="CSV with record_id and name, birth and CURP columns")
        dedupe.add_argument("--out", required=True, help="CSV to write: record_id, person_id")
        dedupe.add_argument(
            "--threshold", default=str(DEFAULT_THRESHOLD), help="match probability to link"
        )
        dedupe.add_argument("--pairs", default=None, help="CSV of scored pairs with reasons")
        evaluate = actions.add_parser("evaluate", help="precision, recall and F1 of clusters")
        evaluate.add_argument("clusters", help="CSV: record_id, person_id (as dedupe writes)")
        evaluate.add_argument("--truth", required=True, help="CSV: record_id, person_id")
        evaluate.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "dedupe":
                self._dedupe(options)
            else:
                self._evaluate(options)
        except LinkError as error:
            raise refusal(error) from error

    def _dedupe(self, options: dict[str, Any]) -> None:
        threshold = _threshold(str(options["threshold"]))
        out = _target(Path(options["out"]))
        pairs_path = _target(Path(options["pairs"])) if options["pairs"] else None
        features = features_build(records_read(Path(options["input"])))
        link_options = LinkOptions(
            threshold=threshold, pairs_threshold=min(0.5, threshold) if pairs_path else None
        )
        result = linkage_run(features, options=link_options)
        files = [(result.clusters.sort("record_id"), out)]
        if pairs_path is not None and result.pairs is not None:
            files.append((pairs_explain(result.pairs, result.level_labels), pairs_path))
        elif pairs_path is not None:
            files.append((pl.DataFrame({"record_id_l": [], "record_id_r": []}), pairs_path))
        _csv_write_all(files)
        if options["verbosity"] >= 1:
            message = _("Linked %(records)s records into %(persons)s persons; wrote %(path)s.")
            clusters = result.clusters
            self.stdout.write(
                message
                % {
                    "records": clusters.height,
                    "persons": clusters["person_id"].n_unique(),
                    "path": out,
                }
            )

    def _evaluate(self, options: dict[str, Any]) -> None:
        clusters = _truth_read(Path(options["clusters"]))
        truth = _truth_read(Path(options["truth"]))
        scores = scores_compute(clusters, truth)
        if options["format"] == "json":
            self.stdout.write(json.dumps(scores.as_dict(), indent=2))
        else:
            self.stdout.write(scores_text(scores))
