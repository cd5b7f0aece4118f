"""The handovers page (``/handovers/``): the delivering office's handovers under the filters
to record, today, late, awaiting the other side, done and all, 25 a page, of one manifest on
request; scoped to the office's accepted manifests and audited."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enlace.core.clock import clock_frozen
from enlace.core.models import AuditEvent
from enlace.receipts.services import handover_confirm, handover_offer
from enlace.receipts.worklist import HandoverState, Show, handover_worklist
from enlace.repatriation.models import ManifestStatus

from .. import actors
from .handovers import manifest_accepted
from .test_pages import signed_in

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-12-05T10:00-07:00")
URL = "/handovers/"


@pytest.fixture
def frozen():
    with clock_frozen(NOW) as moment:
        yield moment


def _ids(worklist) -> list[int]:
    return [row.repatriation.pk for row in worklist.rows]


def _day(actor, frozen):
    """A manifest with one handover in each state: late, due today, due tomorrow, offered
    (awaiting INM), confirmed (done)."""
    times = [NOW - timedelta(hours=3), NOW + timedelta(hours=2), NOW + timedelta(days=1),
             NOW - timedelta(hours=1), NOW - timedelta(hours=2)]  # fmt: skip
    manifest, rows = manifest_accepted(times)
    sender, inm = actor(actors.BORDER_TUCSON), actor(actors.INM_NOGALES)
    handover_offer(actor=sender, repatriation=rows[3], receiving_officer=inm,
                   handed_over_at=NOW - timedelta(minutes=50))  # fmt: skip
    done = handover_offer(actor=sender, repatriation=rows[4], receiving_officer=inm,
                          handed_over_at=NOW - timedelta(minutes=90))  # fmt: skip
    handover_confirm(actor=inm, receipt=done)
    return manifest, rows


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        (Show.TO_RECORD, [0, 1, 2]),  # late first, then the earliest
        (Show.LATE, [0]),
        (Show.TODAY, [0, 4, 3, 1]),  # planned or handed over on the office's day
        (Show.AWAITING, [3]),
        (Show.DONE, [4]),
        (Show.ALL, [2, 1, 3, 4, 0]),  # newest planned time first
    ],
)
def test_each_filter_lists_the_handovers_in_its_state(actor, frozen, show, expected):
    manifest, rows = _day(actor, frozen)
    worklist = handover_worklist(
        user=actor(actors.BORDER_TUCSON), show=show, manifest_id=manifest.manifest_id
    )
    assert _ids(worklist) == [rows[i].pk for i in expected]
    assert worklist.counts == {Show.TO_RECORD: 3, Show.LATE: 1, Show.TODAY: 4,
                               Show.AWAITING: 1, Show.DONE: 1, Show.ALL: 5}  # fmt: skip


def test_rows_say_their_state_and_the_actual_time_once_recorded(actor, frozen):
    manifest, rows = _day(actor, frozen)
    worklist = handover_worklist(
        user=actor(actors.BORDER_TUCSON), show=Show.ALL, manifest_id=manifest.manifest_id
    )
    by_id = {row.repatriation.pk: row for row in worklist.rows}
    states = [by_id[r.pk].state for r in rows]
    assert states == [HandoverState.LATE, HandoverState.DUE, HandoverState.DUE,
                      HandoverState.AWAITING, HandoverState.DONE]  # fmt: skip
    assert [by_id[r.pk].recordable for r in rows] == [True, True, True, False, False]
    assert by_id[rows[3].pk].actual_at == NOW - timedelta(minutes=50)
    assert by_id[rows[4].pk].actual_at == NOW - timedelta(minutes=90)
    assert by_id[rows[0].pk].actual_at is None


def test_a_recorded_handover_leaves_to_record_and_waits_under_awaiting(actor, frozen):
    manifest, rows = manifest_accepted([NOW - timedelta(hours=1), NOW + timedelta(hours=1)])
    officer = actor(actors.BORDER_TUCSON)
    mine = {"user": officer, "manifest_id": manifest.manifest_id}
    assert _ids(handover_worklist(show=Show.TO_RECORD, **mine)) == [r.pk for r in rows]
    assert _ids(handover_worklist(show=Show.AWAITING, **mine)) == []

    handover_offer(actor=officer, repatriation=rows[0], receiving_officer=actor(actors.INM_NOGALES),
                   handed_over_at=NOW)  # fmt: skip

    assert _ids(handover_worklist(show=Show.TO_RECORD, **mine)) == [rows[1].pk]
    assert _ids(handover_worklist(show=Show.LATE, **mine)) == []
    assert _ids(handover_worklist(show=Show.AWAITING, **mine)) == [rows[0].pk]


def test_only_the_accepted_manifests_of_the_officers_office(actor, frozen):
    _, ours = manifest_accepted([NOW + timedelta(hours=1)])
    _, planned = manifest_accepted([NOW + timedelta(hours=1)])
    planned[0].manifest_record.manifest.__class__.objects.filter(
        pk=planned[0].manifest_record.manifest_id
    ).update(status=ManifestStatus.PLANNED)
    _, theirs = manifest_accepted([NOW + timedelta(hours=1)], sender="usbp-sdc", point="tijuana",
                                  port="2504")  # fmt: skip
    listed = _ids(handover_worklist(user=actor(actors.BORDER_TUCSON), show=Show.ALL, per_page=500))
    assert ours[0].pk in listed
    assert planned[0].pk not in listed
    assert theirs[0].pk not in listed
    nobody = handover_worklist(user=actor(actors.INM_NOGALES), show=Show.ALL)
    assert nobody.rows == []
    assert nobody.total == 0


def test_the_page_is_paginated_25_a_page_and_its_links_keep_the_filters(client, actor, frozen):
    manifest, rows = manifest_accepted([NOW + timedelta(minutes=m) for m in range(27)])
    signed_in(client, actor(actors.BORDER_TUCSON))
    query = {"manifest": manifest.manifest_id, "show": "to_record"}

    first = client.get(URL, query)
    second = client.get(URL, {**query, "page": 2})

    assert first.status_code == 200
    assert [r.repatriation.pk for r in first.context["worklist"].rows] == [r.pk for r in rows[:25]]
    assert [r.repatriation.pk for r in second.context["worklist"].rows] == [r.pk for r in rows[25:]]
    html = first.content.decode()
    assert f"?manifest={manifest.manifest_id}&amp;show=to_record&amp;page=2" in html
    assert f'href="?manifest={manifest.manifest_id}&amp;show=late"' in html
    assert html.count('data-action="record"') == 25


def test_the_row_action_fits_the_state(client, actor, frozen):
    manifest, rows = _day(actor, frozen)
    signed_in(client, actor(actors.BORDER_TUCSON))
    html = client.get(URL, {"manifest": manifest.manifest_id, "show": "all"}).content.decode()
    record = reverse("receipts:handover-offer", args=[rows[3].pk])
    assert record not in html  # recorded, awaiting INM: no "Record handover"
    assert reverse("receipts:handover-offer", args=[rows[0].pk]) in html
    assert reverse("receipts:receipt-detail", args=[rows[3].receipt.receipt_id]) in html
    assert "Recorded, waiting for the receiving officer to confirm" in html
    assert html.count('data-action="record"') == 3
    # every cell of the stacked table names its column at 390 px
    cells = re.findall(r"<t[dh] (?![^>]*scope=\"col\")[^>]*>", html)
    assert cells
    assert all("data-label=" in cell for cell in cells)


def test_an_unknown_filter_reads_as_to_record_and_the_page_speaks_spanish(client, actor, frozen):
    manifest, _ = _day(actor, frozen)
    signed_in(client, actor(actors.BORDER_TUCSON), "es-mx")
    response = client.get(URL, {"manifest": manifest.manifest_id, "show": "nonsense"})
    assert response.status_code == 200
    assert response.context["show"] == Show.TO_RECORD
    html = response.content.decode()
    assert "Entregas" in html
    assert "Registrar la entrega" in html


def test_the_read_is_audited_and_costs_the_same_for_2_rows_and_25(client, actor, frozen):
    small, _ = manifest_accepted([NOW + timedelta(minutes=m) for m in range(2)])
    large, _ = manifest_accepted([NOW + timedelta(minutes=m) for m in range(25)])
    signed_in(client, actor(actors.BORDER_TUCSON))
    client.get(URL, {"manifest": small.manifest_id})
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"manifest": small.manifest_id})
    before = AuditEvent.objects.filter(action="list").count()
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"manifest": large.manifest_id})
    assert len(many) == len(few)
    event = AuditEvent.objects.filter(action="list").order_by("-pk").first()
    assert AuditEvent.objects.filter(action="list").count() == before + 1
    assert event.detail["count"] == 25


def test_the_page_is_for_delivering_officers(client, actor):
    signed_in(client, actor(actors.INM_NOGALES))
    assert client.get(URL).status_code == 403
