"""The compliance rules, case by case, on both sides of every edge (no database).

The base row is a lawful handover at Nogales (port 2604, America/Phoenix, UTC-7 all year)
under the 2016 Nogales local arrangement; each case changes a few cells and names exactly the
rules it must break.
"""

from __future__ import annotations

from functools import cache

import polars as pl
import pytest

from enlace.agreements.core.authored import snapshots_from_file
from enlace.repatriation.core.compliance import RuleTable, check_frame, rule_table
from enlace.repatriation.core.manifest import COLUMNS

BASE = {
    "manifest_id": "usbp-tca-20190314", "record_id": "R1", "sending_office": "usbp-tca",
    "given_names": "Juan", "paternal_surname": "Peña", "maternal_surname": "Ruiz", "sex": "M",
    "date_of_birth": "1979-04-02", "nationality": "MEX", "state_of_origin": "OC",
    "relationship": "none", "unaccompanied_minor": "false", "pregnant": "false",
    "medical_condition": "none", "medical_clearance": "false", "disability": "false",
    "apprehended_at": "2019-03-12T05:40-07:00", "apprehension_sector": "TCA",
    "consular_notification_offered_at": "2019-03-12T07:00-07:00",
    "consular_notification_requested": "false", "belongings_status": "returned",
    "criminal_record": "false", "interior_repatriation": "false",
    "notice_sent_at": "2019-03-13T09:00-07:00", "handover_port": "2604",
    "handover_at": "2019-03-14T10:00-07:00",
}  # fmt: skip
MINOR = {
    "unaccompanied_minor": "true",
    "date_of_birth": "2004-05-01",
    "receiving_official": "OPI Nogales",
    "tvpra_screened_at": "2019-03-12T20:00-07:00",
}


@cache
def table() -> RuleTable:
    return rule_table(snapshots_from_file())


def frame(*rows: dict[str, str]) -> pl.DataFrame:
    return pl.DataFrame(
        [{c: row.get(c, "") for c in COLUMNS} for row in rows],
        schema=dict.fromkeys(COLUMNS, pl.String),
    )


def rules_broken(*changes: dict[str, str]) -> dict[str, set[str]]:
    rows = [{**BASE, "record_id": f"R{i}", **change} for i, change in enumerate(changes, 1)]
    result = check_frame(frame(*rows), table())
    broken: dict[str, set[str]] = {row["record_id"]: set() for row in rows}
    for finding in result.iter_rows(named=True):
        broken[finding["record_id"]].add(finding["rule"])
    return broken


CASES = [
    ("lawful", {}, set()),
    ("window opens 06:00", {"handover_at": "2019-03-14T06:00-07:00",
                            "notice_sent_at": "2019-03-13T06:00-07:00"}, set()),
    ("05:59 is before the window", {"handover_at": "2019-03-14T05:59-07:00"}, {"HOURS"}),
    ("19:59 is inside", {"handover_at": "2019-03-14T19:59-07:00"}, set()),
    ("20:00 is outside", {"handover_at": "2019-03-14T20:00-07:00"}, {"HOURS"}),
    ("same instant written in UTC", {"handover_at": "2019-03-15T03:00+00:00"}, {"HOURS"}),
    ("minor at 17:59", {**MINOR, "handover_at": "2019-03-14T17:59-07:00"}, set()),
    ("minor at 18:00", {**MINOR, "handover_at": "2019-03-14T18:00-07:00"}, {"VULNERABLE_HOURS"}),
    ("minor at 07:59", {**MINOR, "handover_at": "2019-03-14T07:59-07:00"}, {"VULNERABLE_HOURS"}),
    ("pregnant at 19:00", {"sex": "F", "pregnant": "true",
                           "handover_at": "2019-03-14T19:00-07:00"}, {"VULNERABLE_HOURS"}),
    ("ill at 19:00", {"medical_condition": "stable",
                      "handover_at": "2019-03-14T19:00-07:00"}, {"VULNERABLE_HOURS"}),
    ("minor without receiver", {**MINOR, "receiving_official": ""}, {"MINOR_RECEIVER"}),
    ("minor screened at 48 h", {**MINOR, "tvpra_screened_at": "2019-03-14T05:40-07:00"}, set()),
    ("minor screened at 48 h 1 min", {**MINOR, "tvpra_screened_at": "2019-03-14T05:41-07:00"},
     {"TVPRA_SCREENING"}),
    ("minor never screened", {**MINOR, "tvpra_screened_at": ""}, {"TVPRA_SCREENING"}),
    ("no consular offer", {"consular_notification_offered_at": ""}, {"CONSULAR_NOTIFICATION"}),
    ("requested, not notified", {"consular_notification_requested": "true"},
     {"CONSULAR_NOTIFICATION"}),
    ("requested and notified", {"consular_notification_requested": "true",
                                "consulate_notified_at": "2019-03-12T08:00-07:00",
                                "consulate": "nogales"}, set()),
    ("notice exactly 120 min before", {"notice_sent_at": "2019-03-14T08:00-07:00"}, set()),
    ("notice 119 min before", {"notice_sent_at": "2019-03-14T08:01-07:00"}, {"ADVANCE_NOTICE"}),
    ("no notice", {"notice_sent_at": ""}, {"ADVANCE_NOTICE"}),
    ("criminal without PGR notice", {"criminal_record": "true"}, {"CRIMINAL_NOTICE"}),
    ("criminal with PGR notice", {"criminal_record": "true",
                                  "pgr_notice_sent_at": "2019-03-13T10:00-07:00"}, set()),
    ("belongings pending", {"belongings_status": "pending"}, {"BELONGINGS"}),
    ("belongings not recorded", {"belongings_status": ""}, {"BELONGINGS"}),
    ("serious without clearance", {"medical_condition": "serious"}, {"MEDICAL"}),
    ("serious with clearance", {"medical_condition": "serious", "medical_clearance": "true"},
     set()),
    ("interior without consent", {"interior_repatriation": "true"}, {"INTERIOR_CONSENT"}),
    ("interior with consent", {"interior_repatriation": "true",
                               "interior_consent_at": "2019-03-12T12:00-07:00"}, set()),
    ("not a designated port", {"handover_port": "2410",
                               "handover_at": "2019-03-14T11:00-06:00"}, {"PORT"}),
    ("no sex recorded", {"sex": ""}, {"STATS_COMPLETENESS"}),
    ("unplanned row", {"handover_port": "", "handover_at": ""}, set()),
]  # fmt: skip


@pytest.mark.parametrize(("name", "change", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_cases(name, change, expected):
    assert rules_broken(change)["R1"] == expected


def test_family_split_flags_the_member_apart_from_the_family():
    """Three members at 10:00, one at 13:00: only that one breaks family unity."""
    together = {"family_group_id": "F1", "relationship": "child"}
    broken = rules_broken(
        {**together, "relationship": "head"},
        together,
        together,
        {**together, "handover_at": "2019-03-14T13:00-07:00"},
    )
    assert broken == {"R1": set(), "R2": set(), "R3": set(), "R4": {"FAMILY_UNITY"}}


def test_family_of_two_keeps_the_head_where_it_is():
    broken = rules_broken(
        {"family_group_id": "F1", "relationship": "head"},
        {"family_group_id": "F1", "relationship": "child", "handover_port": "2603",
         "handover_at": "2019-03-14T10:00-07:00"},
    )  # fmt: skip
    assert broken == {"R1": set(), "R2": {"FAMILY_UNITY"}}


def test_findings_cite_the_arrangement_in_force():
    """In 2019 Nogales's hours come from the 2016 local arrangement, in 2010 from 2009's."""
    late = {"handover_at": "2019-03-14T21:00-07:00"}
    result = check_frame(frame({**BASE, **late}), table()).row(0, named=True)
    assert (result["agreement"], result["version"]) == ("lra-2016-nogales", "2016")
    older = {
        "apprehended_at": "2010-03-12T05:40-07:00",
        "consular_notification_offered_at": "2010-03-12T07:00-07:00",
        "notice_sent_at": "2010-03-13T09:00-07:00", "handover_at": "2010-03-14T21:00-07:00",
    }  # fmt: skip
    result = check_frame(frame({**BASE, **older}), table()).row(0, named=True)
    assert (result["agreement"], result["version"], result["rule"]) == (
        "lra-2009-nogales",
        "2009",
        "HOURS",
    )


def test_tijuana_window_follows_daylight_saving():
    """San Ysidro is on Pacific time: 19:30 in winter is UTC-8; the same clock reading with
    a winter offset in July is 20:30 daylight time, outside the window."""
    base = {**BASE, "handover_port": "2504", "sending_office": "usbp-sdc"}
    winter = {
        **base,
        "handover_at": "2019-01-14T19:30-08:00",
        "apprehended_at": "2019-01-12T05:00-08:00",
        "consular_notification_offered_at": "2019-01-12T06:00-08:00",
        "notice_sent_at": "2019-01-13T09:00-08:00",
    }
    summer_wrong_offset = {**base, "handover_at": "2019-07-14T19:30-08:00"}  # 20:30 PDT
    result = check_frame(frame(winter, {**summer_wrong_offset, "record_id": "R2"}), table())
    assert set(result.filter(pl.col("rule") == "HOURS")["record_id"]) == {"R2"}
