"""The delivery worker: claim due deliveries with a lease, POST them, record the outcome.

At least once: a delivery is marked delivered only after a 2xx answer; a worker that dies
between the POST and the record leaves its lease (``locked_until``) to expire and the
delivery is sent again, with the same event id, which the receiver uses to drop duplicates.
Errors are kept without personal data (a status code or an exception class).
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from .core import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    backoff_seconds,
    signature_compute,
)
from .models import Delivery, DeliveryStatus

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 25  # with a 5 s base and a one-hour cap: about 20 hours of retries


@dataclass
class DeliveryRun:
    claimed: int = 0
    delivered: int = 0
    failed: int = 0


def deliveries_claim(*, now: datetime, limit: int = 50, lease_seconds: int = 60) -> list[Delivery]:
    """Claim up to ``limit`` due deliveries for ``lease_seconds`` (skipping others' claims)."""
    due = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now) & (
        Q(locked_until__isnull=True) | Q(locked_until__lt=now)
    )
    with transaction.atomic():
        rows = Delivery.objects.filter(due).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        ids = list(rows.values_list("pk", flat=True)[:limit])
        Delivery.objects.filter(due, pk__in=ids).update(
            locked_until=now + timedelta(seconds=lease_seconds)
        )
    return list(
        Delivery.objects.filter(pk__in=ids).select_related("event", "subscription").order_by("pk")
    )


def delivery_body(delivery: Delivery) -> bytes:
    event = delivery.event
    return json.dumps(
        {
            "event_id": str(event.event_id),
            "event_type": event.event_type,
            "created_at": event.created_at.isoformat(),
            "payload": event.payload,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")


def delivery_post(delivery: Delivery, *, timeout: float = 10.0) -> str:
    """POST the event; return "" on a 2xx answer, else a short error (no personal data)."""
    body = delivery_body(delivery)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - URLs are the subscriptions' http(s) hooks
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            EVENT_ID_HEADER: str(delivery.event.event_id),
            EVENT_TYPE_HEADER: delivery.event.event_type,
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: signature_compute(
                secret=delivery.subscription.secret, timestamp=timestamp, body=body
            ),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return "" if 200 <= response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return type(error).__name__


def delivery_record(delivery: Delivery, *, error: str, now: datetime) -> None:
    """Record one attempt: delivered, or rescheduled with backoff (dead past the limit)."""
    attempts = delivery.attempts + 1
    if not error:
        changes = {"status": DeliveryStatus.DELIVERED, "delivered_at": now, "last_error": ""}
    else:
        retry = now + timedelta(seconds=backoff_seconds(attempts))
        status = DeliveryStatus.DEAD if attempts >= MAX_ATTEMPTS else DeliveryStatus.PENDING
        changes = {"status": status, "next_attempt_at": retry, "last_error": error[:300]}
    Delivery.objects.filter(pk=delivery.pk).update(attempts=attempts, locked_until=None, **changes)


def outbox_deliver_once(
    *, now: datetime | None = None, limit: int = 50, lease_seconds: int = 60
) -> DeliveryRun:
    """One pass: claim what is due and try each once."""
    run = DeliveryRun()
    claimed = deliveries_claim(now=now or timezone.now(), limit=limit, lease_seconds=lease_seconds)
    for delivery in claimed:
        error = delivery_post(delivery, timeout=min(10.0, lease_seconds / 2))
        delivery_record(delivery, error=error, now=now or timezone.now())
        run.claimed += 1
        run.delivered += not error
        run.failed += bool(error)
        if error:
            logger.warning("delivery %s failed: %s", delivery.pk, error)
    return run
