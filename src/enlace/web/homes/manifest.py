"""The manifest page: a stored manifest with its findings (``repatriation``) and its plans
(``planning``), assembled here because ``repatriation`` sits below ``planning``. The
page's template is ``repatriation``'s; planning's part comes in as a section it includes
(``planning/partials/_manifest_plans.html``).

Served as ``repatriation:manifest-detail`` (``/manifests/<manifest_id>/``): the project's
URLconf adds it to the ``repatriation`` namespace."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.accounts.models import User
from enlace.planning.selectors import plan_list
from enlace.planning.services import plan_propose_permitted
from enlace.repatriation.findings import findings_page
from enlace.repatriation.models import ManifestStatus
from enlace.repatriation.selectors import manifest_get

PLANS_SECTION = "planning/partials/_manifest_plans.html"


class SignedInRequest(HttpRequest):
    """What a ``@policy`` naming capabilities lets in: a request of a signed-in user.
    (One such class belongs in ``enlace.access.policy``; see the issue 13 report.)"""

    user: User


def manifest_page(*, user: User, manifest_id: str, params: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``repatriation/manifest_detail.html``; 404 for a manifest out of the
    user's scope, as for a missing one (the read is audited)."""
    manifest, rows = manifest_get(user=user, manifest_id=manifest_id)
    return {
        "manifest": manifest,
        "sections": [PLANS_SECTION],
        "plans": plan_list(user=user, manifest=manifest),
        "can_propose": manifest.status != ManifestStatus.ACCEPTED
        and plan_propose_permitted(actor=user, manifest=manifest),
        **findings_page(rows, params.get("severity", "")),
    }


@policy(Capability.MANIFEST_READ)
@require_GET
def manifest_detail_view(request: SignedInRequest, manifest_id: str) -> HttpResponse:
    context = manifest_page(user=request.user, manifest_id=manifest_id, params=request.GET)
    return render(request, "repatriation/manifest_detail.html", context)
