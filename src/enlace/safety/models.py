"""Border safety records: incidents (deaths, rescues, missing reports, remains recoveries) and
Border Patrol's official series of deaths and rescues by sector and fiscal year.

Incidents loaded from public sources are keyed by ``(source, source_record_id)``, so reloading
a newer file of the same source updates rows in place instead of adding them again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


def _sector_field() -> models.ForeignKey:
    """The optional Border Patrol sector of a record (not every point lies in one)."""
    return models.ForeignKey(
        "reference.Sector",
        verbose_name=_("Border Patrol sector"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class IncidentKind(models.TextChoices):
    DEATH = "death", _("Death")
    RESCUE = "rescue", _("Rescue")
    MISSING = "missing", _("Missing-person report")
    REMAINS = "remains", _("Remains recovery")


class IncidentSource(models.TextChoices):
    PCOME = "pcome", _("Pima County Office of the Medical Examiner / Humane Borders")
    IOM = "iom", _("IOM Missing Migrants Project")
    ENLACE = "enlace", _("Recorded in enlace")


class Incident(models.Model):
    """One event on the border where a migrant died, was rescued, went missing or was found."""

    kind = models.CharField(_("kind"), max_length=10, choices=IncidentKind.choices)
    source = models.CharField(_("source"), max_length=10, choices=IncidentSource.choices)
    source_record_id = models.CharField(_("source record id"), max_length=40)
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    sector = _sector_field()
    corridor = models.CharField(_("corridor"), max_length=60, blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    county = models.CharField(_("county"), max_length=60, blank=True)
    state = models.CharField(_("state"), max_length=60, blank=True)
    land_manager = models.CharField(_("land manager"), max_length=120, blank=True)
    cause = models.CharField(_("cause"), max_length=120, blank=True)
    cause_detail = models.CharField(_("cause as determined"), max_length=300, blank=True)
    dead = models.PositiveIntegerField(_("dead"), default=0)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    survivors = models.PositiveIntegerField(_("survivors"), default=0)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    identified = models.BooleanField(_("identified"), null=True, blank=True)
    body_condition = models.CharField(_("body condition"), max_length=120, blank=True)
    post_mortem_interval = models.CharField(_("post-mortem interval"), max_length=60, blank=True)
    reliability = models.PositiveSmallIntegerField(
        _("reliability (1 = one media report, 5 = official records)"), null=True, blank=True
    )
    information_source = models.CharField(_("information source"), max_length=300, blank=True)
    source_url = models.CharField(_("source address"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["-occurred_on", "source", "source_record_id"]
        verbose_name = _("border incident")
        verbose_name_plural = _("border incidents")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_record_id"], name="safety_incident_source_record"
            )
        ]
        indexes = [models.Index(fields=["kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.source_record_id}"


class OfficialSeries(models.TextChoices):
    DEATHS = "usbp-deaths", _("Border Patrol southwest border deaths, FY1998–FY2019")
    PROFILE = "usbp-profile", _("Border Patrol sector profile, FY2011–FY2019")


class OfficialCount(models.Model):
    """Border Patrol's count of deaths (and rescues, where published) in a sector and year."""

    series = models.CharField(_("series"), max_length=20, choices=OfficialSeries.choices)
    sector_label = models.CharField(_("sector as published"), max_length=60)
    sector = _sector_field()
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    deaths = models.PositiveIntegerField(_("deaths"), null=True, blank=True)
    rescues = models.PositiveIntegerField(_("rescues"), null=True, blank=True)

    class Meta:
        ordering = ["series", "fiscal_year", "sector_label"]
        verbose_name = _("official count")
        verbose_name_plural = _("official counts")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "sector_label", "fiscal_year"], name="safety_official_count_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sector_label} FY{self.fiscal_year}"


class RiskThreshold(models.Model):
    """The deaths in a rolling window at which a sector's Border Liaison Mechanism escalates,
    as the BLM set it (one threshold per sector; setting it again replaces it)."""

    sector = models.OneToOneField(
        "reference.Sector",
        verbose_name=_("Border Patrol sector"),
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="+",
    )
    deaths = models.PositiveIntegerField(_("deaths that open an escalation"))
    window_days = models.PositiveSmallIntegerField(_("rolling window (days)"))
    set_by = models.ForeignKey(
        "accounts.User", verbose_name=_("set by"), on_delete=models.PROTECT, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("risk threshold")
        verbose_name_plural = _("risk thresholds")

    def __str__(self) -> str:
        return f"{self.sector_id}: {self.deaths} / {self.window_days} d"


class Escalation(models.Model):
    """A threshold crossed: the sector's BLM is told on both sides and records its decision."""

    sector = models.ForeignKey(
        "reference.Sector",
        verbose_name=_("Border Patrol sector"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    window_start = models.DateField(_("window start"))
    window_end = models.DateField(_("window end"))
    deaths = models.PositiveIntegerField(_("deaths in the window"))
    threshold = models.PositiveIntegerField(_("threshold"))
    us_office = models.ForeignKey(
        "reference.Office",
        verbose_name=_("US office notified"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    mx_office = models.ForeignKey(
        "reference.Office",
        verbose_name=_("Mexican office notified"),
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    decision = models.TextField(_("what was decided"), blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")

    def __str__(self) -> str:
        return f"{self.sector_id} {self.window_end}"

    @property
    def is_open(self) -> bool:
        return self.decided_at is None


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CANDIDATE = "candidate", _("Candidate under review")
    IDENTIFIED = "identified", _("Identified")
    CLOSED = "closed", _("Closed")


class MissingReport(models.Model):
    """A family's report of a missing migrant (antemortem data), taken by a consulate's
    protection desk, with the consent that says who it may be shared with. Its fields are
    the MISSING columns of ``enlace remains match``."""

    report_id = models.CharField(_("report id"), max_length=40, unique=True)
    consulate = models.ForeignKey(
        "reference.Consulate",
        verbose_name=_("consulate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    given_names = models.CharField(_("given names"), max_length=120, blank=True)
    paternal_surname = models.CharField(_("paternal surname"), max_length=80, blank=True)
    maternal_surname = models.CharField(_("maternal surname"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    date_of_birth = models.CharField(_("date of birth (YYYY[-MM[-DD]])"), max_length=10, blank=True)
    height_cm = models.PositiveSmallIntegerField(_("height (cm)"), null=True, blank=True)
    last_seen_date = models.DateField(_("last seen on"), null=True, blank=True)
    last_seen_lat = models.DecimalField(
        _("last seen latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_seen_lon = models.DecimalField(
        _("last seen longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    last_seen_place = models.CharField(_("last seen place"), max_length=200, blank=True)
    clothing = models.TextField(_("clothing"), blank=True)
    distinguishing_marks = models.TextField(_("distinguishing marks"), blank=True)
    curp = models.CharField(_("CURP"), max_length=18, blank=True)
    share_with_medical_examiner = models.BooleanField(
        _("may be shared with the medical examiner"), default=False
    )
    share_with_other_government = models.BooleanField(
        _("may be shared with the US government"), default=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("missing-person report")
        verbose_name_plural = _("missing-person reports")

    def __str__(self) -> str:
        return self.report_id


class RemainsCase(models.Model):
    """Remains examined by a medical examiner (postmortem data); its fields are the REMAINS
    columns of ``enlace remains match``."""

    case_id = models.CharField(_("case id"), max_length=40, unique=True)
    office = models.ForeignKey(
        "reference.Office",
        verbose_name=_("medical examiner's office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    stature_min_cm = models.PositiveSmallIntegerField(
        _("minimum stature (cm)"), null=True, blank=True
    )
    stature_max_cm = models.PositiveSmallIntegerField(
        _("maximum stature (cm)"), null=True, blank=True
    )
    found_date = models.DateField(_("found on"), null=True, blank=True)
    found_lat = models.DecimalField(
        _("found latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    found_lon = models.DecimalField(
        _("found longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    pmi_min_days = models.PositiveIntegerField(
        _("minimum post-mortem interval (days)"), null=True, blank=True
    )
    pmi_max_days = models.PositiveIntegerField(
        _("maximum post-mortem interval (days)"), null=True, blank=True
    )
    clothing = models.TextField(_("clothing"), blank=True)
    distinguishing_marks = models.TextField(_("distinguishing marks"), blank=True)
    document_name = models.CharField(_("name on a document found"), max_length=200, blank=True)
    document_curp = models.CharField(_("CURP on a document found"), max_length=18, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("remains case")
        verbose_name_plural = _("remains cases")

    def __str__(self) -> str:
        return self.case_id
