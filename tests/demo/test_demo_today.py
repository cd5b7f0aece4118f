"""Today's demo work: every role's home page has something to do on the day of `make demo`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from enlace.consular.models import ConsularNotification
from enlace.demo.today import demo_today, manifest_moved
from enlace.identity.models import CandidateStatus, MatchCandidate
from enlace.people.models import Person
from enlace.receipts.models import HandoverReceipt, ReceiptStatus
from enlace.repatriation.models import Manifest, ManifestStatus, Repatriation, RepatriationStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_population")]

NOW = datetime(2026, 11, 28, 17, 0, tzinfo=UTC)


def test_moved_manifest_keeps_ages_and_ends_at_the_given_hour():
    header = "manifest_id,date_of_birth,curp,apprehended_at,handover_at,handover_port,notice_sent_at,receiving_official,consular_notification_offered_at,consulate_notified_at,pgr_notice_sent_at,interior_consent_at,tvpra_screened_at\n"  # noqa: E501
    row = "m,2008-02-29,ABCD080229HSRXXX01,2023-12-30T06:48-07:00,2023-12-31T10:00-07:00,2604,x,y,2023-12-30T08:00-07:00,,,,\n"  # noqa: E501
    moved = manifest_moved([(header + row).encode()], last=NOW, manifest_id="demo-1").decode()
    cells = dict(zip(header.strip().split(","), moved.splitlines()[1].split(","), strict=True))
    assert cells["manifest_id"] == "demo-1"
    assert datetime.fromisoformat(cells["apprehended_at"]) >= NOW
    assert datetime.fromisoformat(cells["apprehended_at"]) - NOW < timedelta(hours=1)
    assert cells["date_of_birth"] == "2011-02-28"  # three years on: the age stays 15
    assert cells["curp"] == cells["handover_at"] == cells["handover_port"] == ""
    offered = datetime.fromisoformat(cells["consular_notification_offered_at"])
    assert offered - datetime.fromisoformat(cells["apprehended_at"]) == timedelta(minutes=72)


def test_demo_today_leaves_work_for_each_role():
    now = timezone.now()
    summary = demo_today(seed=2004, now=now)
    todays = Manifest.objects.filter(manifest_id__regex=r"^usbp-tca-[0-9]{8}-[0-9]{2}$")
    assert todays.count() == summary.manifests == 5
    assert todays.filter(status=ManifestStatus.RECEIVED).count() == 1  # for the officer to plan
    assert summary.scheduled > 50
    ahead = Repatriation.objects.filter(
        manifest_record__manifest__in=todays,
        status=RepatriationStatus.SCHEDULED,
        scheduled_at__gt=now,
        reception_point_id="nogales",
    )
    assert ahead.exists()  # arrivals still to come at the Nogales module
    waiting = HandoverReceipt.objects.filter(
        status=ReceiptStatus.OFFERED, repatriation__manifest_record__manifest__in=todays
    )
    assert waiting.count() == 4  # handovers the INM officer has to confirm
    statuses = set(
        ConsularNotification.objects.filter(
            encounter__manifest_records__manifest__in=todays
        ).values_list("status", flat=True)
    )
    assert {"offered", "requested", "notified", "acknowledged"} <= statuses
    # Persons seen before come back under variants of their names: the linkage queues the
    # uncertain ones for the reviewers.
    pending = MatchCandidate.objects.filter(status=CandidateStatus.PENDING, run__persons__gt=0)
    assert summary.to_review == pending.count() > 0
    returning = Person.objects.filter(manifest_records__record_id__startswith="RET-")
    assert MatchCandidate.objects.filter(person_b__in=returning).exists()
