"""Write and verify the audit trail.

``audit_record`` is called by services (writes) and selectors (reads of personal data).
It never stores personal data: only the actor, the office, an action, the subject's type and
id, the request id and optional non-personal detail (counts, field names).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from .models import AuditAction, AuditEvent, AuditHead
from .request_context import request_id_get

GENESIS = "0" * 64
_LOCK_KEY = 4_204_2004  # pg_advisory_xact_lock key that serializes appends to the chain


def _canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(
    *,
    seq: int,
    occurred_at: datetime,
    actor_id: int | None,
    office_code: str,
    action: str,
    subject_type: str,
    subject_id: str,
    request_id: str,
    detail: dict[str, Any],
    prev_hash: str,
) -> str:
    """Return the SHA-256 of an event's fields and the previous event's hash."""
    payload = _canonical(
        {
            "seq": seq,
            "occurred_at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor_id": actor_id,
            "office_code": office_code,
            "action": action,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "request_id": request_id,
            "detail": detail,
            "prev_hash": prev_hash,
        }
    )
    return hashlib.sha256(payload).hexdigest()


class AuditActor(Protocol):
    """Who acted, as the audit log reads it: a signed-in user (a primary key and maybe an
    office) or a named system actor (no primary key, a ``name``: ``enlace.access``)."""

    @property
    def pk(self) -> Any: ...


def system_actor_name(actor: AuditActor | None) -> str:
    """The name of a system actor (a CLI run, the nightly linkage, the demo loader); ''
    for a user and for nobody. Read by shape: the ground floor imports no app above it."""
    if actor is None or getattr(actor, "pk", None) is not None:
        return ""
    name = getattr(actor, "name", "")
    return name if isinstance(name, str) else ""


def _subject_parts(subject: Model | tuple[str, str] | None) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, tuple):
        return subject
    return subject._meta.label_lower, str(subject.pk)


def audit_record(
    *,
    actor: AuditActor | None,
    action: AuditAction,
    subject: Model | tuple[str, str] | None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    ``subject`` is a model instance or a ``(type, id)`` pair such as
    ``("reference.port", "ports.csv")``. ``actor`` is a user, a system actor (recorded by
    name in ``detail["system_actor"]``, so the log says which process acted) or None for an
    anonymous act (a failed sign-in).
    """
    subject_type, subject_id = _subject_parts(subject)
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    office_code = getattr(actor, "office_id", None) or ""
    system = system_actor_name(actor)
    if system:
        detail = {**(detail or {}), "system_actor": system}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        prev_hash = head.hash or GENESIS
        fields: dict[str, Any] = {
            "seq": head.seq + 1,
            "occurred_at": timezone.now(),
            "actor_id": actor_id,
            "office_code": office_code,
            "action": str(action),
            "subject_type": subject_type,
            "subject_id": subject_id,
            "request_id": request_id_get(),
            "detail": detail or {},
            "prev_hash": prev_hash,
        }
        event = AuditEvent(**fields, hash=event_hash(**fields))
        event.save()
        AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash)
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # "edited", "broken_link", "gap", "head_mismatch", "duplicate"

    def describe(self) -> str:
        return f"{self.kind} at #{self.seq}"


def audit_verify(*, batch_size: int = 5000) -> list[ChainProblem]:
    """Walk the chain in order and report every event that does not hold together.

    An edited row no longer matches its own hash; an inserted or deleted row breaks the
    sequence or the link to its neighbour; a deleted tail no longer matches the head.
    """
    problems: list[ChainProblem] = []
    expected_seq = 1
    prev_hash = GENESIS
    for event in _iter_events(batch_size):
        if event.seq != expected_seq:
            problems.append(ChainProblem(event.seq, "gap"))
        if event.prev_hash != prev_hash:
            problems.append(ChainProblem(event.seq, "broken_link"))
        recomputed = event_hash(
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            office_code=event.office_code,
            action=event.action,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            request_id=event.request_id,
            detail=event.detail,
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            problems.append(ChainProblem(event.seq, "edited"))
        expected_seq = event.seq + 1
        prev_hash = event.hash
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "")
    if head_seq != expected_seq - 1 or (head_hash or GENESIS) != prev_hash:
        problems.append(ChainProblem(expected_seq - 1, "head_mismatch"))
    return problems


def _iter_events(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
