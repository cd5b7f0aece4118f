"""Repatriations by reception point and day; handover offer and confirm; receipts."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from enlace.access import Capability, page_in_scope
from enlace.access.policy import policy
from enlace.accounts.models import User
from enlace.core import clock
from enlace.receipts.models import HandoverReceipt
from enlace.receipts.presentation import receipt_html
from enlace.receipts.selectors import receipt_file, receipt_get, repatriation_for_delivery_get
from enlace.receipts.services import (
    HandoverStateError,
    handover_confirm,
    handover_offer,
    timing_reason_needed,
)
from enlace.reference.models import ReceptionPoint
from enlace.repatriation.models import Repatriation

from ..http import ApiRequest, cursor_decode, cursor_encode
from ..problems import Problem, ProblemCode, ProblemError, conflict_on
from ..schemas import HandoverOfferIn, ReceiptOut, RepatriationPage
from .persons import person_out

router = Router(tags=["repatriations"])
ERRORS = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}


def _out(r: Repatriation) -> dict[str, Any]:
    record = r.manifest_record
    receipt = getattr(r, "receipt", None)
    return {
        "id": r.pk, "person": person_out(r.person), "port": r.port_id,
        "reception_point": r.reception_point_id, "scheduled_at": r.scheduled_at,
        "status": r.status, "unaccompanied_minor": r.unaccompanied_minor,
        "manifest_id": record.manifest.manifest_id if record else None,
        "record_id": record.record_id if record else None,
        "receipt_id": str(receipt.receipt_id) if receipt else None,
    }  # fmt: skip


@router.get(
    "",
    response={200: RepatriationPage, **ERRORS},
    summary="Scheduled repatriations at a reception point on a local day",
)
@policy(Capability.PERSON_READ)
def repatriation_index(
    request: ApiRequest, reception_point: str, day: date, cursor: str | None = None,
    limit: int = 100,
) -> Any:  # fmt: skip
    point = ReceptionPoint.objects.filter(code=reception_point).first()
    if point is None:
        raise Http404
    start = datetime.combine(day, time.min, tzinfo=ZoneInfo(point.time_zone))
    rows = Repatriation.objects.filter(
        reception_point=point, scheduled_at__gte=start, scheduled_at__lt=start + timedelta(days=1)
    ).select_related("person", "manifest_record__manifest", "receipt")
    limit = max(1, min(limit, 500))
    page = page_in_scope(
        request.auth,
        rows,
        limit=limit + 1,
        after_id=cursor_decode(cursor),
    )
    more, page = len(page) > limit, page[:limit]
    return {"items": [_out(r) for r in page],
            "next_cursor": cursor_encode(page[-1].pk) if more else None}  # fmt: skip


def _receipt_out(receipt: HandoverReceipt) -> dict[str, Any]:
    return {
        "receipt_id": str(receipt.receipt_id), "status": receipt.status,
        "repatriation_id": receipt.repatriation_id, "document": receipt.document,
        "signatures": receipt.signatures(),
    }  # fmt: skip


@router.post(
    "/{repatriation_id}/handover",
    response={201: ReceiptOut, **ERRORS},
    summary="Delivering officer: sign the handover to a named receiving officer",
)
@policy(Capability.HANDOVER_DELIVER)
def repatriation_handover(
    request: ApiRequest, repatriation_id: int, payload: HandoverOfferIn
) -> Any:
    user = request.auth
    if not 0 < repatriation_id < 2**62:
        raise Http404
    repatriation = repatriation_for_delivery_get(user=user, repatriation_id=repatriation_id)
    receiving = User.objects.select_related("office").filter(
        username=payload.receiving_officer).first()  # fmt: skip
    if receiving is None:
        raise ProblemError(422, ProblemCode.INVALID, _("No such receiving officer."),
                         [{"field": "body.receiving_officer", "code": "unknown",
                           "message": _("No such receiving officer.")}])  # fmt: skip
    signed = _("This handover is already signed or not scheduled.")
    at = payload.handed_over_at or clock.now()
    if not payload.timing_reason.strip() and timing_reason_needed(
        planned=repatriation.scheduled_at, handed_over_at=at
    ):
        far = _("Say why the handover time is far from the planned time.")
        raise ProblemError(422, ProblemCode.INVALID, far,
                           [{"field": "body.timing_reason", "code": "required",
                             "message": far}])  # fmt: skip
    with conflict_on(HandoverStateError, message=signed):
        receipt = handover_offer(
            actor=user, repatriation=repatriation, receiving_officer=receiving,
            handed_over_at=at, belongings=[b.dict() for b in payload.belongings],
            remarks=payload.remarks, timing_reason=payload.timing_reason.strip(),
        )  # fmt: skip
    return Status(201, _receipt_out(receipt))


@router.post(
    "/receipts/{receipt_id}/confirm",
    response={200: ReceiptOut, **ERRORS},
    summary="Receiving officer: sign the receipt; the handover is confirmed",
)
@policy(Capability.HANDOVER_RECEIVE)
def receipt_confirm(request: ApiRequest, receipt_id: str) -> Any:
    user = request.auth
    receipt = receipt_get(user=user, receipt_id=receipt_id)
    with conflict_on(HandoverStateError, message=_("This receipt is already confirmed.")):
        receipt = handover_confirm(actor=user, receipt=receipt)
    return _receipt_out(receipt)


@router.get("/receipts/{receipt_id}", response={200: ReceiptOut, **ERRORS}, summary="A receipt")
@policy(Capability.PERSON_READ)
def receipt_detail(request: ApiRequest, receipt_id: str) -> Any:
    return _receipt_out(receipt_get(user=request.auth, receipt_id=receipt_id))


@router.get(
    "/receipts/{receipt_id}/file",
    response={200: None, **ERRORS},
    summary="The signed receipt file (canonical JSON, for `enlace receipt verify`)",
)
@policy(Capability.PERSON_READ)
def receipt_download(request: ApiRequest, receipt_id: str) -> HttpResponse:
    receipt = receipt_get(user=request.auth, receipt_id=receipt_id)
    response = HttpResponse(receipt_file(receipt), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="receipt-{receipt.receipt_id}.json"'
    return response


@router.get(
    "/receipts/{receipt_id}/print",
    response={200: None, **ERRORS},
    summary="The receipt as a printable bilingual page (HTML)",
)
@policy(Capability.PERSON_READ)
def receipt_print(request: ApiRequest, receipt_id: str) -> HttpResponse:
    receipt = receipt_get(user=request.auth, receipt_id=receipt_id)
    return HttpResponse(receipt_html(receipt), content_type="text/html; charset=utf-8")
