"""Consular notifications (offer → answer → notify → acknowledge → interview) and encounters
in scope."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status

from enlace.access import Capability, page_in_scope
from enlace.access.policy import policy
from enlace.consular.models import ConsularNotification, InterviewMode, NotificationStatus
from enlace.consular.selectors import (
    encounter_for_offer_get,
    notification_clock,
    notification_get,
    notification_list,
)
from enlace.consular.services import (
    NotificationStateError,
    notification_acknowledge,
    notification_answer,
    notification_interview,
    notification_notify,
    notification_offer,
)
from enlace.people.models import Encounter

from ..http import ApiRequest, cursor_decode, cursor_encode
from ..problems import Problem, ProblemCode, ProblemError
from ..schemas import PersonOut
from .persons import person_out

router = Router(tags=["consular notifications"])
encounters = Router(tags=["encounters"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 422: Problem,
          429: Problem}  # fmt: skip


class NotificationOut(Schema):
    id: int
    encounter_id: int
    person: PersonOut
    consulate: str
    status: NotificationStatus
    offered_at: datetime
    answered_at: datetime | None
    notified_at: datetime | None
    acknowledged_at: datetime | None
    interviewed_at: datetime | None = None
    interview_mode: InterviewMode | None = None
    follow_up: bool = Field(False, description="The interview flagged protection follow-up")
    follow_up_note: str = ""
    clock: Literal["notify", "interview"] | None = Field(
        None,
        description="The timed stage: 'notify' (request → consulate notified, 24 h) or "
        "'interview' (notified → interviewed; ENLACE_CONSULAR_INTERVIEW_HOURS, default 24 h)",
    )
    due_at: datetime | None = Field(
        None, description="The timed stage's deadline: notify the consulate by, or interview by"
    )
    overdue: bool = Field(..., description="The open stage is past its deadline")


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None


class OfferIn(Schema):
    encounter_id: int = Field(..., ge=1, le=2**62)
    consulate: str = Field(..., min_length=1, max_length=20)
    at: datetime | None = None


class AnswerIn(Schema):
    requested: bool
    at: datetime | None = None


class StepIn(Schema):
    at: datetime | None = None


class InterviewIn(Schema):
    mode: InterviewMode
    follow_up: bool = False
    note: str = Field("", max_length=200, description="Short; no personal details")
    at: datetime | None = None


class EncounterOut(Schema):
    id: int
    person: PersonOut
    kind: str
    occurred_at: datetime
    office: str
    sector: str | None
    consulate: str | None


class EncounterPage(Schema):
    items: list[EncounterOut]
    next_cursor: str | None


def _out(n: ConsularNotification) -> dict[str, Any]:
    clock = notification_clock(n)
    return {
        "id": n.pk, "encounter_id": n.encounter_id, "person": person_out(n.person),
        "consulate": n.consulate_id, "status": n.status, "offered_at": n.offered_at,
        "answered_at": n.answered_at, "notified_at": n.notified_at,
        "acknowledged_at": n.acknowledged_at, "interviewed_at": n.interviewed_at,
        "interview_mode": n.interview_mode or None, "follow_up": n.follow_up,
        "follow_up_note": n.follow_up_note, "clock": clock.stage or None,
        "due_at": clock.due_at, "overdue": clock.overdue,
    }  # fmt: skip


def _state(step: Callable[[], ConsularNotification]) -> ConsularNotification:
    try:
        return step()
    except NotificationStateError as exc:
        raise ProblemError(409, ProblemCode.CONFLICT, str(exc.message)) from None


def _visible(request: ApiRequest, notification_id: int) -> ConsularNotification:
    if not 0 < notification_id < 2**62:
        raise Http404
    return notification_get(user=request.auth, notification_id=notification_id)


@router.get("", response={200: NotificationPage, **ERRORS}, summary="Notifications in scope")
@policy(Capability.CONSULAR_OFFER, Capability.CONSULAR_ATTEND)
def notification_index(
    request: ApiRequest, status: NotificationStatus | None = None, cursor: str | None = None,
    limit: int = 50,
) -> Any:  # fmt: skip
    limit = max(1, min(limit, 200))
    page = notification_list(
        user=request.auth, status=status or "",
        after_id=cursor_decode(cursor), limit=limit + 1,
    )  # fmt: skip
    more, page = len(page) > limit, page[:limit]
    return {"items": [_out(n) for n in page],
            "next_cursor": cursor_encode(page[-1].pk) if more else None}  # fmt: skip


@router.post("", response={201: NotificationOut, **ERRORS},
             summary="US officer: the national was offered consular notification")  # fmt: skip
@policy(Capability.CONSULAR_OFFER)
def notification_create(request: ApiRequest, payload: OfferIn) -> Any:
    user = request.auth
    encounter_for_offer_get(user=user, encounter_id=payload.encounter_id)
    notification = _state(lambda: notification_offer(
        actor=user, encounter_id=payload.encounter_id, consulate=payload.consulate,
        at=payload.at))  # fmt: skip
    return Status(201, _out(notification))


@router.get("/{notification_id}", response={200: NotificationOut, **ERRORS},
            summary="One notification")  # fmt: skip
@policy(Capability.CONSULAR_OFFER, Capability.CONSULAR_ATTEND)
def notification_detail(request: ApiRequest, notification_id: int) -> Any:
    return _out(_visible(request, notification_id))


@router.post("/{notification_id}/answer", response={200: NotificationOut, **ERRORS},
             summary="US officer: the national requested (or declined) notification")  # fmt: skip
@policy(Capability.CONSULAR_OFFER)
def notification_answer_view(request: ApiRequest, notification_id: int, payload: AnswerIn) -> Any:
    _visible(request, notification_id)
    return _out(_state(lambda: notification_answer(
        actor=request.auth, notification_id=notification_id,
        requested=payload.requested, at=payload.at)))  # fmt: skip


@router.post("/{notification_id}/notify", response={200: NotificationOut, **ERRORS},
             summary="US officer: the consulate was notified")  # fmt: skip
@policy(Capability.CONSULAR_OFFER)
def notification_notify_view(request: ApiRequest, notification_id: int, payload: StepIn) -> Any:
    _visible(request, notification_id)
    return _out(_state(lambda: notification_notify(
        actor=request.auth, notification_id=notification_id, at=payload.at)))  # fmt: skip


@router.post("/{notification_id}/acknowledge", response={200: NotificationOut, **ERRORS},
             summary="Consular officer: the consulate acknowledges the notification")  # fmt: skip
@policy(Capability.CONSULAR_ATTEND)
def notification_acknowledge_view(
    request: ApiRequest, notification_id: int, payload: StepIn
) -> Any:
    _visible(request, notification_id)
    return _out(_state(lambda: notification_acknowledge(
        actor=request.auth, notification_id=notification_id, at=payload.at)))  # fmt: skip


@router.post("/{notification_id}/interview", response={200: NotificationOut, **ERRORS},
             summary="Consular officer: the consular interview (access) took place")  # fmt: skip
@policy(Capability.CONSULAR_ATTEND)
def notification_interview_view(
    request: ApiRequest, notification_id: int, payload: InterviewIn
) -> Any:
    _visible(request, notification_id)
    return _out(_state(lambda: notification_interview(
        actor=request.auth, notification_id=notification_id,
        mode=payload.mode, follow_up=payload.follow_up, note=payload.note,
        at=payload.at)))  # fmt: skip


def _encounter_out(e: Encounter) -> dict[str, Any]:
    return {"id": e.pk, "person": person_out(e.person), "kind": e.kind,
            "occurred_at": e.occurred_at, "office": e.office_id, "sector": e.sector_id,
            "consulate": e.consulate_id}  # fmt: skip


@encounters.get("", response={200: EncounterPage, **ERRORS}, summary="Encounters in scope")
@policy(Capability.PERSON_READ)
def encounter_index(request: ApiRequest, cursor: str | None = None, limit: int = 50) -> Any:
    limit = max(1, min(limit, 200))
    page = page_in_scope(
        request.auth,
        Encounter.objects.select_related("person"),
        limit=limit + 1,
        after_id=cursor_decode(cursor),
    )
    more, page = len(page) > limit, page[:limit]
    return {"items": [_encounter_out(e) for e in page],
            "next_cursor": cursor_encode(page[-1].pk) if more else None}  # fmt: skip
