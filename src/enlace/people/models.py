"""Persons, their identity documents and families, and their encounters with US agencies.

Business rules live in ``services.py`` (writes) and ``selectors.py`` (scoped reads), not here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from enlace.reference.models import CODE_LIST

from .core.dates import DatePrecision, PartialDate


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    X = "X", _("Another / not specified")


class Precision(models.TextChoices):
    DAY = DatePrecision.DAY.value, _("Exact date")
    MONTH = DatePrecision.MONTH.value, _("Month and year only")
    YEAR = DatePrecision.YEAR.value, _("Year only")


class Person(models.Model):
    """A person as enlace knows them: one row per human being, linked from every record."""

    given_names = models.CharField(_("given names"), max_length=120)
    paternal_surname = models.CharField(_("paternal surname"), max_length=80, blank=True)
    maternal_surname = models.CharField(_("maternal surname"), max_length=80, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_date_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    birth_date_approximate = models.BooleanField(_("date of birth is approximate"), default=False)
    nationality = models.CharField(_("nationality (ISO 3166 alpha-3)"), max_length=3, default="MEX")
    # Unique where known (see Meta): persons without a CURP cost its index nothing.
    curp = models.CharField(_("CURP"), max_length=18, null=True, blank=True)
    state_of_birth = models.ForeignKey(
        "reference.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("state of birth"),
        **CODE_LIST,
    )
    languages: models.ManyToManyField = models.ManyToManyField(
        "reference.Language", through="PersonLanguage", related_name="+", blank=True
    )
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["paternal_surname", "maternal_surname", "given_names", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(Upper("paternal_surname"), Upper("given_names"), name="person_name_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["curp"], condition=Q(curp__isnull=False), name="person_curp_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.given_names, self.paternal_surname, self.maternal_surname) if p
        )

    @property
    def birth(self) -> PartialDate | None:
        if self.birth_date is None:
            return None
        return PartialDate(self.birth_date, DatePrecision(self.birth_date_precision))


class PersonLanguage(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="spoken_languages")
    language = models.ForeignKey("reference.Language", on_delete=models.PROTECT, related_name="+")
    primary = models.BooleanField(_("primary language"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_unique"),
        ]
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")

    def __str__(self) -> str:
        return f"{self.person_id}:{self.language_id}"


class DocumentKind(models.TextChoices):
    A_NUMBER = "a_number", _("A-number")
    FIN = "fin", _("FIN")
    MATRICULA = "matricula", _("Matrícula consular")
    PASSPORT = "passport", _("Passport")
    CURP = "curp", _("CURP")


class IdentityDocument(models.Model):
    """A typed, validated identity number held by a person (stored normalized)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=20)
    issuing_country = models.CharField(_("issuing country"), max_length=3, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="document_kind_number_unique"),
        ]
        indexes = [models.Index(fields=["number"], name="document_number_idx")]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Relationship(models.TextChoices):
    HEAD = "head", _("Head of family")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    CUSTODIAN = "custodian", _("Custodian")
    NONE = "none", _("No relationship")


class FamilyGroup(models.Model):
    """People who travel together and must be kept together."""

    reference = models.CharField(_("reference"), max_length=160, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("family group")
        verbose_name_plural = _("family groups")

    def __str__(self) -> str:
        return self.reference


class FamilyMembership(models.Model):
    group = models.ForeignKey(FamilyGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_memberships")
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="family_member_unique"),
        ]
        verbose_name = _("family member")
        verbose_name_plural = _("family members")

    def __str__(self) -> str:
        return f"{self.group_id}:{self.person_id}"


class EncounterKind(models.TextChoices):
    APPREHENSION = "apprehension", _("Apprehension")
    INSPECTION = "inspection", _("Inadmissible at a port")
    DETENTION = "detention", _("Detention")


class Encounter(models.Model):
    """An apprehension or detention of a person by a US agency: when, where, by whom."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="encounters")
    kind = models.CharField(_("kind"), max_length=20, choices=EncounterKind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    # Code lists (agency, offices, sector, port, county, consulate): see CODE_LIST.
    agency = models.ForeignKey(
        "reference.Agency", on_delete=models.PROTECT, related_name="+", **CODE_LIST
    )
    office = models.ForeignKey(
        "reference.Office", on_delete=models.PROTECT, related_name="encounters", **CODE_LIST
    )
    custody_office = models.ForeignKey(
        "reference.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="custody_encounters",
        verbose_name=_("office holding the person"),
        **CODE_LIST,
    )
    sector = models.ForeignKey(
        "reference.Sector",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        **CODE_LIST,
    )
    port = models.ForeignKey(
        "reference.Port",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        **CODE_LIST,
    )
    county = models.ForeignKey(
        "reference.County",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("US county"),
        **CODE_LIST,
    )
    consulate = models.ForeignKey(
        "reference.Consulate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consulate notified"),
        **CODE_LIST,
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True)
    family_group = models.ForeignKey(
        FamilyGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="encounters",
        db_index=False,
    )
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("encounter")
        verbose_name_plural = _("encounters")
        # Nullable references are indexed only where set: a manifest's encounters have no
        # port or county, so writing them costs those indexes nothing.
        indexes = [
            models.Index(fields=["office", "occurred_at"], name="encounter_office_idx"),
            models.Index(fields=["custody_office"], name="encounter_custody_idx"),
            *(
                models.Index(
                    fields=fields, name=name, condition=Q(**{f"{fields[0]}__isnull": False})
                )
                for fields, name in (
                    (["sector", "occurred_at"], "encounter_sector_idx"),
                    (["county"], "encounter_county_idx"),
                    (["port"], "encounter_port_idx"),
                    (["consulate"], "encounter_consulate_idx"),
                    (["family_group"], "encounter_family_idx"),
                    (["recorded_by"], "encounter_recorded_by_idx"),
                )
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_at:%Y-%m-%d}"
