"""The rules: stable ids, severities, and the expression that finds each violation.

Each rule is a registered function from the prepared frame's columns to a boolean Polars
expression, true where the row breaks the rule. The frame has, besides the manifest
columns parsed to types, the columns the rule table joined in (windows, lead time,
designation, TVPRA date), the family-unity column computed by the engine and ``now_utc``,
the moment of the check when the caller gives one (else null: the rules that need it do not
apply).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import polars as pl


class RuleId(StrEnum):
    PORT = "PORT"
    HOURS = "HOURS"
    VULNERABLE_HOURS = "VULNERABLE_HOURS"
    MINOR_RECEIVER = "MINOR_RECEIVER"
    TVPRA_SCREENING = "TVPRA_SCREENING"
    FAMILY_UNITY = "FAMILY_UNITY"
    CONSULAR_NOTIFICATION = "CONSULAR_NOTIFICATION"
    ADVANCE_NOTICE = "ADVANCE_NOTICE"
    CRIMINAL_NOTICE = "CRIMINAL_NOTICE"
    BELONGINGS = "BELONGINGS"
    MEDICAL = "MEDICAL"
    INTERIOR_CONSENT = "INTERIOR_CONSENT"
    STATS_COMPLETENESS = "STATS_COMPLETENESS"
    HANDOVER_PAST = "HANDOVER_PAST"


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"


@dataclass(frozen=True)
class Rule:
    id: RuleId
    severity: Severity
    violated: Callable[[], pl.Expr]


RULES: dict[RuleId, Rule] = {}


def rule(rule_id: RuleId, severity: Severity) -> Callable[[Callable[[], pl.Expr]], Callable]:
    def register(function: Callable[[], pl.Expr]) -> Callable[[], pl.Expr]:
        RULES[rule_id] = Rule(rule_id, severity, function)
        return function

    return register


def _empty(name: str) -> pl.Expr:
    return pl.col(name).is_null()


def _in_window(prefix: str) -> pl.Expr:
    """The local minute falls in one of the weekday's intervals ``prefix_s{i}..prefix_e{i}``."""
    minute = pl.col("local_minute")
    inside = pl.lit(False)
    for i in range(1, 4):
        start, end = pl.col(f"{prefix}_s{i}"), pl.col(f"{prefix}_e{i}")
        inside = inside | (start.is_not_null() & (minute >= start) & (minute < end))
    return inside


HANDED = pl.col("handover_port").is_not_null() & pl.col("handover_utc").is_not_null()


@rule(RuleId.PORT, Severity.BLOCK)
def _port() -> pl.Expr:
    return pl.col("handover_port").is_not_null() & (pl.col("designated") == False)  # noqa: E712


@rule(RuleId.HOURS, Severity.BLOCK)
def _hours() -> pl.Expr:
    return HANDED & pl.col("has_window") & ~_in_window("adult")


@rule(RuleId.VULNERABLE_HOURS, Severity.BLOCK)
def _vulnerable_hours() -> pl.Expr:
    return HANDED & pl.col("vulnerable") & pl.col("has_vulnerable_window") & ~_in_window("vuln")


@rule(RuleId.MINOR_RECEIVER, Severity.BLOCK)
def _minor_receiver() -> pl.Expr:
    return pl.col("unaccompanied_minor") & _empty("receiving_official")


@rule(RuleId.TVPRA_SCREENING, Severity.BLOCK)
def _tvpra() -> pl.Expr:
    applies = pl.col("unaccompanied_minor") & pl.col("tvpra_from").is_not_null()
    applies = applies & (pl.col("apprehended_utc").dt.date() >= pl.col("tvpra_from"))
    late = (pl.col("tvpra_screened_utc") - pl.col("apprehended_utc")) > pl.duration(hours=48)
    return applies & (_empty("tvpra_screened_utc") | late.fill_null(False))


@rule(RuleId.FAMILY_UNITY, Severity.BLOCK)
def _family() -> pl.Expr:
    return pl.col("family_split")


@rule(RuleId.CONSULAR_NOTIFICATION, Severity.BLOCK)
def _consular() -> pl.Expr:
    not_notified = pl.col("consular_notification_requested") & _empty("consulate_notified_utc")
    return _empty("consular_notification_offered_utc") | not_notified


@rule(RuleId.ADVANCE_NOTICE, Severity.BLOCK)
def _advance_notice() -> pl.Expr:
    lead = pl.col("handover_utc") - pl.col("notice_sent_utc")
    short = lead < pl.duration(minutes=1) * pl.col("lead_minutes")
    return (
        HANDED
        & pl.col("lead_minutes").is_not_null()
        & (_empty("notice_sent_utc") | short.fill_null(False))
    )


@rule(RuleId.CRIMINAL_NOTICE, Severity.BLOCK)
def _criminal() -> pl.Expr:
    after = (pl.col("pgr_notice_sent_utc") > pl.col("handover_utc")).fill_null(False)
    return pl.col("criminal_record") & (_empty("pgr_notice_sent_utc") | after)


@rule(RuleId.BELONGINGS, Severity.BLOCK)
def _belongings() -> pl.Expr:
    return (pl.col("belongings_status") == "pending") | _empty("belongings_status")


@rule(RuleId.MEDICAL, Severity.BLOCK)
def _medical() -> pl.Expr:
    return (pl.col("medical_condition") == "serious") & ~pl.col("medical_clearance")


@rule(RuleId.INTERIOR_CONSENT, Severity.BLOCK)
def _interior() -> pl.Expr:
    not_mexican = pl.col("nationality") != "MEX"
    return pl.col("interior_repatriation") & (_empty("interior_consent_utc") | not_mexican)


@rule(RuleId.STATS_COMPLETENESS, Severity.WARN)
def _stats() -> pl.Expr:
    return _empty("sex") | _empty("date_of_birth") | _empty("state_of_origin")


@rule(RuleId.HANDOVER_PAST, Severity.WARN)
def _handover_past() -> pl.Expr:
    """The given handover is already past at the moment of the check: the receiving side
    can no longer be told in time, the row must be planned again (cites the notice clause)."""
    return HANDED & (pl.col("handover_utc") < pl.col("now_utc"))
