"""Repatriations: a person handed over at a port to a Mexican reception point.

The manifest, compliance and planning workflow builds on this model; the reception scope
("what is addressed to the reception point") is drawn from it.
"""

from __future__ import annotations

import uuid
import zlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from enlace.reference.models import CODE_LIST


class RepatriationStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HANDED_OVER = "handed_over", _("Handed over")
    CANCELLED = "cancelled", _("Cancelled")


class Repatriation(models.Model):
    # ``person`` copies ``encounter.person`` (and ``encounter`` the manifest record's) for
    # scoped queries: the source link carries the database constraint, the copy does not.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="repatriations",
        db_constraint=False,
    )
    encounter = models.ForeignKey(
        "people.Encounter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repatriations",
        db_constraint=False,
    )
    port = models.ForeignKey(
        "reference.Port", on_delete=models.PROTECT, related_name="+", **CODE_LIST
    )
    reception_point = models.ForeignKey(
        "reference.ReceptionPoint",
        on_delete=models.PROTECT,
        related_name="repatriations",
        **CODE_LIST,
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
    manifest_record = models.OneToOneField(
        "ManifestRecord",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="repatriation",
    )
    # A cancelled handover keeps when and why (``services.repatriation_hand_over`` cancels
    # the person's other schedules, naming the handover that ended them: ``superseded_by``).
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded",
        verbose_name=_("handover that superseded it"),
    )

    class Meta:
        ordering = ["scheduled_at"]
        verbose_name = _("repatriation")
        verbose_name_plural = _("repatriations")
        indexes = [
            models.Index(fields=["reception_point", "scheduled_at"], name="repatriation_point_idx"),
            models.Index(fields=["port", "scheduled_at"], name="repatriation_port_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.scheduled_at:%Y-%m-%d %H:%M}"


class ManifestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PLANNED = "planned", _("Planned")
    ACCEPTED = "accepted", _("Plan accepted")


class Manifest(models.Model):
    """A repatriation manifest as a US office submitted it (format v1), stored once by id."""

    manifest_id = models.CharField(_("manifest id"), max_length=120, unique=True)
    sending_office = models.ForeignKey(
        "reference.Office", on_delete=models.PROTECT, related_name="manifests"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    content_sha256 = models.CharField(_("content fingerprint"), max_length=64)
    format_version = models.PositiveSmallIntegerField(_("format version"), default=1)
    source_name = models.CharField(_("file name"), max_length=200, blank=True)
    # The file as received, zlib-compressed: the evidence behind every record (its line),
    # verifiable against ``content_sha256``. See ``Manifest.content_bytes``.
    content = models.BinaryField(_("file as received"), default=bytes, editable=False)
    record_count = models.PositiveIntegerField(_("records"))
    blocking_count = models.PositiveIntegerField(_("blocking findings"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=ManifestStatus.choices, default=ManifestStatus.RECEIVED
    )

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("manifest")
        verbose_name_plural = _("manifests")

    def __str__(self) -> str:
        return self.manifest_id

    def content_bytes(self) -> bytes:
        """The file exactly as received (empty for manifests stored before it was kept)."""
        return zlib.decompress(bytes(self.content)) if self.content else b""


class ManifestRecord(models.Model):
    """One row of a manifest: a person to repatriate, linked to the stored person."""

    # Indexed by manifest_record_unique (manifest, record_id).
    manifest = models.ForeignKey(
        Manifest, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    record_id = models.CharField(_("record id"), max_length=120)
    line = models.PositiveIntegerField(_("line"))
    encounter = models.ForeignKey(
        "people.Encounter", on_delete=models.PROTECT, related_name="manifest_records"
    )
    # Copies of the encounter's person and family group, for queries (no constraint).
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="manifest_records",
        db_constraint=False,
    )
    family_group = models.ForeignKey(
        "people.FamilyGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="manifest_records",
        db_constraint=False,
        db_index=False,
    )
    handover_port = models.ForeignKey(
        "reference.Port",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        **CODE_LIST,
    )
    handover_at = models.DateTimeField(_("handover at"), null=True, blank=True)
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    # What the receiving side must prepare for (the manifest's vulnerability columns).
    pregnant = models.BooleanField(_("pregnant"), default=False)
    disability = models.BooleanField(_("disability"), default=False)
    medical_condition = models.CharField(_("medical condition"), max_length=10, blank=True)
    # The manifest's consular columns and receiving official, as the sending office wrote
    # them: the consular app makes its notification steps from these after intake
    # (``hooks.after_intake``). ``consular_notification_requested`` is None when the cell
    # is empty: an offer whose answer the manifest does not give.
    consular_notification_offered_at = models.DateTimeField(
        _("consular notification offered at"), null=True, blank=True
    )
    consular_notification_requested = models.BooleanField(
        _("consular notification requested"), null=True, blank=True
    )
    consulate_notified_at = models.DateTimeField(_("consulate notified at"), null=True, blank=True)
    consulate = models.ForeignKey(
        "reference.Consulate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        **CODE_LIST,
    )
    receiving_official = models.CharField(_("receiving official"), max_length=200, blank=True)

    class Meta:
        ordering = ["manifest", "line"]
        indexes = [
            models.Index(
                fields=["family_group"],
                name="record_family_idx",
                condition=models.Q(family_group__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["manifest", "record_id"], name="manifest_record_unique"
            ),
        ]
        verbose_name = _("manifest record")
        verbose_name_plural = _("manifest records")

    def __str__(self) -> str:
        return f"{self.manifest_id}:{self.record_id}"


class Severity(models.TextChoices):
    BLOCK = "block", _("Blocking")
    WARN = "warn", _("Warning")


class Finding(models.Model):
    """A compliance finding on a manifest record, citing the agreement, version and clause."""

    manifest = models.ForeignKey(Manifest, on_delete=models.CASCADE, related_name="findings")
    record = models.ForeignKey(
        ManifestRecord, on_delete=models.CASCADE, null=True, related_name="findings"
    )
    rule = models.CharField(_("rule"), max_length=40)
    severity = models.CharField(_("severity"), max_length=5, choices=Severity.choices)
    agreement = models.CharField(_("agreement"), max_length=60)
    version = models.CharField(_("version"), max_length=60)
    clause = models.CharField(_("clause"), max_length=20)
    params = models.JSONField(_("details"), default=dict)

    class Meta:
        ordering = ["manifest", "record", "rule"]
        indexes = [models.Index(fields=["manifest", "severity"], name="finding_manifest_idx")]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.rule} {self.record_id}"


class ManifestUpload(models.Model):
    """A manifest file checked but not yet submitted: a short-lived draft that only its
    uploader sees. Drafts older than ``UPLOAD_LIFETIME`` are deleted when a new one is made."""

    token = models.UUIDField(_("token"), unique=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)
    source_name = models.CharField(_("file name"), max_length=200, blank=True)
    # zlib-compressed, like ``Manifest.content``; see ``ManifestUpload.content_bytes``.
    content = models.BinaryField(_("file as uploaded"), default=bytes, editable=False)
    content_sha256 = models.CharField(_("content fingerprint"), max_length=64)

    LIFETIME = timedelta(hours=24)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("manifest upload")
        verbose_name_plural = _("manifest uploads")

    def __str__(self) -> str:
        return str(self.token)

    def content_bytes(self) -> bytes:
        return zlib.decompress(bytes(self.content)) if self.content else b""
