"""Render a receipt as a printable bilingual page."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import HandoverReceipt, ReceiptStatus


def receipt_html(receipt: HandoverReceipt) -> str:
    return render_to_string(
        "receipts/receipt_print.html",
        {
            "doc": receipt.document,
            "signatures": receipt.signatures(),
            "confirmed": receipt.status == ReceiptStatus.CONFIRMED,
        },
    )
