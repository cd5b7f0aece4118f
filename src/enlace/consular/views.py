"""The consular notification pages: the list, one notification, and its steps as small
POST forms. Without JavaScript a step redirects back (to ``next`` or the notification);
with htmx (``HX-Request``) it answers with the notification's fragment, swapped in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.accounts.requests import SignedInRequest
from enlace.core import clock

from . import selectors, services
from .forms import AnswerForm, InterviewForm, OfferForm, first_error
from .models import NotificationStatus
from .presentation import custody_fill, held_zone, item_build, steps_of

PAGE = 50
ITEM = "consular/partials/_notification_item.html"


CHANGED = "consular-changed"  # the htmx event after a step is taken in place


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target and safe else fallback


@policy(Capability.CONSULAR_OFFER, Capability.CONSULAR_ATTEND)
@require_GET
def notification_list_view(request: SignedInRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in NotificationStatus.values else ""
    overdue = request.GET.get("overdue") == "1"
    after = request.GET.get("after", "")
    after_id = int(after) if after.isdigit() and len(after) < 18 else 0
    rows = selectors.notification_list(user=request.user, status=status, overdue=overdue,
                                       after_id=after_id, limit=PAGE + 1)  # fmt: skip
    now = clock.now()
    items = custody_fill([item_build(request.user, n, now=now) for n in rows[:PAGE]])
    context = {"items": items, "status": status, "overdue": overdue,
               "statuses": NotificationStatus.choices,
               "may_offer": selectors.may_offer(request.user),
               "next_after": items[-1].notification.pk if len(rows) > PAGE else None}  # fmt: skip
    return render(request, "consular/notification_list.html", context)


def _detail(request: SignedInRequest, notification_id: int, **item: Any) -> HttpResponse:
    """The notification page (status 400 when it carries a form's errors)."""
    notification = selectors.notification_get(user=request.user, notification_id=notification_id)
    built = custody_fill([item_build(request.user, notification, **item)])[0]
    built.steps = steps_of(notification)
    status = 400 if item.get("error") else 200
    return render(request, "consular/notification_detail.html", {"item": built}, status=status)


@policy(Capability.CONSULAR_OFFER, Capability.CONSULAR_ATTEND)
@require_GET
def notification_detail_view(request: SignedInRequest, notification_id: int) -> HttpResponse:
    return _detail(request, notification_id)


def _done(
    request: SignedInRequest, notification_id: int, message: str, **item: Any
) -> HttpResponse:
    """Answer a step: the fragment (htmx) or a redirect with a message; errors re-render."""
    error = item.get("error", "")
    if _htmx(request):
        notification = selectors.notification_get(
            user=request.user, notification_id=notification_id
        )
        built = custody_fill([item_build(request.user, notification, **item)])[0]
        context = {"item": built, "message": error or message, "oob": True,
                   "next": _next(request, request.path)}  # fmt: skip
        response = render(request, ITEM, context)
        if not error:
            # The page's queue and counts fetch themselves again (see home_consular.html).
            response["HX-Trigger"] = CHANGED
        return response
    if error:
        return _detail(request, notification_id, **item)
    messages.success(request, message)
    return redirect(_next(request, reverse("consular:notification-detail", args=[notification_id])))


def _step(request: SignedInRequest, notification_id: int, run: Callable[[], Any], message: str,
          **item: Any) -> HttpResponse:  # fmt: skip
    # The notification must be visible first: out of scope answers 404, like missing.
    selectors.notification_get(user=request.user, notification_id=notification_id)
    try:
        run()  # a step the user's role may not take: PermissionDenied, 403
    except services.NotificationStateError as exc:
        return _done(request, notification_id, message, error=str(exc.message), **item)
    return _done(request, notification_id, message)


@policy(Capability.CONSULAR_ATTEND)
@require_POST
def notification_acknowledge_view(request: SignedInRequest, notification_id: int) -> HttpResponse:
    def run() -> Any:
        return services.notification_acknowledge(actor=request.user,
                                                 notification_id=notification_id)  # fmt: skip

    return _step(request, notification_id, run, _("The notification was acknowledged."))


@policy(Capability.CONSULAR_OFFER)
@require_POST
def notification_notify_view(request: SignedInRequest, notification_id: int) -> HttpResponse:
    def run() -> Any:
        return services.notification_notify(actor=request.user, notification_id=notification_id)

    return _step(request, notification_id, run, _("The consulate was notified."))


@policy(Capability.CONSULAR_OFFER)
@require_POST
def notification_answer_view(request: SignedInRequest, notification_id: int) -> HttpResponse:
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _done(request, notification_id, "", error=first_error(form))

    def run() -> Any:
        return services.notification_answer(
            actor=request.user, notification_id=notification_id,
            requested=form.cleaned_data["answer"] == "requested",
        )  # fmt: skip

    return _step(request, notification_id, run, _("The national's answer was recorded."))


@policy(Capability.CONSULAR_ATTEND)
@require_POST
def notification_interview_view(request: SignedInRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_get(user=request.user, notification_id=notification_id)
    form = InterviewForm(request.POST, prefix=f"n{notification_id}")
    with timezone.override(held_zone(notification)):
        valid = form.is_valid()
    if not valid:
        return _done(request, notification_id, "", error=first_error(form), interview_form=form)
    data = form.cleaned_data

    def run() -> Any:
        return services.notification_interview(
            actor=request.user, notification_id=notification_id, mode=data["mode"],
            follow_up=data["follow_up"], note=data["note"], at=data["at"],
        )  # fmt: skip

    return _step(request, notification_id, run, _("The interview was recorded."),
                 interview_form=form)  # fmt: skip


@policy(Capability.CONSULAR_OFFER)
@require_http_methods(["GET", "POST"])
def notification_offer_view(
    request: SignedInRequest, encounter_id: int | None = None
) -> HttpResponse:
    """A US officer: the encounters awaiting an offer, or the offer form for one."""
    if encounter_id is None:
        rows = selectors.encounter_offerable_list(user=request.user)
        return render(request, "consular/notification_offer.html", {"encounters": rows})
    encounter = selectors.encounter_for_offer_get(user=request.user, encounter_id=encounter_id)
    zone = (encounter.custody_office or encounter.office).time_zone or "UTC"
    form = OfferForm(request.POST or None, initial={"consulate": encounter.consulate_id})
    if request.method == "POST":
        with timezone.override(zone):
            valid = form.is_valid()
        if valid:
            try:
                offered = services.notification_offer(
                    actor=request.user, encounter_id=encounter.pk,
                    consulate=form.cleaned_data["consulate"].pk, at=form.cleaned_data["at"],
                )  # fmt: skip
            except services.NotificationStateError as exc:
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("The offer of consular notification was recorded."))
                return redirect("consular:notification-detail", offered.pk)
    context = {"encounter": encounter, "form": form, "zone": zone}
    return render(request, "consular/notification_offer.html", context,
                  status=400 if form.errors else 200)  # fmt: skip
