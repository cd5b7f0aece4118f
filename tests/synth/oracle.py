"""An independent reading of the compliance rules the generator plants (issue 4's ids).

It is written from the brief's "safe envelope", not from the generator's code: for a
manifest row it returns the set of rules the row breaks. A conforming row must break none;
a row listed in violations.csv must break exactly its rule.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .conftest import reference

TVPRA_FROM = date(2008, 12, 23)
PAIRED = {r["port"] for r in reference("reception_point_ports")}
PORT_ZONES = {r["code"]: ZoneInfo(r["time_zone"]) for r in reference("ports")}


def _when(text: str) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _local(row: dict[str, str]) -> time:
    moment = datetime.fromisoformat(row["handover_at"])
    return moment.astimezone(PORT_ZONES[row["handover_port"]]).time()


def _age(row: dict[str, str]) -> int | None:
    born, seized = row["date_of_birth"], datetime.fromisoformat(row["apprehended_at"]).date()
    if len(born) != 10:
        return None
    birth = date.fromisoformat(born)
    return seized.year - birth.year - ((seized.month, seized.day) < (birth.month, birth.day))


def _hours_rules(row: dict[str, str]) -> set[str]:
    local, minor = _local(row), row["unaccompanied_minor"] == "true"
    vulnerable = minor or row["pregnant"] == "true"
    if time(9) <= local < time(17):
        return set()
    if local >= time(23) or local < time(5):
        return {"HOURS"}
    if time(18, 30) <= local < time(19, 30) and vulnerable:
        return {"VULNERABLE_HOURS"}
    return {"WINDOW"}


def _minor_rules(row: dict[str, str], seized: datetime) -> set[str]:
    if row["unaccompanied_minor"] != "true":
        return {"MINOR_FIELDS"} if row["receiving_official"] or row["tvpra_screened_at"] else set()
    broken = set() if row["receiving_official"] else {"MINOR_RECEIVER"}
    screened = _when(row["tvpra_screened_at"])
    if seized.date() >= TVPRA_FROM:
        if screened is None or screened - seized > timedelta(hours=48):
            broken.add("TVPRA_SCREENING")
        elif screened - seized > timedelta(hours=24) or screened < seized:
            broken.add("TVPRA_ENVELOPE")
    elif screened is not None:
        broken.add("TVPRA_BEFORE_2008")
    return broken


def _consular_rules(row: dict[str, str], seized: datetime) -> set[str]:
    offered = _when(row["consular_notification_offered_at"])
    if offered is None:
        return {"CONSULAR_NOTIFICATION"}
    if not seized < offered <= seized + timedelta(hours=6):
        return {"CONSULAR_ENVELOPE"}
    if row["consular_notification_requested"] != "true":
        return set()
    notified = _when(row["consulate_notified_at"])
    if notified is None:
        return {"CONSULAR_NOTIFICATION"}
    if not row["consulate"] or not offered < notified <= offered + timedelta(hours=24):
        return {"CONSULAR_ENVELOPE"}
    return set()


def _notice_rules(row: dict[str, str], seized: datetime, handover: datetime) -> set[str]:
    notice = _when(row["notice_sent_at"])
    if notice is None or handover - notice < timedelta(minutes=60):
        return {"ADVANCE_NOTICE"}
    if handover - notice < timedelta(hours=24) or notice < seized:
        return {"NOTICE_ENVELOPE"}
    return set()


def _flag_rules(row: dict[str, str], handover: datetime) -> set[str]:
    broken = set()
    if row["criminal_record"] == "true":
        pgr = _when(row["pgr_notice_sent_at"])
        if pgr is None:
            broken.add("CRIMINAL_NOTICE")
        elif pgr >= handover:
            broken.add("PGR_ENVELOPE")
    if row["belongings_status"] == "pending":
        broken.add("BELONGINGS")
    elif row["belongings_status"] not in ("returned", "none_held"):
        broken.add("BELONGINGS_ENVELOPE")
    if row["medical_condition"] == "serious" and row["medical_clearance"] != "true":
        broken.add("MEDICAL")
    return broken


def _interior_rules(row: dict[str, str], seized: datetime) -> set[str]:
    if row["interior_repatriation"] != "true":
        return set()
    age = _age(row)
    eligible = (
        row["apprehension_sector"] in ("TCA", "YUM")
        and 7 <= seized.month <= 9
        and 2004 <= seized.year <= 2012
        and (age is None or age >= 18)
    )
    if not eligible:
        return {"INTERIOR_ENVELOPE"}
    return set() if row["interior_consent_at"] else {"INTERIOR_CONSENT"}


def row_breaks(row: dict[str, str]) -> set[str]:
    """The rules one row breaks on its own (family unity needs the other rows)."""
    seized = datetime.fromisoformat(row["apprehended_at"])
    handover = datetime.fromisoformat(row["handover_at"])
    broken = set() if row["handover_port"] in PAIRED else {"PORT"}
    if handover - seized < timedelta(hours=26):
        broken.add("TOO_SOON")
    broken |= _hours_rules(row)
    broken |= _minor_rules(row, seized)
    broken |= _consular_rules(row, seized)
    broken |= _notice_rules(row, seized, handover)
    broken |= _flag_rules(row, handover)
    broken |= _interior_rules(row, seized)
    if not (row["sex"] and row["state_of_origin"]):
        broken.add("STATS_COMPLETENESS")
    if not row["date_of_birth"]:
        broken.add("STATS_DOB")
    return broken


def family_breaks(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """FAMILY_UNITY for each member whose port or handover differs from the head's."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        if row["family_group_id"]:
            groups[row["family_group_id"]].append(row)
    found: dict[str, set[str]] = {}
    for members in groups.values():
        head = next((m for m in members if m["relationship"] == "head"), members[0])
        for member in members:
            if member is head:
                continue
            if (member["handover_port"], member["handover_at"]) != (
                head["handover_port"],
                head["handover_at"],
            ):
                found[member["record_id"]] = {"FAMILY_UNITY"}
    return found
