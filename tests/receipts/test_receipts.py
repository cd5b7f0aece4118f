"""Bilateral handover receipts: who may sign, what is stored, what verifies offline."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from enlace.core.models import AuditEvent
from enlace.outbox.models import OutboxEvent
from enlace.receipts.core import Problem, receipt_verify
from enlace.receipts.keys import key_unseal
from enlace.receipts.models import OfficerKey, ReceiptStatus
from enlace.receipts.presentation import fingerprint, receipt_html
from enlace.receipts.selectors import public_keys_export, receipt_file
from enlace.receipts.services import HandoverStateError, handover_confirm, handover_offer
from enlace.repatriation.models import RepatriationStatus

from .. import actors

pytestmark = pytest.mark.django_db
BELONGINGS = [{"description": "backpack", "quantity": 1}, {"description": "phone", "quantity": 1}]


@pytest.fixture
def confirmed(repatriation, actor):
    receipt = handover_offer(
        actor=actor(actors.BORDER_TUCSON), repatriation=repatriation,
        receiving_officer=actor(actors.INM_NOGALES), belongings=BELONGINGS, remarks="tired",
    )  # fmt: skip
    return handover_confirm(actor=actor(actors.INM_NOGALES), receipt=receipt)


def test_both_signatures_make_a_receipt_that_verifies_offline(confirmed, repatriation):
    data = receipt_file(confirmed)
    result = receipt_verify(data)
    assert result.ok, result.problems
    document = json.loads(data)["document"]
    assert document["delivering"]["officer"] == actors.BORDER_TUCSON.username
    assert document["receiving"]["officer"] == actors.INM_NOGALES.username
    assert document["reception_point"]["code"] == "nogales"
    assert document["belongings"] == BELONGINGS
    assert document["person"]["id"] == repatriation.person_id
    repatriation.refresh_from_db()
    assert repatriation.status == RepatriationStatus.HANDED_OVER
    assert confirmed.status == ReceiptStatus.CONFIRMED


def test_confirming_is_audited_and_written_to_the_outbox(confirmed):
    actions = set(
        AuditEvent.objects.filter(subject_type="receipts.handoverreceipt").values_list(
            "action", flat=True
        )
    )
    assert actions == {"create", "update"}
    event = OutboxEvent.objects.get(event_type="handover.confirmed")
    assert event.payload["receipt_id"] == str(confirmed.receipt_id)
    assert "person" not in event.payload


def test_any_changed_byte_fails(confirmed):
    """Flip one bit of every byte of the file in turn: not one altered file verifies."""
    data = receipt_file(confirmed)
    survivors = []
    for position in range(len(data)):
        altered = bytearray(data)
        altered[position] ^= 0x01
        if receipt_verify(bytes(altered)).ok:
            survivors.append(position)
    assert survivors == []


def test_a_re_signed_receipt_with_an_untrusted_key_fails(confirmed):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from enlace.receipts.core import (
        b64,
        delivering_message,
        envelope_bytes,
        public_key_bytes,
        receiving_message,
        signature_make,
    )

    forger = Ed25519PrivateKey.generate()
    document = {**confirmed.document, "remarks": "nothing to declare"}
    first = signature_make(forger, delivering_message(document))
    second = signature_make(forger, receiving_message(document, first))
    key = b64(public_key_bytes(forger))
    border, inm = actors.BORDER_TUCSON.username, actors.INM_NOGALES.username
    forged = envelope_bytes(document, {
        "delivering": {"officer": border, "public_key": key, "signature": first},
        "receiving": {"officer": inm, "public_key": key, "signature": second},
    })  # fmt: skip
    assert receipt_verify(forged).ok  # self-consistent...
    trusted = set(public_keys_export().values())
    problems = receipt_verify(forged, trusted_keys=trusted).problems
    assert {p for p, _ in problems} == {Problem.UNTRUSTED_KEY}
    assert receipt_verify(receipt_file(confirmed), trusted_keys=trusted).ok


def test_an_offered_receipt_lacks_the_receiving_signature(repatriation, actor):
    receipt = handover_offer(actor=actor(actors.BORDER_TUCSON), repatriation=repatriation,
                             receiving_officer=actor(actors.INM_NOGALES))  # fmt: skip
    problems = receipt_verify(receipt_file(receipt)).problems
    assert problems == [(Problem.MISSING_SIGNATURE, "receiving")]


@pytest.mark.parametrize("username", ["consul.nogales", "inm.nogales", "removal.phoenix"])
def test_only_the_sending_office_may_offer(repatriation, actor, username):
    with pytest.raises(PermissionDenied):
        handover_offer(actor=actor(actors.named(username)), repatriation=repatriation,
                       receiving_officer=actor(actors.INM_NOGALES))  # fmt: skip


@pytest.mark.parametrize("username", ["consul.nogales", "border.tucson", "analyst"])
def test_only_a_receiving_officer_in_scope_may_be_named(repatriation, actor, username):
    with pytest.raises(PermissionDenied):
        handover_offer(actor=actor(actors.BORDER_TUCSON), repatriation=repatriation,
                       receiving_officer=actor(actors.named(username)))  # fmt: skip


def test_only_the_named_officer_confirms_and_only_once(repatriation, actor):
    receipt = handover_offer(actor=actor(actors.BORDER_TUCSON), repatriation=repatriation,
                             receiving_officer=actor(actors.INM_NOGALES))  # fmt: skip
    with pytest.raises(PermissionDenied):
        handover_confirm(actor=actor(actors.BORDER_TUCSON), receipt=receipt)
    handover_confirm(actor=actor(actors.INM_NOGALES), receipt=receipt)
    with pytest.raises(HandoverStateError):
        handover_confirm(actor=actor(actors.INM_NOGALES), receipt=receipt)
    with pytest.raises(HandoverStateError):
        handover_offer(actor=actor(actors.BORDER_TUCSON), repatriation=repatriation,
                       receiving_officer=actor(actors.INM_NOGALES))  # fmt: skip


def test_private_keys_are_sealed_and_bound_to_their_user(confirmed, actor):
    from cryptography.exceptions import InvalidTag

    key = OfficerKey.objects.get(user=actor(actors.INM_NOGALES))
    sealed = bytes(key.private_key_sealed)
    private = key_unseal(user_id=key.user_id, sealed=sealed)
    assert private.private_bytes_raw() not in sealed
    with pytest.raises(InvalidTag):
        key_unseal(user_id=key.user_id + 1, sealed=sealed)


def test_verify_command_exit_codes(confirmed, tmp_path):
    good = tmp_path / "receipt.json"
    good.write_bytes(receipt_file(confirmed))
    call_command("receipt", "verify", str(good))  # returns: exit code 0
    bad = tmp_path / "bad.json"
    bad.write_bytes(good.read_bytes().replace(b"backpack", b"backpacK"))
    with pytest.raises(SystemExit) as failed:
        call_command("receipt", "verify", str(bad))
    assert failed.value.code == 1
    with pytest.raises(CommandError) as unreadable:
        call_command("receipt", "verify", str(tmp_path / "missing.json"))
    assert unreadable.value.returncode == 2


def test_printable_page_shows_both_languages_and_the_signatures(confirmed):
    page = receipt_html(confirmed)
    assert 'lang="en"' in page
    assert 'lang="es-MX"' in page
    assert confirmed.document["person"]["given_names"] in page
    assert fingerprint(confirmed.receiving_signature) in page
    assert "usa-table" in page
