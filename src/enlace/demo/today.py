"""Today's work for the demo, so that every role's home page has something to do.

The synthetic generator writes a year of daily manifests; the latest Tucson-sector ones are
moved to yesterday and today (apprehensions, notification times; dates of birth stay, so CURPs
stay valid), their handover columns cleared, and they go through the real workflow as the demo
users: submitted and planned by ``border.tucson``, plans accepted, some handovers at Nogales
offered and confirmed, consular notifications at every step of art. 36 (some overdue). The last
manifest is left unplanned, for the officer to plan. No real person is in it.
"""

from __future__ import annotations

import csv
import io
import math
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

from enlace.accounts.models import User
from enlace.consular.services import (
    notification_acknowledge,
    notification_answer,
    notification_notify,
    notification_offer,
)
from enlace.core.clock import clock_frozen
from enlace.identity.services import NIGHTLY_LINKAGE, persons_link
from enlace.people.models import Encounter, Person
from enlace.planning.services import plan_accept, plan_propose
from enlace.receipts.services import handover_confirm, handover_offer
from enlace.reference.models import Office
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Manifest, Repatriation, RepatriationStatus
from enlace.synth import SynthConfig, synth_generate

SENDER = "border.tucson"
RECEIVER = "inm.nogales"
CONSUL = "consul.nogales"
OFFICE = "usbp-tca"
MANIFESTS = 5  # the last one stays unplanned
FILES_EACH = 6  # the generator's daily files joined into each demo manifest
RETURNING = 6  # persons seen before who come back under variants of their names
SOURCE_YEAR = 2023  # the latest year the generator covers
MOVED = (
    "apprehended_at", "consular_notification_offered_at", "consulate_notified_at",
    "pgr_notice_sent_at", "interior_consent_at", "tvpra_screened_at",
)  # fmt: skip
CLEARED = ("notice_sent_at", "handover_port", "handover_at", "receiving_official")


@dataclass(frozen=True)
class TodaySummary:
    manifests: int
    scheduled: int
    handovers: int
    notifications: int
    to_review: int


def _moved(cell: str, by: timedelta) -> str:
    return (datetime.fromisoformat(cell) + by).isoformat(timespec="minutes") if cell else cell


def _born(cell: str, years: int) -> str:
    """A (possibly partial) date of birth moved by whole years, so ages stay as generated."""
    if not cell:
        return cell
    moved = f"{int(cell[:4]) + years:04d}{cell[4:]}"
    return moved.replace("-02-29", "-02-28")


def _rows_moved(source: bytes, last: datetime) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(source.decode("utf-8"))))
    latest = max(datetime.fromisoformat(row["apprehended_at"]) for row in rows)
    by = timedelta(hours=math.ceil((last - latest) / timedelta(hours=1)))
    for row in rows:
        row.update({column: _moved(row[column], by) for column in MOVED})
        # Ages stay as generated: the birth date moves by whole years, and the CURP, which
        # spells the birth date, is left out (as it is from many US records).
        row["date_of_birth"] = _born(row["date_of_birth"], round(by / timedelta(days=365.25)))
        row.update(dict.fromkeys(CLEARED, ""), curp="")
    return rows


def manifest_moved(
    sources: list[bytes],
    *,
    last: datetime,
    manifest_id: str,
    returning: list[Person] | None = None,
) -> bytes:
    """The generator's daily manifests as one manifest, each moved by whole hours so that its
    last apprehension is an hour before the previous one's, the first at ``last``; the
    handover columns cleared for the planner. ``returning`` persons come back in it under
    the variants of their names and birth dates a US record often holds."""
    rows = [
        {**row, "manifest_id": manifest_id}
        for index, source in enumerate(sources)
        for row in _rows_moved(source, last - timedelta(hours=index))
    ]
    rows += [_returning(rows[0], person, n) for n, person in enumerate(returning or [])]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _returning(template: dict[str, str], person: Person, n: int) -> dict[str, str]:
    """A row for a person seen before, written as another agency might: a letter swapped in
    the surname, the surnames in the other order, or the first given name only; the birth
    date a day off or the year alone."""
    given, paternal, maternal = person.given_names, person.paternal_surname, person.maternal_surname
    born = person.birth_date.isoformat() if person.birth_date else ""
    if n % 3 == 0 and len(paternal) > 3:
        paternal = paternal[0] + paternal[2] + paternal[1] + paternal[3:]
        born = (person.birth_date + timedelta(days=1)).isoformat() if person.birth_date else ""
    elif n % 3 == 1:
        paternal, maternal = maternal or paternal, paternal if maternal else ""
        born = born[:4]
    else:
        given, maternal, born = given.split()[0], "", born[:7]
    return {
        **template, "record_id": f"RET-{n + 1:03d}", "given_names": given,
        "paternal_surname": paternal, "maternal_surname": maternal, "sex": person.sex,
        "date_of_birth": born, "curp": "", "a_number": "", "family_group_id": "",
        "relationship": "none", "unaccompanied_minor": "false", "pregnant": "false",
        "medical_condition": "none", "medical_clearance": "false", "disability": "false",
    }  # fmt: skip


def _returning_persons(count: int) -> list[Person]:
    """Adults seen before, whom the day's manifests bring back."""
    return list(
        Person.objects.exclude(birth_date=None)
        .filter(birth_date__lt=date(1995, 1, 1), encounters__office_id=OFFICE)
        .exclude(paternal_surname="")
        .order_by("pk")
        .distinct()[:count]
    )


def _sources(folder: Path, seed: int) -> list[list[bytes]]:
    synth_generate(
        SynthConfig(persons=4000, first_year=SOURCE_YEAR, last_year=SOURCE_YEAR, seed=seed,
                    out=folder / "synth", workers=1)
    )  # fmt: skip
    files = sorted((folder / "synth" / "manifests").glob(f"*_{OFFICE}.csv"))
    files = files[-MANIFESTS * FILES_EACH :]
    return [
        [path.read_bytes() for path in files[start : start + FILES_EACH]]
        for start in range(0, len(files), FILES_EACH)
    ]


def _office(user: User) -> Office:
    assert user.office is not None, user.username  # noqa: S101 - every demo officer has one
    return user.office


def _handovers(sender: User, receiver: User, manifests: list[Manifest], now: datetime) -> int:
    """Offer the handovers at the receiver's point already due; confirm all but the last
    few, which wait on the receiving officer's home page."""
    due = Repatriation.objects.filter(
        reception_point_id=_office(receiver).reception_point_id,
        status=RepatriationStatus.SCHEDULED,
        scheduled_at__lte=now,
        manifest_record__manifest__in=manifests,
    ).order_by("scheduled_at")
    waiting = len(due) - 4
    done = 0
    for index, repatriation in enumerate(due):
        receipt = handover_offer(
            actor=sender, repatriation=repatriation, receiving_officer=receiver,
            handed_over_at=repatriation.scheduled_at,
            belongings=[{"description": "mochila / backpack", "quantity": 1}],
        )  # fmt: skip
        if index < waiting:
            handover_confirm(actor=receiver, receipt=receipt)
        done += 1
    return done


def _notifications(sender: User, consul: User, manifests: list[Manifest], now: datetime) -> int:
    """Take each encounter's consular notification some steps further: the steps its
    manifest row records were made at intake (offered, requested or declined, consulate
    notified); an encounter with none is offered now, to the consulate its row names. Most
    go further (the Nogales consul acknowledges its own); the ones requested over a day ago
    and never passed on are what a consulate's queue shows as overdue. Return how many
    notifications the encounters have."""
    encounters = (
        Encounter.objects.filter(manifest_records__manifest__in=manifests)
        .exclude(consulate_id=None)
        .select_related("consular_notification")
        .order_by("occurred_at")
    )
    own = _office(consul).consulate_id
    count = fresh = 0
    for index, encounter in enumerate(encounters):
        count += 1
        note = getattr(encounter, "consular_notification", None)
        if note is None:
            offered = min(encounter.occurred_at + timedelta(hours=1), now)
            note = notification_offer(
                actor=sender, encounter_id=encounter.pk, consulate=str(encounter.consulate_id),
                at=offered,
            )  # fmt: skip
            fresh += 1
            if fresh % 3 == 1:
                continue  # offered, no answer yet
        offered = note.offered_at
        if note.status == "offered":
            note = notification_answer(
                actor=sender, notification_id=note.pk, requested=index % 7 != 3,
                at=min(offered + timedelta(minutes=20), now),
            )  # fmt: skip
        if note.status == "requested" and index % 3 != 0:  # else not yet passed on
            note = notification_notify(
                actor=sender, notification_id=note.pk,
                at=max(min(offered + timedelta(hours=2), now), note.answered_at or offered),
            )  # fmt: skip
        if note.status == "notified" and index % 2 == 0 and note.consulate_id == own:
            notified = note.notified_at or offered
            notification_acknowledge(
                actor=consul, notification_id=note.pk,
                at=max(min(offered + timedelta(hours=3), now), notified),
            )  # fmt: skip
    return count


def _today(sender: User, now: datetime) -> date:
    return timezone.localdate(now, timezone=ZoneInfo(_office(sender).time_zone))


def demo_today_present(now: datetime | None = None) -> bool:
    """Whether today's demo manifests (local to the sending office) are stored."""
    sender = User.objects.select_related("office").get(username=SENDER)
    today = _today(sender, now or timezone.now())
    return Manifest.objects.filter(manifest_id__startswith=f"{OFFICE}-{today:%Y%m%d}-").exists()


def demo_today(*, seed: int, now: datetime | None = None) -> TodaySummary:
    """Submit, plan and hand over today's demo manifests (see the module's docstring)."""
    now = now or timezone.now()
    sender, receiver, consul = (User.objects.select_related("office").get(username=name)
                                for name in (SENDER, RECEIVER, CONSUL))  # fmt: skip
    today = _today(sender, now)
    manifests: list[Manifest] = []
    scheduled = 0
    with tempfile.TemporaryDirectory() as scratch:
        sources = _sources(Path(scratch), seed)
    returning = _returning_persons(RETURNING)
    for index, source in enumerate(sources):
        last = now - timedelta(hours=1 + 8 * max(0, 3 - index))  # the last two: recent
        content = manifest_moved(
            source, last=last, manifest_id=f"{OFFICE}-{today:%Y%m%d}-{index + 1:02d}",
            returning=returning if index == 0 else None,
        )  # fmt: skip
        manifest = manifest_submit(actor=sender, content=content, source_name="demo.csv").manifest
        manifests.append(manifest)
        if index < len(sources) - 1:  # planned as it came in: its earliest hours may be due
            with clock_frozen(last):
                plan = plan_propose(actor=sender, manifest=manifest)
                plan = plan_accept(actor=sender, plan=plan)
            scheduled += plan.planned_count
    handovers = _handovers(sender, receiver, manifests, now)
    notifications = _notifications(sender, consul, manifests, now)
    run = persons_link(actor=NIGHTLY_LINKAGE)  # sure pairs merged, the others queued
    return TodaySummary(len(manifests), scheduled, handovers, notifications, run.queued)
