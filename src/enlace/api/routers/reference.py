"""Agreements and reference data (read; no personal data)."""

from __future__ import annotations

from typing import Any

from ninja import Router

from enlace.access.policy import policy
from enlace.agreements.models import Agreement
from enlace.reference.models import Port, ReceptionPoint

from ..http import ApiRequest, cursor_decode, cursor_encode
from ..problems import Problem
from ..schemas import AgreementPage, PortOut, ReceptionPointOut

router = Router(tags=["reference"])
ERRORS = {400: Problem, 401: Problem, 422: Problem, 429: Problem}


@router.get("/agreements", response={200: AgreementPage, **ERRORS}, summary="Agreements")
@policy()
def agreement_index(request: ApiRequest, cursor: str | None = None, limit: int = 50) -> Any:
    limit = max(1, min(limit, 200))
    rows = Agreement.objects.filter(pk__gt=cursor_decode(cursor)).order_by("pk")
    page = list(rows.values("pk", "code", "title_en", "title_es", "kind", "status")[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    return {"items": page, "next_cursor": cursor_encode(page[-1]["pk"]) if more else None}


@router.get("/reference/ports", response={200: list[PortOut], **ERRORS}, summary="Ports of entry")
@policy()
def port_index(request: ApiRequest) -> Any:
    return list(Port.objects.order_by("code").values(
        "code", "name", "us_state", "mx_city", "time_zone", "mx_time_zone"))  # fmt: skip


@router.get(
    "/reference/reception-points",
    response={200: list[ReceptionPointOut], **ERRORS},
    summary="Mexican reception points",
)
@policy()
def reception_point_index(request: ApiRequest) -> Any:
    points = ReceptionPoint.objects.order_by("code").prefetch_related("ports")
    return [
        {"code": p.code, "name": p.name, "city": p.city, "state": p.state_id,
         "time_zone": p.time_zone, "interior": p.interior,
         "ports": sorted(port.code for port in p.ports.all())}
        for p in points
    ]  # fmt: skip
