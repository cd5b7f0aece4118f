"""Handover pages: the delivering officer records a handover, both sides read the receipt,
the named receiving officer confirms it (a plain POST, or htmx updating one row)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enlace.access import Actor, Capability
from enlace.access.policy import policy
from enlace.accounts.models import User
from enlace.repatriation.models import Repatriation

from . import selectors
from .arrivals import arrival_of
from .forms import HandoverOfferForm
from .models import HandoverReceipt, ReceiptStatus
from .presentation import receipt_html
from .services import (
    HandoverStateError,
    handover_confirm,
    handover_offer,
    handover_offer_family,
)
from .worklist import Show, family_to_record, handover_worklist


class SignedInRequest(HttpRequest):
    """What a ``@policy`` naming capabilities lets in: a request of a signed-in user.
    (One such class belongs in ``enlace.access.policy``; see the issue 13 report.)"""

    user: User


@policy(Capability.HANDOVER_DELIVER)
@require_http_methods(["GET", "POST"])
def handover_offer_view(request: SignedInRequest, repatriation_id: int) -> HttpResponse:
    user = request.user
    repatriation = selectors.repatriation_for_delivery_get(
        user=user, repatriation_id=repatriation_id
    )
    officers = selectors.receiving_officer_list(repatriation=repatriation)
    existing = getattr(repatriation, "receipt", None)
    family = [] if existing else family_to_record(user=user, repatriation=repatriation)
    form = HandoverOfferForm(
        request.POST if request.method == "POST" else None, officers=officers,
        time_zone=repatriation.reception_point.time_zone,
        scheduled_at=repatriation.scheduled_at, family=family,
    )  # fmt: skip
    receipts = _offer(form, user, repatriation) if form.is_valid() else []
    if len(receipts) > 1:
        messages.success(
            request, _("Handovers recorded. The receiving officer can now confirm them.")
        )
        return render(request, "receipts/handover_family_done.html", {"receipts": receipts})
    if receipts:
        messages.success(request, _("Handover recorded. The receiving officer can now confirm it."))
        return redirect("receipts:receipt-detail", receipt_id=receipts[0].receipt_id)
    context = {"repatriation": repatriation, "form": form, "receipt": existing,
               "officers": officers, "arrival": arrival_of(repatriation, user)}  # fmt: skip
    return render(
        request, "receipts/handover_offer.html", context, status=400 if form.errors else 200
    )


def _offer(
    form: HandoverOfferForm, user: User, repatriation: Repatriation
) -> list[HandoverReceipt]:
    """Sign the handover (with the family members checked, all or none); a refusal becomes
    the form's error and nothing is written."""
    data = dict(form.cleaned_data)
    members = data.pop("family", [])
    try:
        if members:
            return handover_offer_family(
                actor=user, repatriation=repatriation, members=members, **data
            )
        return [handover_offer(actor=user, repatriation=repatriation, **data)]
    except PermissionDenied:
        refusal = _("This officer may not receive this person.")
        if members:
            refusal = _("This officer may not receive one of the persons checked.")
        form.add_error("receiving_officer", refusal)
    except HandoverStateError:
        state = _("This handover is already signed or not scheduled.")
        if members:
            state = _(
                "One of these handovers is already signed or no longer scheduled: nothing "
                "was recorded. Reload the page."
            )
        form.add_error(None, state)
    return []


MANIFEST_ID_MAX = 120


@policy(Capability.HANDOVER_DELIVER)
@require_GET
def handover_list_view(request: SignedInRequest) -> HttpResponse:
    """The office's handovers under one filter (``?show=``), of one manifest
    (``?manifest=``), 25 a page (``?page=``); the links keep the filters."""
    show = request.GET.get("show", Show.TO_RECORD)
    show = show if show in Show.values else Show.TO_RECORD
    manifest_id = request.GET.get("manifest", "").strip()[:MANIFEST_ID_MAX]
    worklist = handover_worklist(
        user=request.user, show=show, manifest_id=manifest_id, page=request.GET.get("page", 1)
    )
    kept = {"manifest": manifest_id} if manifest_id else {}
    filters = [
        {"key": key, "label": label, "count": worklist.counts[key], "current": key == show,
         "url": "?" + urlencode({**kept, "show": key})}
        for key, label in Show.choices
    ]  # fmt: skip
    context = {
        "worklist": worklist, "filters": filters, "show": Show(show), "manifest_id": manifest_id,
        "page_query": urlencode({**kept, "show": show}),
    }  # fmt: skip
    return render(request, "receipts/handover_list.html", context)


@policy(Capability.HANDOVER_DELIVER, Capability.HANDOVER_RECEIVE)
@require_GET
def receipt_detail_view(request: SignedInRequest, receipt_id: str) -> HttpResponse:
    receipt = selectors.receipt_get(user=request.user, receipt_id=receipt_id)
    context = {
        "receipt": receipt, "doc": receipt.document,
        "handed_over_at": datetime.fromisoformat(receipt.document["handed_over_at"]),
        "scheduled_at": receipt.repatriation.scheduled_at,
        "can_confirm": _can_confirm(receipt, request.user),
    }  # fmt: skip
    return render(request, "receipts/receipt_detail.html", context)


@policy(Capability.HANDOVER_DELIVER, Capability.HANDOVER_RECEIVE)
@require_GET
def receipt_print_view(request: SignedInRequest, receipt_id: str) -> HttpResponse:
    receipt = selectors.receipt_get(user=request.user, receipt_id=receipt_id)
    return HttpResponse(receipt_html(receipt), content_type="text/html; charset=utf-8")


@policy(Capability.HANDOVER_DELIVER, Capability.HANDOVER_RECEIVE)
@require_GET
def receipt_file_view(request: SignedInRequest, receipt_id: str) -> HttpResponse:
    receipt = selectors.receipt_get(user=request.user, receipt_id=receipt_id)
    response = HttpResponse(selectors.receipt_file(receipt), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="receipt-{receipt.receipt_id}.json"'
    return response


@policy(Capability.HANDOVER_RECEIVE)
@require_POST
def handover_confirm_view(request: SignedInRequest, receipt_id: str) -> HttpResponse:
    receipt = selectors.receipt_get(user=request.user, receipt_id=receipt_id)
    level, text = messages.SUCCESS, _("Handover confirmed: both officers have signed the receipt.")
    try:
        receipt = handover_confirm(actor=request.user, receipt=receipt)
    except PermissionDenied:
        level, text = (
            messages.ERROR,
            _("Only the named receiving officer can confirm this handover."),
        )
    except HandoverStateError:
        level, text = messages.WARNING, _("This receipt is already confirmed.")
    if request.headers.get("HX-Request") == "true":
        return _status_fragment(request, receipt, text)
    messages.add_message(request, level, text)
    return redirect(_next_url(request, receipt))


def _can_confirm(receipt: HandoverReceipt, user: Actor) -> bool:
    return receipt.status == ReceiptStatus.OFFERED and receipt.receiving_officer_id == user.pk


def _status_fragment(request: SignedInRequest, receipt: HandoverReceipt, text: str) -> HttpResponse:
    """The row's status cell, and the page's live region (out of band) saying what happened."""
    repatriation = selectors.arrival_get(user=request.user, repatriation_id=receipt.repatriation_id)
    context = {"arrival": arrival_of(repatriation, request.user), "live_message": text,
               "next": _next_url(request, receipt)}  # fmt: skip
    return render(request, "receipts/partials/_arrival_status.html", context)


def _next_url(request: SignedInRequest, receipt: HandoverReceipt) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("receipts:receipt-detail", kwargs={"receipt_id": receipt.receipt_id})
