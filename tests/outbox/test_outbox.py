"""The outbox: written with the change, delivered at least once, signed, with backoff,
through a receiver outage and a worker that dies in the middle of a delivery."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from enlace.outbox.core import backoff_seconds
from enlace.outbox.delivery import (
    deliveries_claim,
    delivery_post,
    outbox_deliver_once,
)
from enlace.outbox.models import Delivery, DeliveryStatus, OutboxEvent, Subscription
from enlace.outbox.services import outbox_enqueue
from enlace.planning.services import plan_accept, plan_propose
from enlace.repatriation.intake import manifest_submit

from .. import actors
from .receiver import Receiver

pytestmark = pytest.mark.django_db
SECRET = "s3cret-for-tests"  # noqa: S105
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


@pytest.fixture
def receiver():
    running = Receiver(SECRET).start()
    yield running
    running.stop()


@pytest.fixture
def subscription(receiver):
    return Subscription.objects.create(office_id="inm-nogales", url=receiver.url, secret=SECRET)


def _enqueue() -> OutboxEvent:
    return outbox_enqueue(
        event_type="handover.confirmed", payload={"receipt_id": "r-1"}, office_ids=["inm-nogales"]
    )


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [5.0, 10.0, 20.0, 40.0]
    assert backoff_seconds(30) == 3600.0


def test_an_event_is_written_with_the_change_or_not_at_all(subscription):
    def change_that_fails() -> None:
        with transaction.atomic():
            _enqueue()
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboxEvent.objects.exists()
    assert not Delivery.objects.exists()


def test_accepting_a_plan_writes_the_event_for_the_reception_point(subscription, actor):
    officer = actor(actors.BORDER_TUCSON)
    content = EXAMPLE.read_bytes().replace(b"usbp-tca-20190314", b"usbp-tca-outbox")
    manifest = manifest_submit(actor=officer, content=content).manifest
    plan = plan_accept(actor=officer, plan=plan_propose(actor=officer, manifest=manifest))
    event = OutboxEvent.objects.get(event_type="manifest.planned")
    assert event.payload["plan_id"] == plan.pk
    assert event.payload["reception_points"] == ["nogales"]
    assert Delivery.objects.filter(event=event, subscription=subscription).exists()


def test_delivery_is_signed_and_carries_the_event_id(subscription, receiver):
    event = _enqueue()
    run = outbox_deliver_once()
    assert (run.claimed, run.delivered) == (1, 1)
    assert receiver.requests == [(str(event.event_id), True)]
    body = json.loads(receiver.accepted[str(event.event_id)])
    assert body["payload"] == {"receipt_id": "r-1"}
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.locked_until is None


def test_a_receiver_outage_is_retried_with_backoff_until_it_recovers(subscription, receiver):
    event = _enqueue()
    receiver.failing = True
    start = timezone.now()
    assert outbox_deliver_once(now=start).failed == 1
    delivery = Delivery.objects.get()
    assert (delivery.attempts, delivery.last_error) == (1, "HTTP 503")
    assert delivery.next_attempt_at == start + timedelta(seconds=5)
    assert outbox_deliver_once(now=start + timedelta(seconds=4)).claimed == 0  # not yet due
    assert outbox_deliver_once(now=start + timedelta(seconds=6)).failed == 1
    assert Delivery.objects.get().next_attempt_at == start + timedelta(seconds=16)
    receiver.failing = False
    assert outbox_deliver_once(now=start + timedelta(seconds=17)).delivered == 1
    assert list(receiver.accepted) == [str(event.event_id)]
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_receiver_that_is_not_even_listening_is_retried(subscription, receiver):
    """Connection refused (nothing listens on the port), then the receiver comes back."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead_url = f"http://127.0.0.1:{probe.getsockname()[1]}/hook"
    Subscription.objects.filter(pk=subscription.pk).update(url=dead_url)
    _enqueue()
    start = timezone.now()
    assert outbox_deliver_once(now=start).failed == 1
    assert Delivery.objects.get().last_error in {"URLError", "ConnectionRefusedError"}
    Subscription.objects.filter(pk=subscription.pk).update(url=receiver.url)
    assert outbox_deliver_once(now=start + timedelta(seconds=6)).delivered == 1


def test_a_worker_that_dies_mid_delivery_is_redelivered_after_its_lease(subscription, receiver):
    """Worker A claims and POSTs, then dies before recording: the lease keeps others off
    until it expires; then the event is delivered again, same id, and the receiver dedupes."""
    event = _enqueue()
    start = timezone.now()
    (claimed,) = deliveries_claim(now=start, lease_seconds=60)
    assert delivery_post(claimed) == ""  # the receiver got it; worker A dies here
    assert outbox_deliver_once(now=start + timedelta(seconds=30)).claimed == 0  # lease held
    assert Delivery.objects.get().status == DeliveryStatus.PENDING
    assert outbox_deliver_once(now=start + timedelta(seconds=61)).delivered == 1
    assert [eid for eid, _ in receiver.requests] == [str(event.event_id)] * 2
    assert list(receiver.accepted) == [str(event.event_id)]
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried(subscription, receiver):
    Subscription.objects.filter(pk=subscription.pk).update(secret="not-the-secret")  # noqa: S106
    _enqueue()
    assert outbox_deliver_once().failed == 1
    assert receiver.requests[0][1] is False
    assert Delivery.objects.get().last_error == "HTTP 401"


def test_deliver_command_once(subscription, receiver, capsys):
    _enqueue()
    call_command("outbox", "deliver", "--once")
    assert "delivered 1" in capsys.readouterr().out
    assert len(receiver.accepted) == 1


def _process(*args: str) -> subprocess.Popen[bytes]:
    """A real ``enlace`` process on this test's database (it sees only committed rows)."""
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "enlace.config.settings.test",
        "DATABASE_URL": f"postgres://{database['USER'] or 'postgres'}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/{database['NAME']}",
    }
    command = [str(Path(sys.executable).with_name("enlace")), *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # noqa: S603


def _committed(code: str) -> str:
    """Run ``code`` in ``enlace shell`` (committed at once); return what it printed."""
    process = _process("shell", "--no-imports", "-c", code)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode()
    return out.decode().strip()


_SETUP = """
from enlace.outbox.models import Subscription
from enlace.outbox.services import outbox_enqueue
Subscription.objects.create(office_id="inm-nogales", url="{url}", secret="{secret}")
event = outbox_enqueue(event_type="handover.confirmed", payload={{"receipt_id": "r-9"}},
                       office_ids=["inm-nogales"])
print(event.event_id)
"""
_STATUS = """
from enlace.outbox.models import Delivery
print(Delivery.objects.get(event__event_id="{event}").status)
"""
_CLEANUP = """
from enlace.outbox.models import Delivery, OutboxEvent, Subscription
Delivery.objects.filter(event__event_id="{event}").delete()
OutboxEvent.objects.filter(event_id="{event}").delete()
Subscription.objects.filter(url="{url}").delete()
"""


@pytest.mark.postgres
def test_a_worker_process_killed_mid_delivery_is_redelivered_by_the_next(receiver):
    """A real worker is killed (SIGKILL) after the receiver took the event and before the
    worker heard back: nothing records it as delivered; once its lease ends, a new worker
    process delivers it again with the same id, and the receiver keeps it once."""
    event = _committed(_SETUP.format(url=receiver.url, secret=SECRET))
    try:
        receiver.hold = True
        first = _process("outbox", "deliver", "--lease", "3", "--interval", "0.2")
        try:
            assert receiver.holding.wait(timeout=60), "the first worker never posted"
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            receiver.release.set()
            if first.poll() is None:
                first.kill()
        assert _committed(_STATUS.format(event=event)) == DeliveryStatus.PENDING
        receiver.hold = False
        time.sleep(3.5)  # the dead worker's lease runs out
        second = _process("outbox", "deliver", "--once", "--lease", "3")
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err.decode()
        assert "delivered 1" in out.decode()
        assert _committed(_STATUS.format(event=event)) == DeliveryStatus.DELIVERED
        assert [eid for eid, _ in receiver.requests] == [event, event]
        assert list(receiver.accepted) == [event]
    finally:
        _committed(_CLEANUP.format(event=event, url=receiver.url))
