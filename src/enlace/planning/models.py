"""Plans: a proposed assignment of a stored manifest's rows to points and hours, reviewed
and accepted; the accepted plan is what the receiving side is told.

A plan moves ``proposed`` → ``accepted`` (or ``superseded`` when a newer plan of the same
manifest is proposed); transitions happen only in ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.core import clock


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")


class Plan(models.Model):
    manifest = models.ForeignKey(
        "repatriation.Manifest", on_delete=models.CASCADE, related_name="plans"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=clock.now, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    planned_count = models.PositiveIntegerField(_("rows planned"), default=0)
    unplanned_count = models.PositiveIntegerField(_("rows unplanned"), default=0)
    objective = models.FloatField(_("objective"), default=0.0)
    bound = models.FloatField(_("LP bound"), null=True, blank=True)
    optimal = models.BooleanField(_("proven optimal"), default=False)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["manifest"],
                condition=models.Q(status="accepted"),
                name="plan_one_accepted_per_manifest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manifest_id} plan {self.pk} ({self.status})"


class PlanRowStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    KEPT = "kept", _("Kept as given")
    UNPLANNED = "unplanned", _("Not planned")


class PlanRow(models.Model):
    """One manifest row in a plan: its point and hour, or why it has none."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rows")
    record = models.ForeignKey(
        "repatriation.ManifestRecord", on_delete=models.CASCADE, related_name="plan_rows"
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanRowStatus.choices)
    port = models.ForeignKey(
        "reference.Port", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reception_point = models.ForeignKey(
        "reference.ReceptionPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handover_at = models.DateTimeField(_("handover at"), null=True, blank=True)
    notice_sent_at = models.DateTimeField(_("notify receiving side by"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=40)
    params = models.JSONField(_("details"), default=dict)
    considered = models.JSONField(_("points considered"), default=list)

    class Meta:
        ordering = ["plan", "record__line"]
        verbose_name = _("plan row")
        verbose_name_plural = _("plan rows")
        constraints = [
            models.UniqueConstraint(fields=["plan", "record"], name="plan_row_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.record_id} {self.status}"
