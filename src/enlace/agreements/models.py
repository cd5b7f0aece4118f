"""The agreements inventory: MOUs, local repatriation arrangements, guidelines and programs,
their versions, signatories, clauses and the parameters the compliance rules read.

Rows come from ``data/instruments.json`` (``enlace load-agreements``) and are edited by the
secretariat in the admin. ``edited`` marks a row changed in the admin: a reload of the file
leaves such rows as they are (see ``services.agreements_load``). ``source_key`` is the row's
identity in the file (a version's label, a clause's number…), set by the loader and never
edited, so that a row renamed in the admin is still recognised and not created again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .core.parameters import ENFORCEABLE_RULES
from .core.parameters import Confidence as CoreConfidence
from .core.parameters import DefaultReason as CoreDefaultReason
from .core.parameters import ParameterKind as CoreParameterKind
from .core.parameters import Receiver as CoreReceiver
from .core.snapshots import AgreementKind as CoreKind
from .core.snapshots import AgreementStatus as CoreStatus


class AgreementKind(models.TextChoices):
    MOU = CoreKind.MOU.value, _("Memorandum of understanding")
    LOCAL_ARRANGEMENT = CoreKind.LOCAL_ARRANGEMENT.value, _("Local repatriation arrangement")
    GUIDELINES = CoreKind.GUIDELINES.value, _("Guidelines (non-binding)")
    PROGRAM = CoreKind.PROGRAM.value, _("Program")


class AgreementStatus(models.TextChoices):
    IN_FORCE = CoreStatus.IN_FORCE.value, _("In force")
    SUPERSEDED = CoreStatus.SUPERSEDED.value, _("Superseded")
    UNDER_RENEGOTIATION = CoreStatus.UNDER_RENEGOTIATION.value, _("Under renegotiation")
    EXPIRED = CoreStatus.EXPIRED.value, _("Expired")


class Confidence(models.TextChoices):
    VERIFIED = CoreConfidence.VERIFIED.value, _("Verified in a source")
    PARTLY = CoreConfidence.PARTLY.value, _("Partly verified or inferred")
    UNVERIFIED = CoreConfidence.UNVERIFIED.value, _("Unverified")


class DefaultReason(models.TextChoices):
    NOT_IN_SOURCES = CoreDefaultReason.NOT_IN_SOURCES.value, _("Not found in the sources")
    PARTLY_IN_SOURCES = (
        CoreDefaultReason.PARTLY_IN_SOURCES.value,
        _("Only part of this value is in the sources"),
    )
    CARRIED_FORWARD = (
        CoreDefaultReason.CARRIED_FORWARD.value,
        _("Carried over from another arrangement; not confirmed for this one"),
    )


class ParameterKind(models.TextChoices):
    DESIGNATED_POINT = CoreParameterKind.DESIGNATED_POINT.value, _("Designated repatriation point")
    HANDOVER_WINDOW = CoreParameterKind.HANDOVER_WINDOW.value, _("Handover hours")
    VULNERABLE_WINDOW = (
        CoreParameterKind.VULNERABLE_WINDOW.value,
        _("Handover hours for vulnerable persons"),
    )
    MINOR_RECEIVERS = (
        CoreParameterKind.MINOR_RECEIVERS.value,
        _("Who receives unaccompanied minors"),
    )
    ADVANCE_NOTICE = (
        CoreParameterKind.ADVANCE_NOTICE.value,
        _("Advance notice to the receiving side"),
    )
    TVPRA_FROM = CoreParameterKind.TVPRA_FROM.value, _("TVPRA screening applies from")
    INTERIOR_SEASON = CoreParameterKind.INTERIOR_SEASON.value, _("Interior repatriation: season")
    INTERIOR_ROUTE = CoreParameterKind.INTERIOR_ROUTE.value, _("Interior repatriation: route")
    INTERIOR_SECTORS = (
        CoreParameterKind.INTERIOR_SECTORS.value,
        _("Interior repatriation: eligible sectors"),
    )
    INTERIOR_FLIGHTS_PER_WEEK = (
        CoreParameterKind.INTERIOR_FLIGHTS_PER_WEEK.value,
        _("Interior repatriation: flights a week"),
    )
    INTERIOR_FLIGHT_DAYS = (
        CoreParameterKind.INTERIOR_FLIGHT_DAYS.value,
        _("Interior repatriation: flight days"),
    )
    INTERIOR_SEATS = (
        CoreParameterKind.INTERIOR_SEATS.value,
        _("Interior repatriation: seats a flight"),
    )
    INTERIOR_CONDITIONS = (
        CoreParameterKind.INTERIOR_CONDITIONS.value,
        _("Interior repatriation: conditions"),
    )


class Receiver(models.TextChoices):
    CONSULATE = CoreReceiver.CONSULATE.value, _("Mexican consulate")
    INM_OPI = CoreReceiver.INM_OPI.value, _("INM child protection officer (OPI)")
    DIF = CoreReceiver.DIF.value, _("DIF (family welfare system)")
    INM_OPI_DIF = CoreReceiver.INM_OPI_DIF.value, _("INM child protection officer, then DIF")


class Agreement(models.Model):
    """An instrument: the 2004 MOU, a local arrangement, the California guidelines…"""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title_en = models.CharField(_("title in English"), max_length=200)
    title_es = models.CharField(_("title in Spanish"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=AgreementStatus.choices)
    ins_era = models.BooleanField(
        _("signed with the former INS"),
        default=False,
        help_text=_(
            "Signed with the Immigration and Naturalization Service before it was dissolved "
            "in 2003, so it needs renegotiation with DHS unless superseded."
        ),
    )
    notes_en = models.TextField(_("notes in English"), blank=True)
    notes_es = models.TextField(_("notes in Spanish"), blank=True)
    edited = models.BooleanField(
        _("edited in the admin"),
        default=False,
        help_text=_("A reload of the authored file leaves edited rows as they are."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.code


class AgreementParty(models.Model):
    """A signatory: an agency, and the office that signed when known.

    The office's (or the agency's) successor in the reference data says who holds the
    commitment today: the former INS El Paso district → ICE ERO El Paso.
    """

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    agency = models.ForeignKey(
        "reference.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    office = models.ForeignKey(
        "reference.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
    )
    signatory_en = models.CharField(_("signatory in English"), max_length=200, blank=True)
    signatory_es = models.CharField(_("signatory in Spanish"), max_length=200, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.VERIFIED
    )
    edited = models.BooleanField(_("edited in the admin"), default=False)
    source_key = models.CharField(
        _("key in the authored file"), max_length=120, blank=True, editable=False
    )

    class Meta:
        ordering = ["agreement", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "agency", "office"],
                condition=Q(office__isnull=False),
                name="agreements_party_office_unique",
            ),
            models.UniqueConstraint(
                fields=["agreement", "agency"],
                condition=Q(office__isnull=True),
                name="agreements_party_agency_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.office_id or ''}".strip()


class AgreementVersion(models.Model):
    """A version of an agreement, in force ``[effective_from, effective_to)`` (local dates)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(_("label"), max_length=40)
    effective_from = models.DateField(_("effective from"))
    effective_from_approximate = models.BooleanField(
        _("start date approximate"),
        default=False,
        help_text=_("The sources give only the year or the month."),
    )
    effective_to = models.DateField(
        _("effective until (exclusive)"),
        null=True,
        blank=True,
        help_text=_("The first day it no longer applies; empty while in force."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    dates_confidence = models.CharField(
        _("confidence in the dates"),
        max_length=1,
        choices=Confidence.choices,
        default=Confidence.VERIFIED,
    )
    national = models.BooleanField(
        _("national scope"),
        default=False,
        help_text=_("Applies along the whole border (the MOU): covers every port."),
    )
    sources = models.TextField(_("sources"), help_text=_("One address or citation per line."))
    ports = models.ManyToManyField(
        "reference.Port", blank=True, related_name="+", verbose_name=_("ports of entry")
    )
    sectors = models.ManyToManyField(
        "reference.Sector", blank=True, related_name="+", verbose_name=_("Border Patrol sectors")
    )
    reception_points = models.ManyToManyField(
        "reference.ReceptionPoint",
        blank=True,
        related_name="+",
        verbose_name=_("reception points"),
    )
    edited = models.BooleanField(_("edited in the admin"), default=False)
    source_key = models.CharField(
        _("key in the authored file"), max_length=120, blank=True, editable=False
    )

    class Meta:
        ordering = ["agreement", "effective_from"]
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "label"], name="agreements_version_label_unique"
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gt=models.F("effective_from")),
                name="agreements_version_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} ({self.label})"

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]


def validate_rule_ids(value: str) -> None:
    unknown = [r.strip() for r in value.split(",") if r.strip() not in ENFORCEABLE_RULES]
    if value.strip() and unknown:
        raise ValidationError(
            _("Unknown rule ids: %(unknown)s. Known: %(known)s."),
            params={"unknown": ", ".join(unknown), "known": ", ".join(ENFORCEABLE_RULES)},
        )


class Clause(models.Model):
    """A clause of a version, summarized in both languages, with its source and confidence.

    Numbers are enlace's own where the instrument's text was not available.
    """

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField(_("number"), max_length=10)
    summary_en = models.TextField(_("summary in English"))
    summary_es = models.TextField(_("summary in Spanish"))
    source = models.CharField(_("source"), max_length=500)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    rules = models.CharField(
        _("rules it enforces"),
        max_length=300,
        blank=True,
        help_text=_("Compliance rule ids this clause states, separated by commas (e.g. HOURS)."),
        validators=[validate_rule_ids],
    )
    edited = models.BooleanField(_("edited in the admin"), default=False)
    source_key = models.CharField(
        _("key in the authored file"), max_length=120, blank=True, editable=False
    )

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "number"], name="agreements_clause_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} §{self.number}"

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.strip() for r in self.rules.split(",") if r.strip())


class Parameter(models.Model):
    """A value the compliance rules read, for one port or (port empty) every port of the
    version. ``value`` is JSON checked against the kind by ``core.parameters``."""

    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="parameters"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=ParameterKind.choices)
    port = models.ForeignKey(
        "reference.Port",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("port of entry"),
        help_text=_("Empty: every port the version covers."),
    )
    reception_point = models.ForeignKey(
        "reference.ReceptionPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reception point"),
    )
    value = models.JSONField(_("value"), default=dict, blank=True)
    clause = models.ForeignKey(
        Clause,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parameters",
        verbose_name=_("clause"),
    )
    is_default = models.BooleanField(
        _("default value"),
        default=False,
        help_text=_("The sources give no value (or only part of it); this is our default."),
    )
    default_reason = models.CharField(
        _("why a default"), max_length=30, choices=DefaultReason.choices, blank=True
    )
    note_en = models.TextField(_("note in English"), blank=True)
    note_es = models.TextField(_("note in Spanish"), blank=True)
    edited = models.BooleanField(_("edited in the admin"), default=False)
    source_key = models.CharField(
        _("key in the authored file"), max_length=120, blank=True, editable=False
    )

    class Meta:
        ordering = ["version", "id"]
        verbose_name = _("parameter")
        verbose_name_plural = _("parameters")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "kind", "port", "reception_point"],
                condition=Q(port__isnull=False, reception_point__isnull=False),
                name="agreements_parameter_port_point_unique",
            ),
            models.UniqueConstraint(
                fields=["version", "kind", "port"],
                condition=Q(port__isnull=False, reception_point__isnull=True),
                name="agreements_parameter_port_unique",
            ),
            models.UniqueConstraint(
                fields=["version", "kind", "reception_point"],
                condition=Q(port__isnull=True, reception_point__isnull=False),
                name="agreements_parameter_point_unique",
            ),
            models.UniqueConstraint(
                fields=["version", "kind"],
                condition=Q(port__isnull=True, reception_point__isnull=True),
                name="agreements_parameter_wide_unique",
            ),
        ]

    def __str__(self) -> str:
        where = self.port_id or self.reception_point_id or "*"
        return f"{self.version} {self.kind} {where}"
