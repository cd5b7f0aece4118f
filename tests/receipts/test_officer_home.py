"""The officer's home lists the handovers still to record (nothing recorded, late first) and
counts them as the handovers page does; a recorded one leaves it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from enlace.core.clock import clock_frozen
from enlace.receipts.services import handover_offer

from .. import actors
from .handovers import manifest_accepted
from .test_pages import signed_in
from .test_worklist import NOW

pytestmark = pytest.mark.django_db
HOME = reverse("web:home")


@pytest.fixture
def frozen():
    with clock_frozen(NOW) as moment:
        yield moment


def test_the_home_count_equals_the_handovers_page_total(client, actor, frozen):
    times = [NOW - timedelta(hours=2), *(NOW + timedelta(minutes=m) for m in range(14))]
    _, rows = manifest_accepted(times)
    officer = actor(actors.BORDER_TUCSON)
    handover_offer(actor=officer, repatriation=rows[5], receiving_officer=actor(actors.INM_NOGALES),
                   handed_over_at=NOW)  # fmt: skip
    signed_in(client, officer)

    home = client.get(HOME)
    page = client.get("/handovers/")

    total = page.context["worklist"].total
    assert total >= 14
    assert home.context["handovers_total"] == total
    html = home.content.decode()
    assert f"See all {total} handovers to record" in html
    assert 'href="/handovers/"' in html
    shown = [row.repatriation.pk for row in home.context["handovers"]]
    assert len(shown) == 10
    assert shown[0] == rows[0].pk  # the late one first
    assert html.count('data-late="true"') >= 1


def test_a_recorded_handover_leaves_the_home_list(client, actor, frozen):
    _, rows = manifest_accepted([NOW - timedelta(days=3650)])  # years late: the oldest first
    officer = actor(actors.BORDER_TUCSON)
    signed_in(client, officer)
    record = reverse("receipts:handover-offer", args=[rows[0].pk])
    before = client.get(HOME)
    assert record in before.content.decode()

    handover_offer(actor=officer, repatriation=rows[0], receiving_officer=actor(actors.INM_NOGALES),
                   handed_over_at=NOW)  # fmt: skip

    after = client.get(HOME)
    assert record not in after.content.decode()
    assert after.context["handovers_total"] == before.context["handovers_total"] - 1
