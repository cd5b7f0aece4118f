"""Officers' signing keys and handover receipts.

A receipt is ``offered`` once the delivering officer has signed it and ``confirmed`` once
the receiving officer has signed it too; transitions happen only in ``services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficerKey(models.Model):
    """An officer's Ed25519 key pair; the private half sealed at rest (see ``keys``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signing_key"
    )
    public_key = models.CharField(_("public key (base64)"), max_length=64, unique=True)
    private_key_sealed = models.BinaryField(_("sealed private key"), editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("officer signing key")
        verbose_name_plural = _("officer signing keys")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.public_key[:12]}…"


class ReceiptStatus(models.TextChoices):
    OFFERED = "offered", _("Signed by the delivering officer")
    CONFIRMED = "confirmed", _("Signed by both officers")


class HandoverReceipt(models.Model):
    receipt_id = models.UUIDField(_("receipt id"), default=uuid.uuid4, unique=True, editable=False)
    repatriation = models.OneToOneField(
        "repatriation.Repatriation", on_delete=models.PROTECT, related_name="receipt"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReceiptStatus.choices, default=ReceiptStatus.OFFERED
    )
    document = models.JSONField(_("document"))
    delivering_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    delivering_key = models.CharField(_("delivering officer's public key"), max_length=64)
    delivering_signature = models.CharField(_("delivering officer's signature"), max_length=100)
    receiving_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiving_key = models.CharField(_("receiving officer's public key"), max_length=64, blank=True)
    receiving_signature = models.CharField(
        _("receiving officer's signature"), max_length=100, blank=True
    )
    offered_at = models.DateTimeField(_("offered at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-offered_at"]
        verbose_name = _("handover receipt")
        verbose_name_plural = _("handover receipts")

    def __str__(self) -> str:
        return str(self.receipt_id)

    def signatures(self) -> dict[str, dict[str, str]]:
        """The envelope's signatures as stored (the receiving one once confirmed)."""
        result = {"delivering": self._signature(self.delivering_officer_id, "delivering")}
        if self.receiving_signature:
            result["receiving"] = self._signature(self.receiving_officer_id, "receiving")
        return result

    def _signature(self, officer_id: int | None, role: str) -> dict[str, str]:
        party = self.document.get(role, {})
        return {
            "officer": str(party.get("officer", officer_id)),
            "public_key": getattr(self, f"{role}_key"),
            "signature": getattr(self, f"{role}_signature"),
        }
