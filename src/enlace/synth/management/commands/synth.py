"""``enlace synth``: write a synthetic population with ground truth and daily manifests."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from enlace.synth import SynthConfig, SynthError, SynthErrorCode, synth_generate
from enlace.synth.config import config_load_json

_YEARS = re.compile(r"^\s*(\d{4})(?:\s*-\s*(\d{4}))?\s*$")


def _messages() -> dict[SynthErrorCode, str]:
    """The message of each refusal, translated at call time (named placeholders)."""
    code = SynthErrorCode
    return {
        code.PERSONS_RANGE: _(
            "The number of persons must be between 1 and %(high)s; %(value)s was given."
        ),
        code.SEED_RANGE: _(
            "The seed must be a whole number from 0 to 9223372036854775807; %(value)s was given."
        ),
        code.YEARS_FORMAT: _(
            "Write the years as YYYY or YYYY-YYYY (for example 2003-2005); “%(value)s” was given."
        ),
        code.YEARS_ORDER: _("The first year (%(first)s) comes after the last year (%(last)s)."),
        code.YEARS_UNCOVERED: _(
            "The apprehension statistics cover the calendar years %(low)s to %(high)s; "
            "%(first)s-%(last)s is outside them."
        ),
        code.RATE_RANGE: _("%(name)s must be a rate between 0 and 1; %(value)s was given."),
        code.RATES_SUM: _("These rates are alternatives and must add up to at most 1: %(names)s."),
        code.NUMBER_RANGE: _("%(name)s must be between %(low)s and %(high)s."),
        code.UNKNOWN_KEY: _("Unknown setting: %(name)s."),
        code.NOT_A_NUMBER: _("%(name)s must be a number."),
        code.NOT_AN_OBJECT: _("%(name)s must be a JSON object."),
        code.CONFIG_UNREADABLE: _("The configuration file %(path)s cannot be read."),
        code.CONFIG_NOT_JSON: _("The configuration file %(path)s does not hold a JSON object."),
        code.RULE_MIX_EMPTY: _(
            "The violation rate is above 0 but the rule mix gives no rule any weight."
        ),
        code.WORKERS_RANGE: _(
            "The number of worker processes must be between 0 and 64; %(value)s was given."
        ),
        code.OUT_NOT_EMPTY: _("The output folder %(path)s already exists and is not empty."),
        code.OUT_NOT_DIRECTORY: _("%(path)s exists and is not a folder."),
        code.OUT_UNWRITABLE: _(
            "The output folder %(path)s cannot be written: "
            "its parent folder is missing or not writable."
        ),
    }


def refusal(error: SynthError) -> CommandError:
    """A CommandError that says, in the user's language, why and that nothing was written."""
    problem = _messages()[error.code] % error.params
    return CommandError(_("%(problem)s Nothing was written.") % {"problem": problem})


def _integer(name: str, raw: Any) -> int:
    try:
        return int(str(raw).strip())
    except ValueError:
        raise SynthError(SynthErrorCode.NOT_A_NUMBER, name=name) from None


def _rate(name: str, raw: Any) -> float:
    try:
        return float(str(raw).strip())
    except ValueError:
        raise SynthError(SynthErrorCode.NOT_A_NUMBER, name=name) from None


def _years(raw: str) -> tuple[int, int]:
    match = _YEARS.match(str(raw))
    if not match:
        raise SynthError(SynthErrorCode.YEARS_FORMAT, value=str(raw)[:40])
    first = int(match.group(1))
    return first, int(match.group(2) or first)


def config_from_options(options: dict[str, Any]) -> SynthConfig:
    """The request the options describe (SynthError for a value that is not a number...)."""
    first, last = _years(options["years"])
    config = SynthConfig(
        persons=_integer("--persons", options["persons"]),
        first_year=first,
        last_year=last,
        seed=_integer("--seed", options["seed"]),
        out=Path(options["out"]),
        workers=None if options["workers"] is None else _integer("--workers", options["workers"]),
    )
    if options["config"]:
        config = config_load_json(config, Path(options["config"]))
    if options["violation_rate"] is not None:
        rate = _rate("--violation-rate", options["violation_rate"])
        config = replace(config, violations=replace(config.violations, rate=rate))
    return config


class Command(BaseCommand):
    help = (
        "Write a synthetic population with ground truth: persons.csv, records.csv, truth.csv, "
        "daily manifests (manifests/*.csv) and violations.csv. Deterministic for a seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", default="1000", help="number of true persons")
        parser.add_argument("--years", default="2003-2005", help="calendar years, YYYY-YYYY")
        parser.add_argument("--seed", default="2003", help="random seed (same seed, same bytes)")
        parser.add_argument(
            "--out", required=True, help="output folder (must not exist or be empty)"
        )
        parser.add_argument(
            "--config", default=None, help="JSON file of rates that override the defaults"
        )
        parser.add_argument(
            "--violation-rate", default=None, help="share of manifest rows that break a rule"
        )
        parser.add_argument(
            "--workers", default=None, help="worker processes (default: from the size)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            config = config_from_options(options)
            summary = synth_generate(config)
        except SynthError as error:
            raise refusal(error) from error
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Wrote %(persons)s persons, %(records)s records and %(rows)s manifest rows "
                    "in %(files)s files to %(path)s in %(seconds).1f s."
                )
                % {
                    "persons": summary.persons,
                    "records": summary.records,
                    "rows": summary.manifest_rows,
                    "files": summary.manifest_files,
                    "path": config.out,
                    "seconds": summary.seconds,
                }
            )
        )
