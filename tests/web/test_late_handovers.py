"""A scheduled handover whose time passed with nothing recorded is late: marked on the
officer's "Handovers to record" and on the INM and DIF boards, the oldest first (the clock
frozen at a moment after the example's handovers)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from enlace.core.clock import clock_frozen
from enlace.planning.services import plan_accept, plan_propose
from enlace.receipts.services import handover_offer
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation
from enlace.repatriation.selectors import handovers_due, handovers_late

from .. import actors
from ..repatriation.test_pages import manifest_csv

pytestmark = pytest.mark.django_db
PLANNED_ON = datetime.fromisoformat("2019-03-13T08:00-07:00")  # the given hours are kept
NOW = datetime.fromisoformat("2019-03-14T12:00-07:00")  # after 10:00 and 11:00, before 13:30


@pytest.fixture
def scheduled(actor) -> dict[str, Repatriation]:
    """The example accepted as given (TCA-0001/0002 at 10:00, -0004 at 11:00, -0003 at 13:30
    on 14 March 2019 at Nogales); TCA-0001's handover recorded (offered to INM)."""
    officer = actor(actors.BORDER_TUCSON)
    content = manifest_csv("usbp-tca-late")
    manifest = manifest_submit(actor=officer, content=content).manifest
    with clock_frozen(PLANNED_ON):
        plan_accept(actor=officer, plan=plan_propose(actor=officer, manifest=manifest))
    rows = Repatriation.objects.filter(manifest_record__manifest=manifest)
    by_record = {r.manifest_record.record_id: r for r in rows.select_related("manifest_record")}
    handover_offer(actor=officer, repatriation=by_record["TCA-0001"],
                   receiving_officer=actor(actors.INM_NOGALES))  # fmt: skip
    return by_record


def test_late_handovers_come_first_on_the_officer_home(client, actor, scheduled):
    officer = actor(actors.BORDER_TUCSON)
    with clock_frozen(NOW):
        shown, _total = handovers_due(user=officer)
        order = [(r.manifest_record.record_id, r.late) for r in shown]
        client.force_login(officer)
        html = client.get(reverse("web:home")).content.decode()
    # Late (passed, unrecorded) first, the oldest first; then the recorded one (10:00) and
    # the one still ahead (13:30), earliest first.
    assert order == [("TCA-0002", True), ("TCA-0004", True), ("TCA-0001", False),
                     ("TCA-0003", False)]  # fmt: skip
    assert html.count('data-late="true"') == 2
    assert "Late handovers (their time passed and nothing was recorded) come first" in html
    with clock_frozen(PLANNED_ON):  # the day before: nothing is late
        assert not any(r.late for r in handovers_due(user=officer)[0])


def test_the_inm_board_lists_late_handovers_oldest_first(client, actor, scheduled):
    inm = actor(actors.INM_NOGALES)
    scheduled["TCA-0004"].scheduled_at = NOW - timedelta(days=1)  # older than the others
    scheduled["TCA-0004"].save(update_fields=["scheduled_at"])
    with clock_frozen(NOW):
        late, total = handovers_late(user=inm)
        client.force_login(inm)
        html = client.get(reverse("web:home")).content.decode()
    assert [r.manifest_record.record_id for r in late] == ["TCA-0004", "TCA-0002"]
    assert total == 2
    assert 'data-testid="late-handovers"' in html
    section = html[html.index('data-testid="late-handovers"') :]
    # The oldest first, in the section; and TCA-0002 marked late in today's hours too.
    assert section.index(scheduled["TCA-0004"].person.full_name) < section.index(
        scheduled["TCA-0002"].person.full_name
    )
    assert html.count('data-late="true"') == 3


def test_the_dif_board_marks_the_late_minor(client, actor, scheduled):
    dif = actor(actors.DIF_SONORA)
    with clock_frozen(NOW):
        late, _total = handovers_late(user=dif)
        client.force_login(dif)
        html = client.get(reverse("web:home")).content.decode()
    assert [r.manifest_record.record_id for r in late] == ["TCA-0004"]  # the minor, 11:00
    assert 'data-testid="late-handovers"' in html
    assert 'data-late="true"' in html
    with clock_frozen(PLANNED_ON):
        assert handovers_late(user=dif) == ([], 0)


def test_the_boards_list_late_handovers_of_the_last_week_only(actor, scheduled, settings):
    """A board is for the shift: a handover unrecorded for longer than the horizon is a
    records problem and leaves the late list (ENLACE_LATE_HORIZON_DAYS)."""
    inm = actor(actors.INM_NOGALES)
    settings.ENLACE_LATE_HORIZON_DAYS = 7
    with clock_frozen(NOW + timedelta(days=6)):
        assert handovers_late(user=inm)[1] == 3
    with clock_frozen(NOW + timedelta(days=8)):
        assert handovers_late(user=inm) == ([], 0)
