"""Findings and errors as the officer's pages and error report show them: one row per
problem, with its line, the column to fix, the message in the active language and the
agreement clause it cites.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from .messages import ERROR_MESSAGES, finding_message

if TYPE_CHECKING:
    from .core.manifest import ManifestError
    from .intake import CheckResult
    from .models import Finding

ERROR = "error"
SEVERITIES = ("block", "warn")
# How many rows a page shows; the error report always lists every one.
SHOWN = 500

# The column an officer edits to resolve each rule's finding.
RULE_FIELDS = {
    "PORT": "handover_port",
    "HOURS": "handover_at",
    "HANDOVER_PAST": "handover_at",
    "VULNERABLE_HOURS": "handover_at",
    "MINOR_RECEIVER": "receiving_official",
    "TVPRA_SCREENING": "tvpra_screened_at",
    "FAMILY_UNITY": "family_group_id",
    "CONSULAR_NOTIFICATION": "consular_notification_offered_at",
    "ADVANCE_NOTICE": "notice_sent_at",
    "CRIMINAL_NOTICE": "pgr_notice_sent_at",
    "BELONGINGS": "belongings_status",
    "MEDICAL": "medical_clearance",
    "INTERIOR_CONSENT": "interior_consent_at",
    "STATS_COMPLETENESS": "",
}
SEVERITY_LABELS = {"block": _("Blocking"), "warn": _("Warning"), ERROR: _("Error")}
REPORT_HEADER = (
    _("line"),
    _("record_id"),
    _("field"),
    _("rule"),
    _("severity"),
    _("message"),
    _("agreement"),
    _("version"),
    _("clause"),
)


@dataclass(frozen=True)
class FindingRow:
    """A finding (severity ``block`` or ``warn``) or an error that makes the file
    unreadable (severity ``error``, the error code as its rule)."""

    line: int | None
    record_id: str
    field: str
    rule: str
    severity: str
    message: str
    agreement: str = ""
    version: str = ""
    clause: str = ""

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS.get(self.severity, self.severity))

    @property
    def blocking(self) -> bool:
        return self.severity == "block"


def _format(template: Any, params: Mapping[str, Any]) -> str:
    text = str(template)
    try:
        return text % dict(params) if params else text
    except (KeyError, TypeError, ValueError):
        return text


def rows_from_check(checked: CheckResult) -> list[FindingRow]:
    """A readable manifest's findings, in file order."""
    lines = dict(
        zip(checked.frame["record_id"].to_list(), checked.frame["line"].to_list(), strict=True)
    )
    rows = [
        FindingRow(
            line=lines.get(finding.record_id),
            record_id=finding.record_id,
            field=RULE_FIELDS.get(str(finding.rule), ""),
            rule=str(finding.rule),
            severity=str(finding.severity),
            message=finding_message(str(finding.rule), finding.params),
            agreement=finding.agreement,
            version=finding.version,
            clause=finding.clause,
        )
        for finding in checked.findings
    ]
    return sorted(rows, key=lambda row: (row.line or 0, row.rule))


def rows_from_stored(findings: Iterable[Finding]) -> list[FindingRow]:
    """A stored manifest's findings (their records selected with them), in file order."""
    rows = [
        FindingRow(
            line=finding.record.line if finding.record else None,
            record_id=finding.record.record_id if finding.record else "",
            field=RULE_FIELDS.get(finding.rule, ""),
            rule=finding.rule,
            severity=finding.severity,
            message=finding_message(finding.rule, finding.params),
            agreement=finding.agreement,
            version=finding.version,
            clause=finding.clause,
        )
        for finding in findings
    ]
    return sorted(rows, key=lambda row: (row.line or 0, row.rule))


def rows_from_errors(errors: Iterable[ManifestError]) -> list[FindingRow]:
    """Why a file cannot be read, line by line."""
    return [
        FindingRow(
            line=error.line,
            record_id="",
            field=error.field or "",
            rule=error.code.value,
            severity=ERROR,
            message=_format(ERROR_MESSAGES[error.code], error.params),
        )
        for error in errors
    ]


def rows_filter(rows: list[FindingRow], severity: str) -> list[FindingRow]:
    """Only the rows of one severity (``block`` or ``warn``); all rows for anything else."""
    if severity not in SEVERITIES:
        return rows
    return [row for row in rows if row.severity == severity]


def findings_page(rows: list[FindingRow], severity: str) -> dict[str, Any]:
    """What a page of findings shows: the rows of the ``severity`` asked for (all when it
    is none of them), at most ``SHOWN``, and how many there are."""
    shown = rows_filter(rows, severity)
    return {
        "severity": severity if shown is not rows else "",
        "rows": shown[:SHOWN],
        "rows_total": len(shown),
        "rows_cut": len(shown) > SHOWN,
    }


def report_csv(rows: Iterable[FindingRow]) -> str:
    """The error report: a header and one line per row, in the active language (UTF-8 with
    a byte order mark, so that spreadsheet programs read the accents)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([str(label) for label in REPORT_HEADER])
    for row in rows:
        writer.writerow(
            [
                "" if row.line is None else row.line,
                row.record_id,
                row.field,
                row.rule,
                row.severity_label,
                row.message,
                row.agreement,
                row.version,
                row.clause,
            ]
        )
    return buffer.getvalue()
