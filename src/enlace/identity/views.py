"""The identity review pages: the queue of uncertain pairs, one pair side by side with the
merge preview, the merges (with undo) and the proposed family links.

Thin: reads go through ``selectors`` (scoped, audited; 404 for non-reviewers and for pairs
outside the user's scope), writes through ``services``. Every action is a plain POST and a
redirect, so the pages work without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.accounts.requests import SignedInRequest
from enlace.people.models import Person

from . import selectors, services
from .explanations import candidate_comparison, family_reasons, reason_words
from .forms import CandidateDecisionForm, FamilyDecisionForm
from .models import CandidateStatus, MatchCandidate
from .services.merges import merge_pair_order


def _reasons(candidate: MatchCandidate) -> list[tuple[str, str]]:
    return [reason_words(str(text)) for text in (candidate.reasons or {}).values() if text]


@policy(Capability.IDENTITY_REVIEW)
@require_GET
def candidate_list_view(request: SignedInRequest) -> HttpResponse:
    rows = [(c, _reasons(c)) for c in selectors.candidate_list(user=request.user)]
    return render(request, "identity/candidate_list.html", {"rows": rows})


def _candidate_page(
    request: SignedInRequest, candidate_id: int, form: CandidateDecisionForm, status: int = 200
) -> HttpResponse:
    candidate = selectors.candidate_access(user=request.user, candidate_id=candidate_id)
    context = {
        "candidate": candidate,
        "rows": candidate_comparison(candidate),
        "pending": candidate.status == CandidateStatus.PENDING,
        "form": form,
    }
    return render(request, "identity/candidate_detail.html", context, status=status)


@policy(Capability.IDENTITY_REVIEW)
@require_GET
def candidate_detail_view(request: SignedInRequest, candidate_id: int) -> HttpResponse:
    return _candidate_page(request, candidate_id, CandidateDecisionForm())


def _preview_context(preview: services.MergePreview) -> dict[str, Any]:
    moves = []
    for label, count in preview.moves.items():
        kept = preview.kept.get(label, 0)
        if count or kept:
            name = apps.get_model(label)._meta.verbose_name_plural
            moves.append((name, count, kept))
    fills = []
    for name in preview.fills:
        if name == "birth_date_precision":
            continue
        field = Person._meta.get_field(name)
        value = getattr(preview.absorbed, field.name)
        label = getattr(field, "verbose_name", name)
        fills.append((label, preview.absorbed.birth if name == "birth_date" else value))
    return {"preview": preview, "moves": moves, "fills": fills}


@policy(Capability.IDENTITY_REVIEW)
@require_GET
def candidate_merge_view(request: SignedInRequest, candidate_id: int) -> HttpResponse:
    """Show what merging the pair would do, and ask to confirm (no write)."""
    candidate = selectors.candidate_access(user=request.user, candidate_id=candidate_id)
    if candidate.status != CandidateStatus.PENDING:
        messages.error(request, _("This pair has already been decided."))
        return redirect("identity:candidate-detail", candidate_id)
    try:
        survivor, absorbed = merge_pair_order(candidate.person_a, candidate.person_b)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("identity:candidate-detail", candidate_id)
    preview = services.person_merge_preview(
        actor=request.user, survivor=survivor, absorbed=absorbed
    )
    form = CandidateDecisionForm(initial={"decision": "merge"})
    context = {"candidate": candidate, "form": form, **_preview_context(preview)}
    return render(request, "identity/candidate_merge.html", context)


@policy(Capability.IDENTITY_REVIEW)
@require_POST
def candidate_decide_view(request: SignedInRequest, candidate_id: int) -> HttpResponse:
    form = CandidateDecisionForm(request.POST)
    if not form.is_valid():
        return _candidate_page(request, candidate_id, form, status=400)
    try:
        candidate = services.candidate_decide(
            actor=request.user,
            candidate_id=candidate_id,
            accept=form.accept,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("identity:candidate-detail", candidate_id)
    if not form.accept:
        messages.success(
            request, _("Recorded: two different persons. This pair will not be asked again.")
        )
        return redirect("identity:candidate-list")
    merge = candidate.merges.get(reversed_at__isnull=True)
    messages.success(
        request,
        _("The two records are now one person. You can undo the merge under “Linked records”."),
    )
    return redirect("people:person-detail", merge.survivor_id)


@policy(Capability.IDENTITY_REVIEW)
@require_GET
def merge_list_view(request: SignedInRequest) -> HttpResponse:
    merges = selectors.merge_list(user=request.user)
    return render(request, "identity/merge_list.html", {"merges": merges})


def _next_or(request: SignedInRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and safe else fallback


@policy(Capability.IDENTITY_REVIEW)
@require_POST
def merge_reverse_view(request: SignedInRequest, merge_id: int) -> HttpResponse:
    try:
        services.person_merge_reverse(actor=request.user, merge_id=merge_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The merge was reversed: the two records are separate again."))
    return redirect(_next_or(request, "identity:merge-list"))


def _family_page(request: SignedInRequest, error: str = "", status: int = 200) -> HttpResponse:
    proposals = selectors.family_proposal_list(user=request.user)
    rows = [(p, family_reasons(p.reasons)) for p in proposals]
    context = {"rows": rows, "error": error}
    return render(request, "identity/family_list.html", context, status=status)


@policy(Capability.IDENTITY_REVIEW)
@require_GET
def family_list_view(request: SignedInRequest) -> HttpResponse:
    return _family_page(request)


@policy(Capability.IDENTITY_REVIEW)
@require_POST
def family_decide_view(request: SignedInRequest, proposal_id: int) -> HttpResponse:
    form = FamilyDecisionForm(request.POST)
    if not form.is_valid():
        field = form.fields["decision"].label
        message = f"{field}: {' '.join(str(e) for e in form.errors['decision'])}"
        return _family_page(request, error=message, status=400)
    try:
        services.family_link_decide(actor=request.user, proposal_id=proposal_id, accept=form.accept)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your decision on the family link was recorded."))
    return redirect("identity:family-list")
