"""The manifest's consular columns become the notification steps at intake
(``consular.intake``, through ``repatriation.hooks``): the example manifest's TCA-0001 says the
consulate was notified at 08:02, so he is notified, not awaiting the offer."""

from __future__ import annotations

from datetime import datetime

import pytest

from enlace.consular.home import consular_home
from enlace.consular.intake import steps_of_record
from enlace.consular.models import ConsularNotification, NotificationStatus
from enlace.consular.selectors import encounter_offerable_list
from enlace.core.clock import clock_frozen
from enlace.core.models import AuditEvent
from enlace.repatriation import hooks
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Manifest, ManifestRecord

from .. import actors
from ..factories import EXAMPLE

pytestmark = pytest.mark.django_db
OFFERED = datetime.fromisoformat("2019-03-12T07:10-07:00")
NOTIFIED = datetime.fromisoformat("2019-03-12T08:02-07:00")


@pytest.mark.parametrize(
    ("requested", "notified", "status"),
    [
        (True, NOTIFIED, NotificationStatus.NOTIFIED),
        (None, NOTIFIED, NotificationStatus.NOTIFIED),  # a notification implies the request
        (True, None, NotificationStatus.REQUESTED),
        (False, None, NotificationStatus.DECLINED),
        (None, None, NotificationStatus.OFFERED),  # the answer not given
    ],
)
def test_the_steps_a_manifest_row_records(requested, notified, status):
    steps = steps_of_record(offered_at=OFFERED, requested=requested, notified_at=notified)
    assert steps["status"] == status
    assert steps["offered_at"] == OFFERED
    assert steps["answered_at"] == (None if status == NotificationStatus.OFFERED else OFFERED)
    assert steps["notified_at"] == (NOTIFIED if status == NotificationStatus.NOTIFIED else None)


@pytest.fixture
def example(actor) -> Manifest:
    return manifest_submit(actor=actor(actors.BORDER_TUCSON), content=EXAMPLE.read_bytes()).manifest


def _record(manifest: Manifest, record_id: str) -> ManifestRecord:
    return ManifestRecord.objects.get(manifest=manifest, record_id=record_id)


def test_intake_keeps_the_consular_columns_and_the_receiving_official(example):
    first = _record(example, "TCA-0001")
    assert first.consular_notification_offered_at == OFFERED
    assert first.consular_notification_requested is True
    assert first.consulate_notified_at == NOTIFIED
    assert first.consulate_id == "nogales"
    assert _record(example, "TCA-0002").consular_notification_requested is False
    assert _record(example, "TCA-0003").consulate_id is None
    assert _record(example, "TCA-0004").receiving_official == "OPI Nogales – Lic. Ana Ruiz"


def test_intake_makes_the_notification_steps_the_manifest_records(example):
    made = {
        n.manifest_record.record_id: n
        for n in ConsularNotification.objects.filter(manifest_record__manifest=example)
        .select_related("manifest_record")
    }  # fmt: skip
    # TCA-0003 and TCA-0004 name no consulate: nothing to address.
    assert set(made) == {"TCA-0001", "TCA-0002"}
    notified = made["TCA-0001"]
    assert notified.status == NotificationStatus.NOTIFIED
    assert (notified.offered_at, notified.notified_at) == (OFFERED, NOTIFIED)
    assert notified.offered_by is None  # the sending office recorded it, not an officer
    assert notified.encounter_id == _record(example, "TCA-0001").encounter_id
    assert made["TCA-0002"].status == NotificationStatus.DECLINED
    event = AuditEvent.objects.filter(subject_type="consular.consularnotification").latest("pk")
    assert event.detail == {"from_manifest": example.pk, "count": 2}


def test_the_notified_person_is_not_awaiting_the_offer(example, actor):
    first = _record(example, "TCA-0001")
    offerable = encounter_offerable_list(user=actor(actors.BORDER_TUCSON), limit=100)
    assert first.encounter_id not in {e.pk for e in offerable}
    with clock_frozen(NOTIFIED):
        home = consular_home(actor(actors.CONSUL_NOGALES), {})
    to_acknowledge = next(g for g in home["queue"] if g.key == NotificationStatus.NOTIFIED)
    assert first.person_id in {item.notification.person_id for item in to_acknowledge.items}
    item = next(i for i in to_acknowledge.items if i.notification.person_id == first.person_id)
    assert item.custody is not None
    assert item.custody.held_by is not None  # not handed over yet: Tucson sector holds him


def test_a_failing_after_intake_handler_stores_nothing(actor, monkeypatch):
    def refuse(*, manifest, actor):
        raise RuntimeError(manifest.manifest_id)

    before = (Manifest.objects.count(), ConsularNotification.objects.count())
    monkeypatch.setattr(hooks, "_after_intake", [*hooks._after_intake, refuse])
    with pytest.raises(RuntimeError):
        manifest_submit(actor=actor(actors.BORDER_TUCSON), content=EXAMPLE.read_bytes())
    assert (Manifest.objects.count(), ConsularNotification.objects.count()) == before
