"""Time-true compliance: a handover already past at the moment of the check is a warning that
cites the notice clause (no database; the moment is passed in as data)."""

from __future__ import annotations

from datetime import datetime

from enlace.repatriation.core.compliance import RULES, RuleId, Severity, check_frame

from .test_compliance_rules import BASE, frame, table

HANDOVER = datetime.fromisoformat(BASE["handover_at"])  # 2019-03-14 10:00 at Nogales


def _findings(now: datetime | None, **change: str) -> dict[str, dict]:
    found = check_frame(frame({**BASE, **change}), table(), now=now)
    return {row["rule"]: row for row in found.iter_rows(named=True)}


def test_the_rule_is_a_warning_with_a_stable_id():
    assert RULES[RuleId.HANDOVER_PAST].severity == Severity.WARN
    assert RuleId.HANDOVER_PAST.value == "HANDOVER_PAST"


def test_a_past_handover_yields_the_finding_citing_the_notice_clause():
    found = _findings(datetime.fromisoformat("2019-03-14T10:01-07:00"))
    assert set(found) == {"HANDOVER_PAST"}
    finding = found["HANDOVER_PAST"]
    assert finding["severity"] == "warn"
    assert finding["params"]["local_text"] == "2019-03-14 10:00"
    notice = _findings(None, notice_sent_at="")["ADVANCE_NOTICE"]  # the notice clause
    cite = ("agreement", "version", "clause")
    assert [finding[k] for k in cite] == [notice[k] for k in cite]
    assert finding["clause"]


def test_a_handover_still_ahead_or_no_moment_given_yields_none():
    assert _findings(HANDOVER) == {}  # at the very minute: not yet past
    assert _findings(datetime.fromisoformat("2019-03-13T12:00-07:00")) == {}
    assert _findings(None) == {}  # without "now" the rule does not apply
    unplanned = _findings(datetime.fromisoformat("2030-01-01T00:00+00:00"),
                          handover_port="", handover_at="")  # fmt: skip
    assert unplanned == {}
