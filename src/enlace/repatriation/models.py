"""Repatriations: a person handed over at a port to a Mexican reception point.

The manifest, compliance and planning workflow builds on this model; the reception scope
("what is addressed to the reception point") is drawn from it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RepatriationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


class Repatriation(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="repatriations"
    )
    encounter = models.ForeignKey(
        "people.Encounter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repatriations",
    )
    port = models.ForeignKey("reference.Port", on_delete=models.PROTECT, related_name="+")
    reception_point = models.ForeignKey(
        "reference.ReceptionPoint", on_delete=models.PROTECT, related_name="repatriations"
    )
    scheduled_at = models.DateTimeField(_("scheduled handover"))
    handed_over_at = models.DateTimeField(_("handed over at"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RepatriationStatus.choices,
        default=RepatriationStatus.SCHEDULED,
    )
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)

    class Meta:
        ordering = ["scheduled_at"]
        verbose_name = _("repatriation")
        verbose_name_plural = _("repatriations")
        indexes = [
            models.Index(fields=["reception_point", "scheduled_at"], name="repatriation_point_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.scheduled_at:%Y-%m-%d %H:%M}"
