"""Identity resolution in the application: linkage runs, the review queue, merges, families.

Business rules live in ``services.py`` (writes) and ``selectors.py`` (scoped reads).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class LinkRun(models.Model):
    """One linkage of the persons in the database: thresholds used and what came out."""

    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    persons = models.PositiveIntegerField(_("persons compared"), default=0)
    merge_threshold = models.FloatField(_("probability to merge"))
    review_threshold = models.FloatField(_("probability to review"))
    merged = models.PositiveIntegerField(_("pairs merged"), default=0)
    queued = models.PositiveIntegerField(_("pairs sent to review"), default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")

    def __str__(self) -> str:
        return f"{self.pk} {self.started_at:%Y-%m-%d %H:%M}"


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted: same person")
    REJECTED = "rejected", _("Rejected: different persons")
    AUTO_MERGED = "auto_merged", _("Merged automatically")


class MatchCandidate(models.Model):
    """Two person records the linkage thinks may be one person, and the decision on them."""

    run = models.ForeignKey(
        LinkRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    person_a = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person A")
    )
    person_b = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person B")
    )
    probability = models.FloatField(_("match probability"))
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-probability", "pk"]
        verbose_name = _("match candidate")
        verbose_name_plural = _("match candidates")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_unique"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="candidate_pair_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "-probability"], name="candidate_queue_idx")]

    def __str__(self) -> str:
        return f"{self.person_a_id}~{self.person_b_id} {self.probability:.3f}"


class PersonMerge(models.Model):
    """Two persons made one: what moved from the absorbed person, so it can be undone.

    The absorbed person is kept (with nothing attached) until the merge is reversed.
    ``moved`` maps a model label to the primary keys re-pointed at the survivor;
    ``fields`` maps a person field to ``[survivor's old value, absorbed person's old value]``.
    """

    survivor = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("survivor")
    )
    absorbed = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("absorbed person"),
    )
    candidate = models.ForeignKey(
        MatchCandidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges"
    )
    moved = models.JSONField(_("records moved"), default=dict)
    fields = models.JSONField(_("fields filled"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reversed_at = models.DateTimeField(_("reversed at"), null=True, blank=True)

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("person merge")
        verbose_name_plural = _("person merges")
        constraints = [
            models.UniqueConstraint(
                fields=["absorbed"],
                condition=Q(reversed_at__isnull=True),
                name="merge_absorbed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.absorbed_id}→{self.survivor_id}"


class FamilyLinkStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class FamilyLinkProposal(models.Model):
    """Two persons who may be family: they share surnames, an encounter and custody."""

    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=FamilyLinkStatus.choices,
        default=FamilyLinkStatus.PROPOSED,
    )
    group = models.ForeignKey(
        "people.FamilyGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("family link proposal")
        verbose_name_plural = _("family link proposals")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="family_pair_unique"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="family_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id}+{self.person_b_id}"
