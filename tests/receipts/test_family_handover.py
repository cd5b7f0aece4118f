"""A family unit handed over in one action: one signed receipt per member, all in one
transaction (one member refused and nothing is written); and a handover recorded far from its
planned time needs a reason, which the signed receipt keeps."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enlace.core.clock import clock_frozen
from enlace.people.models import FamilyGroup
from enlace.receipts.core import receipt_verify
from enlace.receipts.models import HandoverReceipt
from enlace.receipts.selectors import receipt_file
from enlace.receipts.services import (
    HandoverStateError,
    handover_confirm,
    handover_offer,
    handover_offer_family,
)

from .. import actors
from .handovers import manifest_accepted
from .test_pages import signed_in

pytestmark = pytest.mark.django_db
NOW = datetime.fromisoformat("2026-12-05T10:00-07:00")
NOGALES = ZoneInfo("America/Hermosillo")
REASON = "Reason for the time difference"


@pytest.fixture
def frozen():
    with clock_frozen(NOW) as moment:
        yield moment


@pytest.fixture
def family(frozen):
    """Three persons of one family unit on one manifest, at 09:30 at Nogales; a fourth
    person of the family scheduled at another reception point; a stranger at 09:30."""
    group = FamilyGroup.objects.create(reference="worklist-family-1")
    _, members = manifest_accepted([NOW - timedelta(minutes=30)] * 3, family=group)
    return members


def _local(moment: datetime) -> str:
    return moment.astimezone(NOGALES).strftime("%Y-%m-%dT%H:%M")


def _form(actor, **extra):
    return {"receiving_officer": actor(actors.INM_NOGALES).pk, "handed_over_at": _local(NOW),
            "belongings": "mochila", **extra}  # fmt: skip


# --- the service ----------------------------------------------------------------------------


def test_a_family_is_handed_over_in_one_action_each_with_a_signed_receipt(actor, family):
    officer, inm = actor(actors.BORDER_TUCSON), actor(actors.INM_NOGALES)
    receipts = handover_offer_family(
        actor=officer, repatriation=family[0], members=family[1:], receiving_officer=inm,
        belongings=[{"description": "mochila", "quantity": 1}],
    )  # fmt: skip
    assert [r.repatriation_id for r in receipts] == [m.pk for m in family]
    assert [len(r.document["belongings"]) for r in receipts] == [1, 0, 0]
    for receipt in receipts:
        confirmed = handover_confirm(actor=inm, receipt=receipt)
        assert receipt_verify(receipt_file(confirmed)).ok


def test_one_member_already_recorded_and_nothing_is_written(actor, family):
    officer, inm = actor(actors.BORDER_TUCSON), actor(actors.INM_NOGALES)
    handover_offer(actor=officer, repatriation=family[2], receiving_officer=inm)
    before = HandoverReceipt.objects.count()
    with pytest.raises(HandoverStateError):
        handover_offer_family(
            actor=officer, repatriation=family[0], members=family[1:], receiving_officer=inm
        )
    assert HandoverReceipt.objects.count() == before
    assert not HandoverReceipt.objects.filter(repatriation__in=family[:2]).exists()


def test_one_member_the_officer_may_not_deliver_and_nothing_is_written(actor, family):
    _, theirs = manifest_accepted([NOW], sender="usbp-sdc", point="tijuana", port="2504")
    officer, inm = actor(actors.BORDER_TUCSON), actor(actors.INM_NOGALES)
    with pytest.raises(PermissionDenied):
        handover_offer_family(
            actor=officer, repatriation=family[0], members=[family[1], theirs[0]],
            receiving_officer=inm,
        )  # fmt: skip
    assert not HandoverReceipt.objects.filter(repatriation__in=[*family, *theirs]).exists()


# --- the form -------------------------------------------------------------------------------


def test_the_form_offers_the_family_all_checked_and_one_post_records_each(client, actor, family):
    # a member at another reception point and a stranger are not offered
    group = family[0].manifest_record.family_group
    _, elsewhere = manifest_accepted([NOW], family=group, point="agua-prieta", port="2603")
    _, stranger = manifest_accepted([NOW - timedelta(minutes=30)])
    url = reverse("receipts:handover-offer", args=[family[0].pk])
    actor(actors.INM_NOGALES)  # the receiving officer to choose
    signed_in(client, actor(actors.BORDER_TUCSON))

    page = client.get(url)
    field = page.context["form"]["family"]
    assert [value for value, _label in field.field.choices] == [family[1].pk, family[2].pk]
    html = page.content.decode()
    assert "Hand over the family together" in html
    assert html.count('type="checkbox" name="family"') == 2
    assert html.count("checked") >= 2
    assert f'value="{elsewhere[0].pk}"' not in html
    assert f'value="{stranger[0].pk}"' not in html

    done = client.post(url, _form(actor, family=[family[1].pk, family[2].pk]))

    assert done.status_code == 200
    receipts = HandoverReceipt.objects.filter(repatriation__in=family)
    assert receipts.count() == 3
    text = done.content.decode()
    for receipt in receipts:
        assert reverse("receipts:receipt-detail", args=[receipt.receipt_id]) in text


def test_unchecking_a_member_leaves_that_member_to_record(client, actor, family):
    url = reverse("receipts:handover-offer", args=[family[0].pk])
    signed_in(client, actor(actors.BORDER_TUCSON))
    response = client.post(url, _form(actor, family=[family[2].pk]))
    assert response.status_code == 200
    recorded = set(HandoverReceipt.objects.values_list("repatriation_id", flat=True))
    assert {family[0].pk, family[2].pk} <= recorded
    assert family[1].pk not in recorded


def test_a_member_no_longer_waiting_refuses_the_post_and_nothing_is_written(client, actor, family):
    _, stranger = manifest_accepted([NOW - timedelta(minutes=30)])
    url = reverse("receipts:handover-offer", args=[family[0].pk])
    signed_in(client, actor(actors.BORDER_TUCSON))
    response = client.post(url, _form(actor, family=[family[1].pk, stranger[0].pk]))
    assert response.status_code == 400
    assert response.context["form"].has_error("family", "invalid_choice")
    assert "A person checked is no longer waiting for this handover" in response.content.decode()
    assert not HandoverReceipt.objects.exists()


# --- the reason for a time far from the plan ----------------------------------------------


@pytest.mark.parametrize(
    ("planned", "needs_reason"),
    [
        (NOW - timedelta(hours=2), False),  # at the threshold: no reason asked
        (NOW - timedelta(hours=2, minutes=1), True),
        (NOW + timedelta(hours=3), True),  # early
        (NOW - timedelta(days=365 * 7), True),  # years late
    ],
)
def test_a_time_far_from_the_plan_needs_a_reason(client, actor, frozen, planned, needs_reason):
    _, rows = manifest_accepted([planned])
    url = reverse("receipts:handover-offer", args=[rows[0].pk])
    signed_in(client, actor(actors.BORDER_TUCSON))
    response = client.post(url, _form(actor))
    if needs_reason:
        assert response.status_code == 400
        assert response.context["form"].has_error("timing_reason", "reason_required")
        assert f"{REASON}</a>: Say why the handover time is more than 2 hours" in (
            response.content.decode()
        )
        assert not HandoverReceipt.objects.filter(repatriation=rows[0]).exists()
    else:
        assert response.status_code == 302
        assert HandoverReceipt.objects.get(repatriation=rows[0]).document["timing_reason"] == ""


def test_the_reason_is_asked_in_spanish_naming_the_field(client, actor, frozen):
    _, rows = manifest_accepted([NOW - timedelta(hours=5)])
    signed_in(client, actor(actors.BORDER_TUCSON), "es-mx")
    response = client.post(reverse("receipts:handover-offer", args=[rows[0].pk]), _form(actor))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Motivo de la diferencia de hora</a>: Indique por qué" in text


def test_the_threshold_is_a_setting(client, actor, frozen, settings):
    settings.ENLACE_HANDOVER_REASON_AFTER = 30
    _, rows = manifest_accepted([NOW - timedelta(minutes=45)])
    signed_in(client, actor(actors.BORDER_TUCSON))
    response = client.post(reverse("receipts:handover-offer", args=[rows[0].pk]), _form(actor))
    assert response.context["form"].has_error("timing_reason", "reason_required")
    assert "more than 30 minutes" in response.content.decode()


def test_the_reason_is_signed_in_the_receipt_and_shown_on_it(client, actor, frozen):
    _, rows = manifest_accepted([NOW - timedelta(hours=6)])
    signed_in(client, actor(actors.BORDER_TUCSON))
    reason = "The bus from the station broke down on the way."
    response = client.post(
        reverse("receipts:handover-offer", args=[rows[0].pk]),
        _form(actor, timing_reason=f"  {reason} "),
    )
    assert response.status_code == 302
    receipt = HandoverReceipt.objects.get(repatriation=rows[0])
    assert receipt.document["timing_reason"] == reason
    page = client.get(response.url).content.decode()
    assert reason in page
    assert 'data-testid="timing-reason"' in page
    confirmed = handover_confirm(actor=actor(actors.INM_NOGALES), receipt=receipt)
    data = receipt_file(confirmed)
    assert receipt_verify(data).ok
    tampered = data.replace(reason.encode(), b"The officer was late.  Nothing else.")
    assert not receipt_verify(tampered).ok
