"""Write events to the outbox, inside the caller's transaction.

``outbox_enqueue`` must be called inside the transaction of the change it announces: the
event and its deliveries are committed with the change or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from .models import Delivery, EventType, OutboxEvent, Subscription


def _plain(payload: dict[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def outbox_enqueue(
    *, event_type: str, payload: dict[str, Any], office_ids: Iterable[str]
) -> OutboxEvent:
    """Store an event and one pending delivery per active subscription of the offices."""
    offices = set(office_ids)
    with transaction.atomic():
        event = OutboxEvent.objects.create(event_type=event_type, payload=_plain(payload))
        now = timezone.now()
        subscriptions = Subscription.objects.filter(office_id__in=offices, active=True)
        Delivery.objects.bulk_create(
            Delivery(event=event, subscription=subscription, next_attempt_at=now)
            for subscription in subscriptions
            if subscription.wants(event_type)
        )
    return event


def plan_accepted_announce(*, plan: Any) -> OutboxEvent:
    """Tell the reception points of an accepted plan (ids and counts, no personal data).

    Called by ``planning.services.plan_accept`` inside its transaction."""
    from enlace.reference.models import Office

    rows = plan.rows.exclude(reception_point__isnull=True)
    points = sorted(set(rows.values_list("reception_point_id", flat=True)))
    offices = Office.objects.filter(reception_point_id__in=points).values_list("pk", flat=True)
    return outbox_enqueue(
        event_type=EventType.PLAN_ACCEPTED,
        payload={
            "manifest_id": plan.manifest.manifest_id,
            "plan_id": plan.pk,
            "reception_points": points,
            "handovers": rows.count(),
        },
        office_ids=[*offices, plan.manifest.sending_office_id],
    )
