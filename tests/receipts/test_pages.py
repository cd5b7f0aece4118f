"""Handover pages: recording a handover, the receipt, confirming it; the INM and DIF homes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enlace.accounts.models import Role, User
from enlace.core.models import AuditEvent
from enlace.people.models import Encounter, EncounterKind, FamilyGroup, Person
from enlace.receipts.forms import belongings_parse, local_parse
from enlace.receipts.models import HandoverReceipt, ReceiptStatus
from enlace.receipts.services import handover_offer
from enlace.reference.models import Office
from enlace.repatriation.models import (
    Manifest,
    ManifestRecord,
    ManifestStatus,
    Repatriation,
    RepatriationStatus,
)

from .. import actors
from ..web.support import assert_csp_clean

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)
HERMOSILLO = ZoneInfo("America/Hermosillo")


def arrival_make(
    *,
    at: datetime,
    point: str = "nogales",
    port: str = "2604",
    sender: str = "usbp-tca",
    minor: bool = False,
    pregnant: bool = False,
    medical: str = "",
    disability: bool = False,
    family: FamilyGroup | None = None,
    name: str = "Ana",
    consulate: str | None = None,
    status: str = ManifestStatus.RECEIVED,
) -> Repatriation:
    """A person on a manifest of ``sender`` (in ``status``), scheduled at ``point``
    through ``port``."""
    n = next(_serial)
    office = Office.objects.get(pk=sender)
    person = Person.objects.create(given_names=f"{name}{n}", paternal_surname="Prueba")
    encounter = Encounter.objects.create(
        person=person, kind=EncounterKind.APPREHENSION, occurred_at=at - timedelta(days=1),
        agency_id=office.agency_id, office=office, sector_id=office.sector_id,
        consulate_id=consulate,
    )  # fmt: skip
    manifest = Manifest.objects.create(
        manifest_id=f"test-{sender}-{n}", sending_office=office, content_sha256="0" * 64,
        record_count=1, status=status,
    )  # fmt: skip
    record = ManifestRecord.objects.create(
        manifest=manifest, record_id=f"R{n}", line=1, encounter=encounter, person=person,
        family_group=family, handover_port_id=port, handover_at=at, unaccompanied_minor=minor,
        pregnant=pregnant, medical_condition=medical, disability=disability,
    )  # fmt: skip
    return Repatriation.objects.create(
        person=person, encounter=encounter, port_id=port, reception_point_id=point,
        scheduled_at=at, unaccompanied_minor=minor, manifest_record=record,
    )  # fmt: skip


def officer_make(username: str, role: str, office: str) -> User:
    return User.objects.create_user(username=username, role=role, office_id=office)


def signed_in(client, user: User, language: str = "en"):
    client.force_login(user)
    client.cookies["enlace_language"] = language
    return client


def soon() -> datetime:
    return timezone.now() + timedelta(hours=1)


def offer(repatriation: Repatriation, actor, to: str = "inm.nogales") -> HandoverReceipt:
    return handover_offer(
        actor=actor(actors.BORDER_TUCSON), repatriation=repatriation,
        receiving_officer=actor(actors.named(to)), handed_over_at=timezone.now(),
    )  # fmt: skip


def audits(action: str, subject_type: str) -> int:
    return AuditEvent.objects.filter(action=action, subject_type=subject_type).count()


# --- the form's parsing (no database) ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("backpack\n\n2 x blanket\n3× shirt", [("backpack", 1), ("blanket", 2), ("shirt", 3)]),
        ("100 pesos", [("100 pesos", 1)]),
        ("", []),
    ],
)
def test_belongings_are_one_item_a_line_with_an_optional_quantity(text, expected):
    items = belongings_parse(text)
    assert [(i["description"], i["quantity"]) for i in items] == expected


def test_a_zero_quantity_names_its_line():
    with pytest.raises(ValidationError) as error:
        belongings_parse("backpack\n0 x blanket")
    assert error.value.code == "item"
    assert (error.value.params or {})["line"] == 2


def test_local_times_follow_the_points_clock_across_dst():
    tijuana = ZoneInfo("America/Tijuana")
    with pytest.raises(ValidationError) as error:
        local_parse("2025-03-09T02:30", tijuana)  # the clocks skip 02:00-03:00
    assert error.value.code == "nonexistent"
    assert local_parse("2025-11-02T01:30", tijuana).utcoffset() == timedelta(hours=-7)
    assert local_parse("2025-07-01 10:00", HERMOSILLO).astimezone(UTC).hour == 17
    with pytest.raises(ValidationError):
        local_parse("tomorrow", tijuana)


# --- recording a handover ---------------------------------------------------------------


def test_the_delivering_officer_records_a_handover(client, actor):
    repatriation = arrival_make(at=soon())
    url = reverse("receipts:handover-offer", args=[repatriation.pk])
    actor(actors.INM_NOGALES)  # the receiving officer to choose
    signed_in(client, actor(actors.BORDER_TUCSON))
    page = client.get(url)
    assert page.status_code == 200
    choices = page.context["form"].fields["receiving_officer"].choices
    assert actor(actors.INM_NOGALES).pk in [value for value, _label in list(choices)[1:]]
    assert audits("view", "repatriation.repatriation") >= 1
    local = (timezone.now() - timedelta(minutes=10)).astimezone(HERMOSILLO)
    response = client.post(url, {
        "receiving_officer": actor(actors.INM_NOGALES).pk,
        "handed_over_at": local.strftime("%Y-%m-%dT%H:%M"),
        "belongings": "backpack\n2 x blanket", "remarks": "tired",
    })  # fmt: skip
    receipt = HandoverReceipt.objects.get(repatriation=repatriation)
    assert response.status_code == 302
    assert response.url == reverse("receipts:receipt-detail", args=[receipt.receipt_id])
    assert receipt.receiving_officer == actor(actors.INM_NOGALES)
    assert receipt.document["belongings"] == [
        {"description": "backpack", "quantity": 1}, {"description": "blanket", "quantity": 2},
    ]  # fmt: skip
    assert receipt.document["handed_over_at_local"].startswith(local.strftime("%Y-%m-%dT%H:%M"))
    assert audits("create", "receipts.handoverreceipt") == 1


@pytest.mark.parametrize(
    ("username", "status"),
    [("removal.phoenix", 404), ("consul.nogales", 403), ("inm.nogales", 403)],
)
def test_only_the_sending_office_may_record_a_handover(client, actor, username, status):
    """Another sending office finds no such person (404); a role that delivers no one is
    refused (403)."""
    repatriation = arrival_make(at=soon())
    signed_in(client, actor(actors.named(username)))
    url = reverse("receipts:handover-offer", args=[repatriation.pk])
    assert client.get(url).status_code == status
    post = client.post(url, {"receiving_officer": actor(actors.INM_NOGALES).pk})
    assert post.status_code == status
    assert not HandoverReceipt.objects.exists()


def test_a_missing_repatriation_looks_like_a_forbidden_one(client, actor):
    signed_in(client, actor(actors.BORDER_TUCSON))
    assert client.get(reverse("receipts:handover-offer", args=[2**40])).status_code == 404


def test_bad_input_names_the_fields_in_spanish_and_writes_nothing(client, actor):
    repatriation = arrival_make(at=soon())
    signed_in(client, actor(actors.BORDER_TUCSON), "es-mx")
    future = (timezone.now() + timedelta(days=1)).astimezone(HERMOSILLO)
    response = client.post(
        reverse("receipts:handover-offer", args=[repatriation.pk]),
        {"receiving_officer": actor(actors.CONSUL_NOGALES).pk,
         "handed_over_at": future.strftime("%Y-%m-%dT%H:%M"), "belongings": "0 x mochila"},
    )  # fmt: skip
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"receiving_officer", "handed_over_at", "belongings"}
    text = response.content.decode()
    assert "La entrega no puede ser en el futuro." in text
    assert "Entregado a las (hora local del punto de recepción)" in text
    assert not HandoverReceipt.objects.exists()
    assert audits("create", "receipts.handoverreceipt") == 0


def test_a_second_handover_of_the_same_person_is_refused(client, actor):
    repatriation = arrival_make(at=soon())
    offer(repatriation, actor)
    signed_in(client, actor(actors.BORDER_TUCSON))
    url = reverse("receipts:handover-offer", args=[repatriation.pk])
    assert "already been recorded" in client.get(url).content.decode()
    response = client.post(url, {
        "receiving_officer": actor(actors.INM_NOGALES).pk,
        "handed_over_at": timezone.now().astimezone(HERMOSILLO).strftime("%Y-%m-%dT%H:%M"),
    })  # fmt: skip
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This handover is already signed or not scheduled."
    ]
    assert "already been recorded" in response.content.decode()
    assert HandoverReceipt.objects.filter(repatriation=repatriation).count() == 1


# --- the receipt and its confirmation ---------------------------------------------------


def test_the_receipt_is_shown_to_both_sides_and_no_one_else(client, actor):
    receipt = offer(arrival_make(at=soon()), actor)
    tijuana = officer_make("inm.tijuana.test", Role.MX_RECEPTION_OFFICER, "inm-tijuana")
    pages = [
        reverse(name, args=[receipt.receipt_id])
        for name in ("receipts:receipt-detail", "receipts:receipt-print", "receipts:receipt-file")
    ]
    for user, status in [
        (actor(actors.BORDER_TUCSON), 200), (actor(actors.INM_NOGALES), 200),
        (tijuana, 404), (actor(actors.CONSUL_NOGALES), 403), (actor(actors.DIF_SONORA), 404),
    ]:  # fmt: skip
        signed_in(client, user)
        assert [client.get(page).status_code for page in pages] == [status] * 3, user
    signed_in(client, actor(actors.INM_NOGALES))
    detail = client.get(pages[0])
    assert_csp_clean(detail.content.decode())
    assert detail.context["can_confirm"] is True
    assert (
        reverse("receipts:handover-confirm", args=[receipt.receipt_id]) in detail.content.decode()
    )


def test_the_named_receiver_confirms_once(client, actor):
    repatriation = arrival_make(at=soon())
    receipt = offer(repatriation, actor)
    url = reverse("receipts:handover-confirm", args=[receipt.receipt_id])
    signed_in(client, actor(actors.INM_NOGALES))
    response = client.post(url, {"next": "/?day=2030-01-01"})
    assert response.status_code == 302
    assert response.url == "/?day=2030-01-01"
    receipt.refresh_from_db()
    repatriation.refresh_from_db()
    assert receipt.status == ReceiptStatus.CONFIRMED
    assert repatriation.status == RepatriationStatus.HANDED_OVER
    assert audits("update", "receipts.handoverreceipt") == 1
    again = client.post(url, {"next": "https://elsewhere.example/"}, follow=True)
    assert again.redirect_chain[0][0] == reverse(
        "receipts:receipt-detail", args=[receipt.receipt_id]
    )
    assert "This receipt is already confirmed." in again.content.decode()
    assert audits("update", "receipts.handoverreceipt") == 1


def test_only_the_named_receiver_may_confirm(client, actor):
    receipt = offer(arrival_make(at=soon()), actor)
    colleague = officer_make("inm.nogales.2", Role.MX_RECEPTION_OFFICER, "inm-nogales")
    url = reverse("receipts:handover-confirm", args=[receipt.receipt_id])
    signed_in(client, colleague)
    response = client.post(url, follow=True)
    assert "Only the named receiving officer can confirm this handover." in (
        response.content.decode()
    )
    signed_in(client, actor(actors.BORDER_TUCSON))
    client.post(url)
    signed_in(client, actor(actors.DIF_SONORA))  # an adult: not in DIF's scope
    assert client.post(url).status_code == 404
    receipt.refresh_from_db()
    assert receipt.status == ReceiptStatus.OFFERED


def test_confirming_with_htmx_returns_the_row_status(client, actor):
    repatriation = arrival_make(at=soon())
    receipt = offer(repatriation, actor)
    signed_in(client, actor(actors.INM_NOGALES), "es-mx")
    response = client.post(
        reverse("receipts:handover-confirm", args=[receipt.receipt_id]),
        {"next": "/"}, HTTP_HX_REQUEST="true",
    )  # fmt: skip
    text = response.content.decode()
    assert response.status_code == 200
    assert f'id="arrival-{repatriation.pk}-status"' in text
    assert 'hx-swap-oob="true"' in text
    assert "Entregada" in text or "Entregado" in text
    assert "<html" not in text


# --- the INM home -----------------------------------------------------------------------


def test_the_inm_home_shows_today_and_tomorrow_by_local_hour(client, actor):
    today = timezone.now().astimezone(HERMOSILLO).date()
    base = datetime.combine(today, datetime.min.time(), HERMOSILLO)
    family = FamilyGroup.objects.create(reference="test-family")
    first = arrival_make(at=base + timedelta(hours=9), family=family)
    alone = arrival_make(at=base + timedelta(hours=9, minutes=10), pregnant=True)
    second = arrival_make(at=base + timedelta(hours=9, minutes=20), family=family)
    minor = arrival_make(at=base + timedelta(hours=33), minor=True, medical="serious")
    arrival_make(at=base + timedelta(hours=50))  # the day after tomorrow
    arrival_make(at=base + timedelta(hours=9), point="tijuana", port="2506", sender="usbp-sdc")
    offer(alone, actor)
    signed_in(client, actor(actors.INM_NOGALES))
    response = client.get(reverse("web:home"))
    days = response.context["days"]
    assert [d.day for d in days] == [today, today + timedelta(days=1)]
    assert [h.start.hour for h in days[0].hours] == [9]
    order = [a.repatriation for a in days[0].hours[0].arrivals]
    assert order == [first, second, alone]  # the family together
    assert [a.family for a in days[0].hours[0].arrivals] == [1, 1, 0]
    counts = response.context["counts"]
    assert counts == {"total": 4, "minor": 1, "pregnant": 1, "ill": 1, "disability": 0,
                      "awaiting_you": 1}  # fmt: skip
    assert days[1].arrivals[0].repatriation == minor
    assert days[1].arrivals[0].receiver  # the agreements' receiver of minors
    text = response.content.decode()
    assert_csp_clean(text)
    assert reverse("receipts:handover-confirm", args=[alone.receipt.receipt_id]) in text
    assert AuditEvent.objects.filter(action="list", actor_id=actor(actors.INM_NOGALES).pk).exists()


def test_hours_are_grouped_on_the_points_clock_when_it_falls_back(client, actor):
    """Tijuana, 2 November 2025: 01:00-02:00 happens twice (PDT, then PST)."""
    officer = officer_make("inm.tijuana.dst", Role.MX_RECEPTION_OFFICER, "inm-tijuana")
    late = arrival_make(at=datetime(2025, 11, 2, 6, 30, tzinfo=UTC), point="tijuana", port="2506")
    pdt = arrival_make(at=datetime(2025, 11, 2, 8, 30, tzinfo=UTC), point="tijuana", port="2506")
    pst = arrival_make(at=datetime(2025, 11, 2, 9, 30, tzinfo=UTC), point="tijuana", port="2506")
    signed_in(client, officer)
    days = client.get(reverse("web:home"), {"day": "2025-11-01"}).context["days"]
    assert [d.day.isoformat() for d in days] == ["2025-11-01", "2025-11-02"]
    assert days[0].arrivals[0].repatriation == late  # 23:30 PDT on 1 November
    hours = days[1].hours
    assert [(h.start.hour, h.start.utcoffset()) for h in hours] == [
        (1, timedelta(hours=-7)), (1, timedelta(hours=-8)),
    ]  # fmt: skip
    assert [h.arrivals[0].repatriation for h in hours] == [pdt, pst]


def test_a_bad_day_is_reported_and_today_shown(client, actor):
    signed_in(client, actor(actors.INM_NOGALES), "es-mx")
    response = client.get(reverse("web:home"), {"day": "2025-13-40"})
    assert response.status_code == 200
    assert response.context["day"] == timezone.now().astimezone(HERMOSILLO).date()
    assert response.context["day_error"]
    assert 'aria-invalid="true"' in response.content.decode()


def home_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("web:home"))
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("username", ["inm.nogales", "dif.sonora"])
def test_the_arrivals_query_count_does_not_grow_with_rows(
    client, actor, django_assert_max_num_queries, username
):
    """2 arrivals or 10 (minors, families, receipts offered): the same queries."""
    start = timezone.now() + timedelta(hours=2)
    family = FamilyGroup.objects.create(reference="test-family-q")
    signed_in(client, actor(actors.named(username)))
    counts = []
    made = 0
    for total in (2, 10):
        while made < total:
            at = start + timedelta(minutes=10 * made)
            arrival = arrival_make(at=at, minor=True, family=family if made % 2 else None)
            offer(arrival, actor, to=username if made % 3 else "inm.nogales")
            made += 1
        with django_assert_max_num_queries(25):
            count, text = home_queries(client)
        assert text.count("/handovers/receipts/") >= total
        counts.append(count)
    assert counts[0] == counts[1]


def test_the_handovers_to_record_query_count_does_not_grow_with_rows(client, actor):
    """The officer's home lists the scheduled handovers of accepted manifests."""
    start = timezone.now() + timedelta(hours=2)
    signed_in(client, actor(actors.BORDER_TUCSON))
    counts = []
    made = 0
    for total in (2, 10):
        while made < total:
            at = start + timedelta(minutes=10 * made)
            arrival_make(at=at, status=ManifestStatus.ACCEPTED, minor=bool(made % 2))
            made += 1
        count, text = home_queries(client)
        assert text.count("/record/") >= total
        counts.append(count)
    assert counts[0] == counts[1]


# --- the DIF home -----------------------------------------------------------------------


def test_dif_sees_only_unaccompanied_minors_in_its_state(client, actor):
    at = soon()
    minor = arrival_make(at=at, minor=True)
    arrival_make(at=at)  # an adult
    arrival_make(at=at, minor=True, point="tijuana", port="2506", sender="usbp-sdc")
    offered = arrival_make(at=at + timedelta(hours=1), minor=True)
    offer(offered, actor, to="dif.sonora")
    signed_in(client, actor(actors.DIF_SONORA), "es-mx")
    response = client.get(reverse("web:home"))
    arrivals = [a for d in response.context["days"] for a in d.arrivals]
    assert [a.repatriation for a in arrivals] == [minor, offered]
    assert arrivals[0].receiver  # designated by the agreements
    assert not arrivals[1].receiver  # the receipt names the officer
    assert arrivals[1].can_confirm
    text = response.content.decode()
    assert_csp_clean(text)
    assert "Niñas, niños y adolescentes no acompañados esperados" in text
    confirm = reverse("receipts:handover-confirm", args=[offered.receipt.receipt_id])
    assert confirm in text
    client.post(confirm)
    offered.refresh_from_db()
    assert offered.status == RepatriationStatus.HANDED_OVER
