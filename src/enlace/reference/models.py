"""Reference data: places, agencies and offices on both sides of the border.

Rows are loaded from the CSV files in ``reference/data`` by ``enlace load-reference``;
each file's provenance is in ``reference/data/PROVENANCE.md``.
"""

from __future__ import annotations

from typing import TypedDict

from django.db import models
from django.utils.translation import gettext_lazy as _


# How a high-volume table (encounters, manifest records, repatriations) refers to a code
# list: the code is checked against this reference data when the row is written, and the
# reference rows are never deleted (PROTECT, and the loader only adds and updates), so the
# reference carries no per-row database constraint and no index of its own. ADR 0010.
class CodeListReference(TypedDict):
    db_constraint: bool
    db_index: bool


CODE_LIST: CodeListReference = {"db_constraint": False, "db_index": False}


class Country(models.TextChoices):
    US = "US", _("United States")
    MX = "MX", _("Mexico")


class State(models.Model):
    """A Mexican state (entidad federativa), or "born abroad" (INEGI 99, CURP NE)."""

    inegi_code = models.CharField(_("INEGI code"), max_length=2, primary_key=True)
    curp_code = models.CharField(_("CURP code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=80)
    abbreviation = models.CharField(_("abbreviation"), max_length=10)

    class Meta:
        ordering = ["inegi_code"]
        verbose_name = _("Mexican state")
        verbose_name_plural = _("Mexican states")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    cvegeo = models.CharField(_("INEGI key"), max_length=5, primary_key=True)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="municipalities")
    name = models.CharField(_("name"), max_length=120)
    seat_name = models.CharField(_("municipal seat"), max_length=120, blank=True)
    population_2020 = models.PositiveIntegerField(_("population (2020 census)"), null=True)

    class Meta:
        ordering = ["cvegeo"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language a person speaks; indigenous languages of Mexico are flagged."""

    code = models.CharField(_("ISO 639-3 code"), max_length=3, primary_key=True)
    name_en = models.CharField(_("name in English"), max_length=80)
    name_es = models.CharField(_("name in Spanish"), max_length=80)
    indigenous = models.BooleanField(_("indigenous language of Mexico"), default=False)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name_en


class Sector(models.Model):
    """A US Border Patrol sector on the southwest border."""

    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    former_code = models.CharField(_("former code"), max_length=3, blank=True)
    former_name = models.CharField(_("former name"), max_length=80, blank=True)
    renamed_on = models.DateField(_("renamed on"), null=True, blank=True)
    us_state = models.CharField(_("US state"), max_length=2)
    headquarters = models.CharField(_("headquarters"), max_length=80)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    time_zone = models.CharField(_("time zone"), max_length=40)
    order = models.PositiveSmallIntegerField(_("west-to-east order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("Border Patrol sector")
        verbose_name_plural = _("Border Patrol sectors")

    def __str__(self) -> str:
        return self.name


class Port(models.Model):
    """A US–Mexico land port of entry, with its Mexican counterpart city."""

    code = models.CharField(_("CBP port code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    us_state = models.CharField(_("US state"), max_length=2)
    mx_city = models.CharField(_("Mexican city"), max_length=80)
    mx_state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="ports")
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="ports")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    time_zone = models.CharField(_("time zone (US side)"), max_length=40)
    mx_time_zone = models.CharField(_("time zone (Mexican side)"), max_length=40)
    source = models.CharField(_("source of coordinates and pairing"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("port of entry")
        verbose_name_plural = _("ports of entry")

    def __str__(self) -> str:
        return f"{self.name}, {self.us_state} – {self.mx_city}"


class ReceptionPoint(models.Model):
    """An INM repatriation module (punto de recepción) on the northern border or inland."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=80)
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reception_points")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    time_zone = models.CharField(_("time zone"), max_length=40)
    ports = models.ManyToManyField(Port, related_name="reception_points", blank=True)
    interior = models.BooleanField(_("interior (flights)"), default=False)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reception point")
        verbose_name_plural = _("reception points")

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    """A US county, the unit consular districts are drawn in."""

    fips = models.CharField(_("FIPS code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=80)
    us_state = models.CharField(_("US state"), max_length=2)

    class Meta:
        ordering = ["us_state", "name"]
        verbose_name = _("US county")
        verbose_name_plural = _("US counties")

    def __str__(self) -> str:
        return f"{self.name}, {self.us_state}"


class Consulate(models.Model):
    """A Mexican consulate in a border state, with its consular district."""

    class Category(models.TextChoices):
        GENERAL = "general", _("Consulate general")
        CAREER = "career", _("Career consulate")

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    city = models.CharField(_("city"), max_length=80)
    us_state = models.CharField(_("US state"), max_length=2)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    time_zone = models.CharField(_("time zone"), max_length=40)
    district = models.ManyToManyField(County, related_name="consulates", blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["us_state", "city"]
        verbose_name = _("Mexican consulate")
        verbose_name_plural = _("Mexican consulates")

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.city}, {self.us_state}"


class Agency(models.Model):
    """A government agency or component on either side (CBP/USBP, ICE ERO, SRE, INM, DIF…)."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    name_en = models.CharField(_("name in English"), max_length=160)
    name_es = models.CharField(_("name in Spanish"), max_length=160)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="components"
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successors"),
        help_text=_("For a former agency: the agencies that took over its functions."),
    )

    class Meta:
        ordering = ["country", "code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.code


class Office(models.Model):
    """An office of an agency, the unit a user belongs to and scopes are drawn from."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="offices")
    name_en = models.CharField(_("name in English"), max_length=160)
    name_es = models.CharField(_("name in Spanish"), max_length=160)
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    port = models.ForeignKey(
        Port, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    consulate = models.ForeignKey(
        Consulate, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    reception_point = models.ForeignKey(
        ReceptionPoint, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    mx_state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="offices"
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=40)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("successor"),
        help_text=_("For a former office (an INS district, say): the office that took over."),
    )

    class Meta:
        ordering = ["agency", "code"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name_en
