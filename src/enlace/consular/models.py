"""Consular notification under Vienna Convention art. 36: offered → requested (or
declined) → consulate notified → acknowledged by the consulate → national interviewed
(consular access, art. 36(1)(a) and (c)), each step timed and signed by who took it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.reference.models import CODE_LIST


class NotificationStatus(models.TextChoices):
    OFFERED = "offered", _("Offered")
    REQUESTED = "requested", _("Requested")
    DECLINED = "declined", _("Declined")
    NOTIFIED = "notified", _("Consulate notified")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the consulate")
    INTERVIEWED = "interviewed", _("Consular interview held")


class InterviewMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    VIDEO = "video", _("By video call")


class ConsularNotification(models.Model):
    """The consular notification of one encounter (one per encounter)."""

    encounter = models.OneToOneField(
        "people.Encounter", on_delete=models.PROTECT, related_name="consular_notification"
    )
    # A copy of the encounter's person, for scoped queries (no constraint; ADR 0010).
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    consulate = models.ForeignKey(
        "reference.Consulate", on_delete=models.PROTECT, related_name="+", **CODE_LIST
    )
    status = models.CharField(
        _("status"), max_length=20, choices=NotificationStatus.choices, db_index=True
    )
    offered_at = models.DateTimeField(_("offered at"))
    # None when the steps come from a manifest (``manifest_record``): the sending office
    # recorded them there, not an officer in enlace.
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    manifest_record = models.ForeignKey(
        "repatriation.ManifestRecord", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", db_constraint=False, verbose_name=_("recorded on the manifest record"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("consulate notified at"), null=True, blank=True)
    notified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    interviewed_at = models.DateTimeField(_("interview held at"), null=True, blank=True)
    interviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    interview_mode = models.CharField(
        _("how the interview took place"), max_length=10, choices=InterviewMode.choices,
        blank=True,
    )  # fmt: skip
    # Protection follow-up: a flag and a short working note; no personal details needed.
    follow_up = models.BooleanField(_("protection follow-up"), default=False)
    follow_up_note = models.CharField(_("follow-up note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-offered_at", "pk"]
        indexes = [
            models.Index(fields=["consulate", "status"], name="notification_queue_idx"),
            models.Index(
                fields=["consulate"], name="notification_follow_up_idx",
                condition=models.Q(follow_up=True),
            ),
        ]  # fmt: skip
        verbose_name = _("consular notification")
        verbose_name_plural = _("consular notifications")

    def __str__(self) -> str:
        return f"{self.encounter_id} {self.status}"
