"""The manifest page: a stored manifest with its findings (``repatriation``) and its plans
(``planning``), assembled here because ``repatriation`` sits below ``planning``. The
page's template is ``repatriation``'s; planning's part comes in as a section it includes
(``planning/partials/_manifest_plans.html``).

Served as ``repatriation:manifest-detail`` (``/manifests/<manifest_id>/``): the project's
URLconf adds it to the ``repatriation`` namespace."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from enlace.access import Capability
from enlace.access.policy import policy
from enlace.accounts.models import User
from enlace.planning.roster import finding_names, manifest_roster
from enlace.planning.selectors import plan_list
from enlace.planning.services import plan_propose_permitted
from enlace.repatriation.findings import FindingRow, findings_page
from enlace.repatriation.models import ManifestStatus
from enlace.repatriation.selectors import manifest_get

PLANS_SECTION = "planning/partials/_manifest_plans.html"
PERSONS_SECTION = "planning/partials/_manifest_persons.html"


class SignedInRequest(HttpRequest):
    """What a ``@policy`` naming capabilities lets in: a request of a signed-in user.
    (One such class belongs in ``enlace.access.policy``; see the issue 13 report.)"""

    user: User


@dataclass(frozen=True)
class NamedFinding:
    """A finding with the full name of the person of its record ("" for none)."""

    finding: FindingRow
    person: str

    def __getattr__(self, name: str) -> Any:
        if name == "finding":  # not yet set (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.finding, name)


def manifest_page(*, user: User, manifest_id: str, params: Mapping[str, str]) -> dict[str, Any]:
    """The context of ``repatriation/manifest_detail.html``; 404 for a manifest out of the
    user's scope, as for a missing one (the read is audited, and covers the persons listed
    on it and named in its findings)."""
    manifest, rows = manifest_get(user=user, manifest_id=manifest_id)
    findings = findings_page(rows, params.get("severity", ""))
    names = finding_names(manifest, {row.record_id for row in findings["rows"]})
    findings["rows"] = [NamedFinding(row, names.get(row.record_id, "")) for row in findings["rows"]]
    return {
        "manifest": manifest,
        "sections": [PLANS_SECTION, PERSONS_SECTION],
        "persons": manifest_roster(manifest=manifest, page=params.get("page", 1)),
        "plans": plan_list(user=user, manifest=manifest),
        "can_propose": manifest.status != ManifestStatus.ACCEPTED
        and plan_propose_permitted(actor=user, manifest=manifest),
        "named": True,
        **findings,
    }


@policy(Capability.MANIFEST_READ)
@require_GET
def manifest_detail_view(request: SignedInRequest, manifest_id: str) -> HttpResponse:
    context = manifest_page(user=request.user, manifest_id=manifest_id, params=request.GET)
    return render(request, "repatriation/manifest_detail.html", context)
