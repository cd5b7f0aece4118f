"""Pure helpers of the delivery worker: the backoff schedule and the HMAC signature."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Enlace-Signature"
TIMESTAMP_HEADER = "X-Enlace-Timestamp"
EVENT_ID_HEADER = "X-Enlace-Event-Id"
EVENT_TYPE_HEADER = "X-Enlace-Event-Type"


def backoff_seconds(attempts: int, *, base: float = 5.0, cap: float = 3600.0) -> float:
    """Seconds to wait after the ``attempts``-th failure: base, 2·base, 4·base… up to cap."""
    return float(min(cap, base * 2 ** max(0, attempts - 1)))


def signature_compute(*, secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` of HMAC-SHA256(secret, timestamp + "." + body).

    The receiver recomputes it over the raw body and the ``X-Enlace-Timestamp`` header,
    compares in constant time, and refuses stale timestamps to stop replays."""
    mac = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signature_valid(*, secret: str, timestamp: str, body: bytes, header: str) -> bool:
    expected = signature_compute(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, header)
