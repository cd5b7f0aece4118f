"""The consular-notification steps a manifest records, made when the manifest is stored.

A manifest's consular columns say when the national was offered consular notification, whether
they asked for it and when which consulate was notified (``docs/manifest-format.md``). The
intake keeps them on each manifest record; this handler, registered with
``repatriation.hooks.after_intake`` in ``ConsularAppConfig.ready``, turns them into the
encounter's ``ConsularNotification`` in the same transaction, so a person whose manifest says
the consulate was notified at 08:02 is notified, not waiting for an offer. Steps from a
manifest carry the record they come from and no officer: the sending office recorded them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from enlace.access import Actor
from enlace.core import clock
from enlace.core.audit import audit_record
from enlace.core.models import AuditAction
from enlace.repatriation.models import Manifest, ManifestRecord

from .models import ConsularNotification, NotificationStatus
from .services import CLOCK_SKEW

_FIELDS = (
    "pk", "encounter_id", "person_id", "consulate_id", "encounter__consulate_id",
    "consular_notification_offered_at", "consular_notification_requested",
    "consulate_notified_at",
)  # fmt: skip


def steps_of_record(
    *, offered_at: datetime, requested: bool | None, notified_at: datetime | None
) -> dict[str, Any]:
    """The notification's status and step times as a manifest row gives them: notified
    (a notification implies the request), requested, declined, or only offered when the
    answer is not given."""
    if notified_at is not None and requested is not False:
        status = NotificationStatus.NOTIFIED
    elif requested is None:
        status = NotificationStatus.OFFERED
    else:
        status = NotificationStatus.REQUESTED if requested else NotificationStatus.DECLINED
    answered = None if status == NotificationStatus.OFFERED else offered_at
    notified = notified_at if status == NotificationStatus.NOTIFIED else None
    return {"status": status, "offered_at": offered_at, "answered_at": answered,
            "notified_at": notified}  # fmt: skip


def notifications_from_manifest(*, manifest: Manifest, actor: Actor) -> int:
    """Make the notification of each encounter of ``manifest`` whose row records an offer
    and names a consulate (its own, else the encounter's), unless one exists; a step the row
    dates in the future is not taken. Audited as one event; return how many were made."""
    rows = ManifestRecord.objects.filter(
        manifest=manifest, consular_notification_offered_at__isnull=False
    ).values_list(*_FIELDS)
    existing = set(
        ConsularNotification.objects.filter(
            encounter__manifest_records__manifest=manifest
        ).values_list("encounter_id", flat=True)
    )
    made = []
    # As for a step taken in enlace (``services._when``), none is dated in the future.
    latest = clock.now() + CLOCK_SKEW
    for record, encounter, person, own, held, offered, requested, notified in rows:
        consulate = own or held
        if not consulate or encounter in existing or offered > latest:
            continue
        existing.add(encounter)
        notified = notified if notified is not None and notified <= latest else None
        steps = steps_of_record(offered_at=offered, requested=requested, notified_at=notified)
        made.append(ConsularNotification(
            encounter_id=encounter, person_id=person, consulate_id=consulate,
            manifest_record_id=record, **steps,
        ))  # fmt: skip
    ConsularNotification.objects.bulk_create(made, batch_size=1000)
    if made:
        audit_record(
            actor=actor, action=AuditAction.CREATE, subject=("consular.consularnotification", ""),
            detail={"from_manifest": manifest.pk, "count": len(made)},
        )  # fmt: skip
    return len(made)
