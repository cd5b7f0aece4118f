"""Plan pages: propose a plan for a stored manifest, review it, accept it. Reads through
the scoped, audited selectors; writes through ``services`` (which check the capability and
that the manifest is in the officer's scope)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.accounts.models import User
from enlace.repatriation.selectors import access_manifest

from .messages import OUTDATED_MESSAGES
from .models import Plan, PlanStatus
from .review import plan_gap, plan_groups, plan_review
from .selectors import plan_get
from .services import (
    PlanOutdatedError,
    PlanStateError,
    plan_accept,
    plan_accept_permitted,
    plan_outdated,
    plan_propose,
    plan_propose_permitted,
)

MAX_ID = 2**62


class SignedInRequest(HttpRequest):
    """What a ``@policy`` naming capabilities lets in: a request of a signed-in user.
    (One such class belongs in ``enlace.access.policy``; see the issue 13 report.)"""

    user: User


def _plan(request: SignedInRequest, plan_id: int) -> Plan:
    if not 0 < plan_id < MAX_ID:
        raise Http404
    return plan_get(user=request.user, plan_id=plan_id)


@policy(Capability.PLAN_PROPOSE)
@require_POST
def plan_propose_view(request: SignedInRequest, manifest_id: str) -> HttpResponse:
    manifest = access_manifest(user=request.user, manifest_id=manifest_id)
    try:
        plan = plan_propose(actor=request.user, manifest=manifest)
    except PlanStateError:
        messages.error(request, _("This manifest cannot be planned."))
        return redirect("repatriation:manifest-detail", manifest_id=manifest.manifest_id)
    messages.success(
        request,
        _("Plan proposed: %(planned)s rows planned, %(unplanned)s not planned. Review it below.")
        % {"planned": plan.planned_count, "unplanned": plan.unplanned_count},
    )
    return redirect("planning:plan-detail", plan_id=plan.pk)


@policy(Capability.MANIFEST_READ)
@require_GET
def plan_detail_view(request: SignedInRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    units, units_total = plan_review(plan)
    gap = plan_gap(plan)
    outdated = plan_outdated(plan)
    context = {
        "plan": plan,
        "manifest": plan.manifest,
        "units": units,
        "groups": plan_groups(units),
        "units_total": units_total,
        "gap_percent": None if gap is None else f"{gap * 100:.2f}",
        "superseded": plan.status == PlanStatus.SUPERSEDED,
        "can_accept": plan.status == PlanStatus.PROPOSED
        and outdated is None
        and plan_accept_permitted(actor=request.user, plan=plan),
        "outdated": OUTDATED_MESSAGES[outdated.value] if outdated else "",
        "can_propose": outdated is not None
        and plan_propose_permitted(actor=request.user, manifest=plan.manifest),
    }
    return render(request, "planning/plan_detail.html", context)


@policy(Capability.PLAN_ACCEPT)
@require_POST
def plan_accept_view(request: SignedInRequest, plan_id: int) -> HttpResponse:
    plan = _plan(request, plan_id)
    if request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("To accept the plan, tick “I have reviewed this plan” first. Nothing was changed."),
        )
        return redirect("planning:plan-detail", plan_id=plan.pk)
    try:
        plan = plan_accept(actor=request.user, plan=plan)
    except PlanOutdatedError as error:
        messages.error(
            request,
            _("The plan was not accepted. %(why)s")
            % {"why": OUTDATED_MESSAGES.get(str(error), "")},
        )
        return redirect("planning:plan-detail", plan_id=plan.pk)
    except PlanStateError:
        messages.error(request, _("Only a proposed plan can be accepted. Nothing was changed."))
        return redirect("planning:plan-detail", plan_id=plan.pk)
    messages.success(
        request,
        _("Plan accepted: %(count)s handovers are scheduled and the receiving side is notified.")
        % {"count": plan.planned_count},
    )
    return redirect("planning:plan-detail", plan_id=plan.pk)
