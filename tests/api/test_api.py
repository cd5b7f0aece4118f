"""The API: tokens, scopes, problem details, idempotent submission, pagination, ETags,
rate limit, handover receipts."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from enlace.api.models import ApiToken, IdempotentRequest
from enlace.api.tokens import token_create, token_revoke
from enlace.core.models import AuditEvent
from enlace.receipts.core import receipt_verify
from enlace.receipts.models import HandoverReceipt
from enlace.repatriation.models import Manifest, Repatriation

from .. import actors
from .conftest import EXAMPLE, ApiClient

pytestmark = pytest.mark.django_db


def _submit(api: ApiClient, key: str = "k-1", content: bytes | None = None):
    body = {"content": (content or EXAMPLE.read_bytes()).decode(), "source_name": "m.csv"}
    return api.post("/manifests", body, HTTP_IDEMPOTENCY_KEY=key)


def test_no_token_is_a_401_problem():
    response = Client().get("/api/v1/agreements")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "unauthorized"


def test_expired_and_revoked_tokens_do_not_authenticate(actor):
    user = actor(actors.BORDER_TUCSON)
    token, plain = token_create(actor=user, name="t")
    api = ApiClient(plain)
    assert api.get("/agreements").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api.get("/agreements").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() + timedelta(days=1))
    assert api.get("/agreements").status_code == 200
    token_revoke(actor=actor(actors.ADMIN), token=token)
    assert api.get("/agreements").status_code == 401


def test_a_user_revokes_their_own_token_and_only_theirs(actor, api_as):
    other, _ = token_create(actor=actor(actors.INM_NOGALES), name="other")
    token, plain = token_create(actor=actor(actors.BORDER_TUCSON), name="mine")
    api = ApiClient(plain)
    assert api.delete(f"/tokens/{other.pk}").status_code == 404
    assert api.delete(f"/tokens/{token.pk}").json()["revoked_at"]
    assert api.get("/tokens").status_code == 401
    assert not ApiToken.objects.filter(pk=token.pk, token_sha256=plain).exists()  # hashed


def test_submission_is_idempotent_by_key(api_as):
    api = api_as(actors.BORDER_TUCSON)
    first = _submit(api)
    assert first.status_code == 201
    assert first.json()["record_count"] == 4
    again = _submit(api)
    assert (again.status_code, again.json()) == (201, first.json())
    assert Manifest.objects.filter(manifest_id=first.json()["manifest_id"]).count() == 1
    other = _submit(api, content=EXAMPLE.read_bytes().replace(b"Ruiz", b"Ruis"))
    assert other.status_code == 422
    assert other.json()["code"] == "conflict"


def test_missing_idempotency_key_and_bad_bodies_are_422_naming_the_field(api_as):
    api = api_as(actors.BORDER_TUCSON)
    response = api.post("/manifests", {"content": "x"})
    assert response.status_code == 422
    assert "header.Idempotency-Key" in {e["field"] for e in response.json()["errors"]}
    response = api.post("/manifests", {"nothing": 1}, HTTP_IDEMPOTENCY_KEY="k")
    assert {e["field"] for e in response.json()["errors"]} == {"body.payload.content"}
    rejected = _submit(api, key="k-2", content=b"manifest_id,record_id\nx,y\n")
    assert rejected.status_code in (403, 422)


def test_another_offices_manifest_is_refused_by_the_service_and_nothing_is_kept(api_as):
    """ICE Phoenix may submit manifests, but not the Tucson sector's: the service refuses
    (403, saying why), no manifest is stored and the key stays free for a retry."""
    refused = _submit(api_as(actors.REMOVAL_PHOENIX), key="k-phx")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    generic = api_as(actors.ANALYST).post("/manifests", {"content": "x"}, HTTP_IDEMPOTENCY_KEY="k")
    assert generic.status_code == 403
    assert refused.json()["detail"] != generic.json()["detail"]
    assert not Manifest.objects.filter(manifest_id="usbp-tca-20190314").exists()
    assert not IdempotentRequest.objects.filter(key="k-phx").exists()


def test_problems_speak_the_callers_language(api_as):
    english = api_as(actors.BORDER_TUCSON).get("/manifests/nope")
    spanish = api_as(actors.BORDER_TUCSON, "es-MX").get("/manifests/nope")
    assert english.status_code == spanish.status_code == 404
    assert english.json()["code"] == spanish.json()["code"] == "not_found"
    assert english["Content-Language"] == "en"
    assert spanish["Content-Language"] == "es-mx"


def test_status_and_findings_of_a_submitted_manifest(api_as):
    api = api_as(actors.BORDER_TUCSON)
    manifest_id = _submit(api).json()["manifest_id"]
    assert api.get(f"/manifests/{manifest_id}").json()["status"] == "received"
    findings = api.get(f"/manifests/{manifest_id}/findings").json()
    assert findings["manifest_id"] == manifest_id
    assert isinstance(findings["items"], list)
    assert api_as(actors.REMOVAL_PHOENIX).get(f"/manifests/{manifest_id}").status_code == 404


def test_plan_and_accept_through_the_api(api_as):
    api = api_as(actors.BORDER_TUCSON)
    content = EXAMPLE.read_bytes().replace(b"usbp-tca-20190314", b"usbp-tca-api-plan")
    manifest_id = _submit(api, content=content).json()["manifest_id"]
    plan = api.post(f"/manifests/{manifest_id}/plans")
    assert plan.status_code == 201
    accepted = api.post(f"/manifests/{manifest_id}/plans/{plan.json()['id']}/accept")
    assert accepted.json()["status"] == "accepted"
    again = api.post(f"/manifests/{manifest_id}/plans/{plan.json()['id']}/accept")
    assert again.status_code == 409


def test_another_consulates_person_is_a_404(api_as):
    api = api_as(actors.BORDER_TUCSON)
    _submit(api)
    mine = api_as(actors.CONSUL_NOGALES).get("/persons").json()["items"]
    assert mine
    person_id = mine[0]["id"]
    assert api_as(actors.CONSUL_NOGALES).get(f"/persons/{person_id}").status_code == 200
    before = AuditEvent.objects.filter(action="view", subject_type="people.person").count()
    # roles that see no person are refused the operation itself, whatever the id
    assert api_as(actors.ANALYST).get(f"/persons/{person_id}").status_code == 403
    assert api_as(actors.LABOR).get(f"/persons/{person_id}").status_code == 403
    assert api_as(actors.CONSUL_NOGALES).get(f"/persons/{2**40}").status_code == 404
    after = AuditEvent.objects.filter(action="view", subject_type="people.person").count()
    assert after == before  # nothing was read


def test_repatriations_by_point_and_day_paginate_with_a_cursor(api_as):
    _submit(api_as(actors.BORDER_TUCSON))
    day = Repatriation.objects.filter(reception_point_id="nogales").order_by("-pk")[0]
    local_day = day.scheduled_at.astimezone(timezone.get_fixed_timezone(-420)).date()
    api = api_as(actors.INM_NOGALES)
    seen, cursor = [], None
    while True:
        query = f"/repatriations?reception_point=nogales&day={local_day}&limit=1"
        page = api.get(query + (f"&cursor={cursor}" if cursor else "")).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) >= 2
    assert (
        api_as(actors.CONSUL_NOGALES)
        .get(f"/repatriations?reception_point=nogales&day={local_day}")
        .json()["items"]
        == []
    )


def test_etag_answers_304_when_unchanged(api_as):
    api = api_as(actors.BORDER_TUCSON)
    first = api.get("/agreements")
    assert first.status_code == 200
    assert api.get("/agreements", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@override_settings(ENLACE_API_RATE="3/min")
def test_rate_limit_is_a_429_with_retry_after(api_as):
    api = api_as(actors.BORDER_TUCSON)
    codes = [api.get("/reference/ports").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_bilateral_handover_through_the_api(api_as):
    border, inm = api_as(actors.BORDER_TUCSON), api_as(actors.INM_NOGALES)
    _submit(border)
    repatriation = Repatriation.objects.filter(reception_point_id="nogales").order_by("pk")[0]
    body = {"receiving_officer": actors.INM_NOGALES.username,
            "belongings": [{"description": "mochila", "quantity": 1}]}  # fmt: skip
    # Recorded now, far from the manifest's planned hour: the API asks why, as the form does.
    refused = border.post(f"/repatriations/{repatriation.pk}/handover", body)
    assert refused.status_code == 422, refused.content
    assert refused.json()["errors"][0]["field"] == "body.timing_reason"
    assert not HandoverReceipt.objects.filter(repatriation=repatriation).exists()
    at_the_hour = {**body, "handed_over_at": repatriation.scheduled_at.isoformat()}
    offer = border.post(f"/repatriations/{repatriation.pk}/handover", at_the_hour)
    assert offer.status_code == 201, offer.content
    assert offer.json()["document"]["timing_reason"] == ""
    other = Repatriation.objects.filter(reception_point_id="nogales").order_by("pk")[1]
    reason = {**body, "timing_reason": "bus delayed at the checkpoint"}
    late = border.post(f"/repatriations/{other.pk}/handover", reason)
    assert late.status_code == 201, late.content
    assert late.json()["document"]["timing_reason"] == "bus delayed at the checkpoint"
    receipt_id = offer.json()["receipt_id"]
    assert border.post(f"/repatriations/receipts/{receipt_id}/confirm").status_code == 403
    confirmed = inm.post(f"/repatriations/receipts/{receipt_id}/confirm")
    assert confirmed.json()["status"] == "confirmed"
    file = inm.get(f"/repatriations/receipts/{receipt_id}/file")
    assert receipt_verify(file.content).ok
    page = border.get(f"/repatriations/receipts/{receipt_id}/print")
    assert page["Content-Type"].startswith("text/html")
    assert b'lang="es-MX"' in page.content
    assert (
        api_as(actors.CONSUL_NOGALES).get(f"/repatriations/receipts/{receipt_id}").status_code
        == 404
    )


def test_openapi_document_is_committed_and_current():
    from pathlib import Path

    from enlace.api.api import api

    committed = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
    current = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    assert json.loads(committed.read_text(encoding="utf-8")) == current
