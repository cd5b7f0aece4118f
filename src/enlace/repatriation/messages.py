"""Bilingual messages for manifest errors and findings (codes come from the domain core)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .core.manifest import ErrorCode, ManifestError

ERROR_MESSAGES: dict[ErrorCode, Any] = {
    ErrorCode.EMPTY_FILE: _("The manifest is empty: it has no header or no rows."),
    ErrorCode.ENCODING: _(
        "The file is not UTF-8 text (it may be Windows-1252/ANSI). Save it as UTF-8 and "
        "submit it again."
    ),
    ErrorCode.DELIMITER: _(
        "Columns must be separated by commas; this file uses another separator."
    ),
    ErrorCode.NOT_JSON: _("This is not a JSON manifest: expected an array of row objects."),
    ErrorCode.MISSING_COLUMN: _("This column is missing from the header."),
    ErrorCode.UNKNOWN_COLUMN: _("This column is not part of the manifest format."),
    ErrorCode.REPEATED_COLUMN: _("This column appears more than once in the header."),
    ErrorCode.CELL_COUNT: _("The line has %(found)s cells but the header has %(expected)s."),
    ErrorCode.REQUIRED: _("A value is required."),
    ErrorCode.TOO_LONG: _("The value is longer than %(max)s characters."),
    ErrorCode.CHOICE: _("“%(value)s” is not one of: %(allowed)s."),
    ErrorCode.BOOLEAN: _("“%(value)s” must be true or false."),
    ErrorCode.DATE: _("“%(value)s” is not a date (YYYY-MM-DD, YYYY-MM or YYYY)."),
    ErrorCode.DATETIME: _(
        "“%(value)s” is not a date and time (ISO 8601, e.g. 2004-07-12T09:30-07:00)."
    ),
    ErrorCode.NO_OFFSET: _("“%(value)s” has no UTC offset; write it as 2004-07-12T09:30-07:00."),
    ErrorCode.NUMBER: _("“%(value)s” is not a number."),
    ErrorCode.RANGE: _("“%(value)s” is outside %(low)s to %(high)s."),
    ErrorCode.CURP: _("“%(value)s” is not a valid CURP (format or check digit)."),
    ErrorCode.A_NUMBER: _("“%(value)s” is not a valid A-number (A and 7 to 9 digits)."),
    ErrorCode.UNKNOWN_CODE: _("“%(value)s” is not a known code."),
    ErrorCode.NO_SURNAME: _("At least one surname is required."),
    ErrorCode.AGE_IMPOSSIBLE: _("The date of birth gives an impossible age (%(age)s years)."),
    ErrorCode.ADULT_UNACCOMPANIED: _(
        "Marked as an unaccompanied minor, but the date of birth gives %(age)s years."
    ),
    ErrorCode.PREGNANT_MALE: _("Marked as pregnant, but the sex is M."),
    ErrorCode.DUPLICATE_RECORD: _("The record id “%(value)s” appears more than once."),
    ErrorCode.MIXED_MANIFEST: _(
        "Every row must carry the same manifest id; this row has “%(value)s”."
    ),
    ErrorCode.MIXED_OFFICE: _(
        "Every row must come from the same sending office; this row has “%(value)s”."
    ),
    ErrorCode.TOO_MANY_ROWS: _(
        "The manifest has more than %(limit)s rows; split it by day and sending office."
    ),
    ErrorCode.TOO_MANY_ERRORS: _("More than %(limit)s errors; the rest are not listed."),
}


def _render(template: Any, params: Mapping[str, Any], language: str) -> str:
    with translation.override(language):
        text = str(template)
    try:
        return text % dict(params) if params else text
    except (KeyError, TypeError, ValueError):
        return text


def bilingual(template: Any, params: Mapping[str, Any]) -> tuple[str, str]:
    """The message in English and in Spanish."""
    return _render(template, params, "en"), _render(template, params, "es-mx")


def error_dict(error: ManifestError) -> dict[str, Any]:
    """A manifest error as the JSON shape of ``enlace manifest check``."""
    english, spanish = bilingual(ERROR_MESSAGES[error.code], error.params)
    return {
        "line": error.line,
        "field": error.field,
        "code": error.code.value,
        "message_en": english,
        "message_es": spanish,
    }


FINDING_MESSAGES: dict[str, Any] = {
    "PORT": _("Port %(handover_port)s is not a designated repatriation point."),
    "HOURS": _(
        "Handover at %(local_text)s local time is outside the agreed hours (%(adult_text)s)."
    ),
    "VULNERABLE_HOURS": _(
        "A vulnerable person handed over at %(local_text)s local time, outside the hours agreed "
        "for vulnerable persons (%(vuln_text)s)."
    ),
    "MINOR_RECEIVER": _("The unaccompanied minor has no named receiving official."),
    "TVPRA_SCREENING": _(
        "The unaccompanied minor was not screened within 48 hours of apprehension (TVPRA)."
    ),
    "FAMILY_UNITY": _(
        "This member of the family group is handed over at another port or time than the family."
    ),
    "CONSULAR_NOTIFICATION": _(
        "No record that consular notification was offered, or the consulate was not notified "
        "as the person requested."
    ),
    "ADVANCE_NOTICE": _(
        "The receiving side was not notified %(lead_minutes)s minutes before the handover."
    ),
    "CRIMINAL_NOTICE": _(
        "A person with a criminal record has no notice to the PGR attaché before the handover."
    ),
    "BELONGINGS": _("Belongings are pending or not recorded: the handover must wait."),
    "MEDICAL": _("A person with a serious medical condition has no medical clearance."),
    "INTERIOR_CONSENT": _(
        "Interior repatriation without the person's written consent, or not a Mexican national."
    ),
    "HANDOVER_PAST": _(
        "The handover at %(local_text)s local time is already past at the moment of the check: "
        "plan it again from now."
    ),
    "STATS_COMPLETENESS": _(
        "Sex, date of birth or state of origin is missing (needed for the statistics)."
    ),
}


def finding_message(rule: str, params: Mapping[str, Any]) -> str:
    """A finding's message in the active language."""
    text = str(FINDING_MESSAGES[rule])
    try:
        return text % dict(params) if params else text
    except (KeyError, TypeError, ValueError):
        return text


def finding_dict(finding: Any) -> dict[str, Any]:
    """A finding as the JSON shape of ``enlace manifest check``."""
    english, spanish = bilingual(FINDING_MESSAGES[str(finding.rule)], finding.params)
    return {
        "record_id": finding.record_id,
        "rule": str(finding.rule),
        "severity": str(finding.severity),
        "message_en": english,
        "message_es": spanish,
        "agreement": finding.agreement,
        "version": finding.version,
        "clause": finding.clause,
    }
