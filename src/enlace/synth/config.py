"""Configuration of the synthetic population: rates with documented defaults.

Every default is explained in ``docs/synthetic-data.md`` with its source, or marked there as an
assumption. A JSON file (``--config``) overrides any subset, e.g.::

    {"noise": {"border_patrol": {"maternal_drop": 0.3}},
     "population": {"repeat_probability": 0.1},
     "violations": {"rate": 0.1, "mix": {"PORT": 2, "HOURS": 1}}}
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from enlace.synth.errors import SynthError, SynthErrorCode

AGENCIES: tuple[str, ...] = ("border_patrol", "ice", "consulate", "inm")
AGENCY_CODES: dict[str, str] = {
    "border_patrol": "CBP-USBP",
    "ice": "ICE-ERO",
    "consulate": "SRE-CONS",
    "inm": "INM",
}
RULES: tuple[str, ...] = (
    "PORT", "HOURS", "VULNERABLE_HOURS", "MINOR_RECEIVER", "TVPRA_SCREENING", "FAMILY_UNITY",
    "CONSULAR_NOTIFICATION", "ADVANCE_NOTICE", "CRIMINAL_NOTICE", "BELONGINGS", "MEDICAL",
    "INTERIOR_CONSENT", "STATS_COMPLETENESS",
)  # fmt: skip
MAX_PERSONS = 20_000_000
MAX_SEED = 2**63 - 1

# Groups of rates that are alternatives (at most one applies to a record): each sums to <= 1.
EXCLUSIVE_GROUPS: tuple[tuple[str, ...], ...] = (
    ("maternal_drop", "maternal_hyphen", "maternal_join", "maternal_to_given", "surname_swap"),
    ("nickname", "english_form", "given_short"),
    ("dob_swap", "dob_year_only"),
    ("curp_missing", "curp_mistyped"),
)


@dataclass(frozen=True)
class NoiseRates:
    """Probabilities that one agency's record of a person carries each kind of error."""

    maternal_drop: float = 0.0
    maternal_hyphen: float = 0.0
    maternal_join: float = 0.0
    maternal_to_given: float = 0.0
    surname_swap: float = 0.0
    accents_lost: float = 0.0
    upper_case: float = 0.0
    given_short: float = 0.0
    nickname: float = 0.0
    english_form: float = 0.0
    spelling: float = 0.0
    keyboard_slip: float = 0.0
    dob_swap: float = 0.0
    dob_year_only: float = 0.0
    curp_missing: float = 0.0
    curp_mistyped: float = 0.0
    sex_missing: float = 0.0

    @cached_property
    def given_total(self) -> float:
        """The chance that the given names are changed at all (the alternatives summed)."""
        return self.nickname + self.english_form + self.given_short

    @cached_property
    def surname_total(self) -> float:
        """The chance that one of the five surname patterns applies."""
        return (
            self.maternal_drop
            + self.maternal_hyphen
            + self.maternal_join
            + self.maternal_to_given
            + self.surname_swap
        )


# Assumptions (no published measurement was found): see docs/synthetic-data.md, "Noise".
DEFAULT_NOISE: dict[str, NoiseRates] = {
    "border_patrol": NoiseRates(
        maternal_drop=0.15, maternal_hyphen=0.05, maternal_join=0.10, maternal_to_given=0.05,
        surname_swap=0.03, accents_lost=0.85, upper_case=0.60, given_short=0.15, nickname=0.03,
        english_form=0.03, spelling=0.04, keyboard_slip=0.02, dob_swap=0.01, dob_year_only=0.02,
        curp_missing=0.90, curp_mistyped=0.05, sex_missing=0.01,
    ),
    "ice": NoiseRates(
        maternal_drop=0.12, maternal_hyphen=0.08, maternal_join=0.10, maternal_to_given=0.04,
        surname_swap=0.02, accents_lost=0.80, upper_case=0.70, given_short=0.12, nickname=0.02,
        english_form=0.04, spelling=0.03, keyboard_slip=0.02, dob_swap=0.02, dob_year_only=0.01,
        curp_missing=0.85, curp_mistyped=0.05, sex_missing=0.005,
    ),
    "consulate": NoiseRates(
        maternal_drop=0.03, surname_swap=0.005, accents_lost=0.20, upper_case=0.30,
        given_short=0.05, nickname=0.01, spelling=0.01, keyboard_slip=0.01, dob_swap=0.002,
        dob_year_only=0.01, curp_missing=0.30, curp_mistyped=0.03,
    ),
    "inm": NoiseRates(
        maternal_drop=0.05, surname_swap=0.01, accents_lost=0.50, upper_case=0.80,
        given_short=0.08, nickname=0.01, english_form=0.005, spelling=0.02, keyboard_slip=0.02,
        dob_swap=0.005, dob_year_only=0.02, curp_missing=0.40, curp_mistyped=0.03,
        sex_missing=0.005,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class PopulationRates:
    """Who is encountered, and what happens at an encounter (shares of persons or encounters)."""

    # USBP Sector Profile FY2011, southwest border (earliest year with these columns).
    unaccompanied_minor_share: float = 0.0487  # 15,949 / 327,577
    accompanied_minor_share: float = 0.0211  # 6,902 / 327,577
    female_share: float = 0.130  # 42,590 / 327,577
    # Domain rules 12.1: Q1 2023 minors repatriated, 1,665 of 7,636 female.
    uac_female_share: float = 0.218
    adult_group_share: float = 0.05  # adults travelling with an adult relative [assumption]
    pregnant_share: float = 0.03  # of women aged 15-44 [assumption]
    ill_share: float = 0.03  # stable medical condition [assumption]
    seriously_ill_share: float = 0.004  # [assumption]
    disabled_share: float = 0.01  # [assumption]
    repeat_probability: float = 0.2  # another encounter after each one [assumption]
    repeat_interval_days: float = 30.0  # mean days between return and next encounter [assumption]
    max_encounters: int = 10
    ice_share: float = 0.10  # encounters that are ICE interior arrests [assumption]
    ice_custody_share: float = 0.10  # USBP apprehensions passed to ICE custody [assumption]
    consular_request_share: float = 0.30  # asks that the consulate be notified [assumption]
    criminal_share: float = 0.098  # domain rules 12.1: FY2005 El Paso, 13,201 / 134,999
    a_number_share: float = 0.25  # USBP encounters that open an A-file [assumption]
    none_held_share: float = 0.30  # no belongings held [assumption]
    # Domain rules 1.8: 14,000 returned by the 2004 pilot / Mexican apprehensions in the
    # Tucson and Yuma sectors between 12 Jul and 30 Sep 2004 (USBP monthly data).
    interior_share: float = 0.115


@dataclass(frozen=True)
class ViolationConfig:
    rate: float = 0.05
    mix: Mapping[str, float] = field(default_factory=lambda: dict.fromkeys(RULES, 1.0))


@dataclass(frozen=True)
class SynthConfig:
    """One synthesis request. ``out`` may be None when only generating in memory."""

    persons: int = 1000
    first_year: int = 2003
    last_year: int = 2005
    seed: int = 2003
    out: Path | None = None
    workers: int | None = None  # None: choose from the size; 0 or 1: in this process
    noise: Mapping[str, NoiseRates] = field(default_factory=lambda: dict(DEFAULT_NOISE))
    population: PopulationRates = field(default_factory=PopulationRates)
    violations: ViolationConfig = field(default_factory=ViolationConfig)


# --- validation ----------------------------------------------------------------------------


def _check_rate(name: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise SynthError(SynthErrorCode.RATE_RANGE, name=name, value=value)


def _check_noise(agency: str, rates: NoiseRates) -> None:
    for item in fields(rates):
        _check_rate(f"noise.{agency}.{item.name}", getattr(rates, item.name))
    for group in EXCLUSIVE_GROUPS:
        total = sum(getattr(rates, name) for name in group)
        if total > 1.0 + 1e-9:
            raise SynthError(
                SynthErrorCode.RATES_SUM, names=", ".join(f"noise.{agency}.{n}" for n in group)
            )


_RANGES = {"repeat_interval_days": (1, 3650), "max_encounters": (1, 50)}


def _check_population(rates: PopulationRates) -> None:
    for item in fields(rates):
        value = getattr(rates, item.name)
        name = f"population.{item.name}"
        if item.name in _RANGES:
            low, high = _RANGES[item.name]
            if not low <= value <= high:
                raise SynthError(SynthErrorCode.NUMBER_RANGE, name=name, low=low, high=high)
        else:
            _check_rate(name, value)
    minors = rates.unaccompanied_minor_share + rates.accompanied_minor_share
    if minors + rates.adult_group_share > 0.9:
        raise SynthError(
            SynthErrorCode.RATES_SUM,
            names="population.unaccompanied_minor_share, population.accompanied_minor_share, "
            "population.adult_group_share",
        )


def config_validate(config: SynthConfig) -> None:
    """Raise SynthError for the first impossible value (counts, seed, rates; not the years)."""
    if not 1 <= config.persons <= MAX_PERSONS:
        raise SynthError(SynthErrorCode.PERSONS_RANGE, value=config.persons, high=MAX_PERSONS)
    if not 0 <= config.seed <= MAX_SEED:
        raise SynthError(SynthErrorCode.SEED_RANGE, value=config.seed)
    if config.first_year > config.last_year:
        raise SynthError(SynthErrorCode.YEARS_ORDER, first=config.first_year, last=config.last_year)
    if config.workers is not None and not 0 <= config.workers <= 64:
        raise SynthError(SynthErrorCode.WORKERS_RANGE, value=config.workers)
    for agency in AGENCIES:
        _check_noise(agency, config.noise[agency])
    _check_population(config.population)
    _check_rate("violations.rate", config.violations.rate)
    mix = config.violations.mix
    for rule, weight in mix.items():
        if weight < 0:
            raise SynthError(SynthErrorCode.RATE_RANGE, name=f"violations.mix.{rule}", value=weight)
    if config.violations.rate > 0 and not any(w > 0 for w in mix.values()):
        raise SynthError(SynthErrorCode.RULE_MIX_EMPTY)


# --- overrides from JSON -------------------------------------------------------------------


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SynthError(SynthErrorCode.NOT_A_NUMBER, name=name)
    return float(value)


def _override_dataclass(base: Any, data: Any, prefix: str) -> Any:
    if not isinstance(data, Mapping):
        raise SynthError(SynthErrorCode.NOT_AN_OBJECT, name=prefix)
    known = {item.name: item for item in fields(base)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise SynthError(SynthErrorCode.UNKNOWN_KEY, name=f"{prefix}.{key}")
        number = _number(f"{prefix}.{key}", value)
        changes[key] = int(number) if known[key].type in ("int", int) else number
    return replace(base, **changes)


def _override_noise(base: Mapping[str, NoiseRates], data: Any) -> dict[str, NoiseRates]:
    if not isinstance(data, Mapping):
        raise SynthError(SynthErrorCode.NOT_AN_OBJECT, name="noise")
    result = dict(base)
    for agency, values in data.items():
        if agency not in AGENCIES:
            raise SynthError(SynthErrorCode.UNKNOWN_KEY, name=f"noise.{agency}")
        result[agency] = _override_dataclass(result[agency], values, f"noise.{agency}")
    return result


def _override_violations(base: ViolationConfig, data: Any) -> ViolationConfig:
    if not isinstance(data, Mapping):
        raise SynthError(SynthErrorCode.NOT_AN_OBJECT, name="violations")
    rate, mix = base.rate, dict(base.mix)
    for key, value in data.items():
        if key == "rate":
            rate = _number("violations.rate", value)
        elif key == "mix":
            if not isinstance(value, Mapping):
                raise SynthError(SynthErrorCode.NOT_AN_OBJECT, name="violations.mix")
            mix = dict.fromkeys(RULES, 0.0)
            for rule, weight in value.items():
                if rule not in RULES:
                    raise SynthError(SynthErrorCode.UNKNOWN_KEY, name=f"violations.mix.{rule}")
                mix[rule] = _number(f"violations.mix.{rule}", weight)
        else:
            raise SynthError(SynthErrorCode.UNKNOWN_KEY, name=f"violations.{key}")
    return ViolationConfig(rate=rate, mix=mix)


def config_override(config: SynthConfig, data: Any) -> SynthConfig:
    """Return ``config`` with the rates given in ``data`` (parsed JSON) replaced."""
    if not isinstance(data, Mapping):
        raise SynthError(SynthErrorCode.CONFIG_NOT_JSON, path="")
    for key, value in data.items():
        if key == "noise":
            config = replace(config, noise=_override_noise(config.noise, value))
        elif key == "population":
            population = _override_dataclass(config.population, value, "population")
            config = replace(config, population=population)
        elif key == "violations":
            config = replace(config, violations=_override_violations(config.violations, value))
        else:
            raise SynthError(SynthErrorCode.UNKNOWN_KEY, name=key)
    return config


def config_load_json(config: SynthConfig, path: Path) -> SynthConfig:
    """Apply the overrides in a JSON file; SynthError if it cannot be read or parsed."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise SynthError(SynthErrorCode.CONFIG_UNREADABLE, path=str(path)) from None
    try:
        data = json.loads(text)
    except ValueError:
        raise SynthError(SynthErrorCode.CONFIG_NOT_JSON, path=str(path)) from None
    if not isinstance(data, Mapping):
        raise SynthError(SynthErrorCode.CONFIG_NOT_JSON, path=str(path))
    return config_override(config, data)


def config_as_dict(config: SynthConfig) -> dict[str, Any]:
    """The rates as plain JSON-ready data (written next to the output as ``config.json``)."""
    return {
        "persons": config.persons,
        "years": [config.first_year, config.last_year],
        "seed": config.seed,
        "noise": {a: dataclasses.asdict(config.noise[a]) for a in AGENCIES},
        "population": dataclasses.asdict(config.population),
        "violations": {"rate": config.violations.rate, "mix": dict(config.violations.mix)},
    }
