"""Manifests: submit (idempotent), list, status, findings, plan, accept."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Header, Router, Status

from enlace.access import Capability, page_in_scope
from enlace.access.policy import policy
from enlace.accounts.models import User
from enlace.planning.models import Plan
from enlace.planning.selectors import plan_get
from enlace.planning.services import PlanStateError, plan_accept, plan_propose
from enlace.repatriation.intake import ManifestConflictError, ManifestRejectedError, manifest_submit
from enlace.repatriation.messages import error_dict
from enlace.repatriation.models import Manifest
from enlace.repatriation.selectors import access_manifest, manifest_get

from ..http import ApiRequest, cursor_decode, cursor_encode
from ..idempotency import idempotent_answer
from ..problems import Problem, ProblemCode, ProblemError, conflict_on
from ..schemas import FindingList, ManifestIn, ManifestOut, ManifestPage, PlanOut

router = Router(tags=["manifests"])
ERRORS = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    409: Problem,
    422: Problem,
    429: Problem,
}


def _out(manifest: Manifest) -> dict[str, Any]:
    return {
        "manifest_id": manifest.manifest_id, "sending_office": manifest.sending_office_id,
        "status": manifest.status, "submitted_at": manifest.submitted_at,
        "record_count": manifest.record_count, "blocking_count": manifest.blocking_count,
        "warning_count": manifest.warning_count,
    }  # fmt: skip


def _spanish() -> bool:
    return (get_language() or "").startswith("es")


def _submit(user: User, payload: ManifestIn) -> tuple[int, dict[str, Any]]:
    """Submit through the service (which refuses an officer of another office: 403);
    answer a rejected or conflicting manifest as a problem."""
    try:
        result = manifest_submit(actor=user, content=payload.content.encode("utf-8"),
                                 source_name=payload.source_name)  # fmt: skip
    except ManifestRejectedError as rejected:
        errors = [
            {"field": f"line {e['line']}: {e['field'] or ''}".strip(),
             "message": e["message_es"] if _spanish() else e["message_en"],
             "code": e["code"]}
            for e in map(error_dict, rejected.errors)
        ]  # fmt: skip
        raise ProblemError(
            422,
            ProblemCode.MANIFEST_REJECTED,
            _("The manifest cannot be read; nothing was stored."),
            errors,
        ) from None
    except ManifestConflictError:
        raise ProblemError(
            409, ProblemCode.CONFLICT, _("A different manifest is already stored under this id.")
        ) from None
    return (201 if result.created else 200), _out(result.manifest)


@router.post(
    "",
    response={200: ManifestOut, 201: ManifestOut, **ERRORS},
    summary="Submit a manifest (idempotent with Idempotency-Key)",
)
@policy(Capability.MANIFEST_SUBMIT)
def manifest_create(
    request: ApiRequest,
    payload: ManifestIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=1, max_length=200),
) -> Status[Any]:
    status, body = idempotent_answer(
        user=request.auth, key=idempotency_key, body=payload.dict(),
        answer=lambda: _submit(request.auth, payload),
    )  # fmt: skip
    return Status(status, body)


@router.get("", response={200: ManifestPage, **ERRORS}, summary="The office's manifests")
@policy(Capability.MANIFEST_READ)
def manifest_index(request: ApiRequest, cursor: str | None = None, limit: int = 50) -> Any:
    limit = max(1, min(limit, 200))
    page = page_in_scope(
        request.auth,
        Manifest.objects.all(),
        limit=limit + 1,
        after_id=cursor_decode(cursor),
    )
    more = len(page) > limit
    page = page[:limit]
    return {"items": [_out(m) for m in page],
            "next_cursor": cursor_encode(page[-1].pk) if more else None}  # fmt: skip


@router.get("/{manifest_id}", response={200: ManifestOut, **ERRORS}, summary="Manifest status")
@policy(Capability.MANIFEST_READ)
def manifest_detail(request: ApiRequest, manifest_id: str) -> Any:
    manifest, _findings = manifest_get(user=request.auth, manifest_id=manifest_id)
    return _out(manifest)


@router.get(
    "/{manifest_id}/findings",
    response={200: FindingList, **ERRORS},
    summary="Compliance findings, in the caller's language",
)
@policy(Capability.MANIFEST_READ)
def manifest_findings(request: ApiRequest, manifest_id: str) -> Any:
    manifest, findings = manifest_get(user=request.auth, manifest_id=manifest_id)
    return {"manifest_id": manifest.manifest_id, "items": [f.__dict__ for f in findings]}


def _plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk, "manifest_id": plan.manifest.manifest_id, "status": plan.status,
        "planned_count": plan.planned_count, "unplanned_count": plan.unplanned_count,
        "optimal": plan.optimal,
        "rows": [
            {"record_id": row.record.record_id, "status": row.status, "port": row.port_id,
             "reception_point": row.reception_point_id, "handover_at": row.handover_at,
             "reason": row.reason}
            for row in plan.rows.select_related("record").order_by("record__line")
        ],
    }  # fmt: skip


@router.post(
    "/{manifest_id}/plans",
    response={201: PlanOut, **ERRORS},
    summary="Propose a plan for the manifest",
)
@policy(Capability.PLAN_PROPOSE)
def manifest_plan(request: ApiRequest, manifest_id: str) -> Any:
    manifest = access_manifest(user=request.auth, manifest_id=manifest_id)
    with conflict_on(PlanStateError, message=_("This manifest cannot be planned.")):
        plan = plan_propose(actor=request.auth, manifest=manifest)
    return Status(201, _plan_out(plan))


@router.post(
    "/{manifest_id}/plans/{plan_id}/accept",
    response={200: PlanOut, **ERRORS},
    summary="Accept a proposed plan: its handovers are scheduled",
)
@policy(Capability.PLAN_ACCEPT)
def manifest_plan_accept(request: ApiRequest, manifest_id: str, plan_id: int) -> Any:
    if not 0 < plan_id < 2**62:
        raise Http404
    plan = plan_get(user=request.auth, plan_id=plan_id)
    if plan.manifest.manifest_id != manifest_id:  # the plan of another manifest: not here
        raise Http404
    with conflict_on(PlanStateError, message=_("Only a proposed plan can be accepted.")):
        plan = plan_accept(actor=request.auth, plan=plan)
    return _plan_out(plan)
