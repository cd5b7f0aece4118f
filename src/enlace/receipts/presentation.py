"""Render a receipt as a printable bilingual page.

The signed document is shown as it is; only its presentation is built here: officers by name
and office, the handover time in words in the reception point's zone, and a short fingerprint
of each signature under the signature lines.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.template.loader import render_to_string

from .models import HandoverReceipt, ReceiptStatus

ROLES = ("delivering", "receiving")


def fingerprint(value: str) -> str:
    """The first 16 hex digits of the SHA-256 of ``value``, in groups of four
    ("3f2a 9c01 77be 0d45"), short enough to read aloud and compare on paper."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def _signer(receipt: HandoverReceipt, role: str) -> dict[str, Any]:
    party = receipt.document.get(role, {})
    signature = receipt.signatures().get(role)
    return {
        "role": role,
        "party": party,
        "signed": signature is not None,
        "key_fingerprint": fingerprint(signature["public_key"]) if signature else "",
        "signature_fingerprint": fingerprint(signature["signature"]) if signature else "",
    }


def receipt_html(receipt: HandoverReceipt) -> str:
    doc = receipt.document
    return render_to_string(
        "receipts/receipt_print.html",
        {
            "doc": doc,
            "handed_over_at": datetime.fromisoformat(doc["handed_over_at"]),
            "zone": receipt.repatriation.reception_point.time_zone,
            "signers": [_signer(receipt, role) for role in ROLES],
            "confirmed": receipt.status == ReceiptStatus.CONFIRMED,
        },
    )
