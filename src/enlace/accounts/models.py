from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user does; scopes in the selectors are drawn from the role and the office."""

    US_BORDER_OFFICER = "us_border_officer", _("Border Patrol / CBP officer")
    US_REMOVAL_OFFICER = "us_removal_officer", _("ICE removal officer")
    MX_CONSULAR_OFFICER = "mx_consular_officer", _("Mexican consular officer")
    MX_RECEPTION_OFFICER = "mx_reception_officer", _("INM reception officer")
    MX_CHILD_PROTECTION_OFFICER = "mx_child_protection_officer", _("DIF child protection officer")
    MEDICAL_EXAMINER = "medical_examiner", _("Medical examiner (US county office)")
    ANALYST = "analyst", _("Analyst")
    LABOR_OFFICER = "labor_officer", _("Labor officer")
    CENTRAL_AUTHORITY_OFFICER = "central_authority_officer", _("Central Authority officer")
    SECRETARIAT = "secretariat", _("Working group secretariat")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A person who signs in. Belongs to one office; the admin role may have none."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    office = models.ForeignKey(
        "reference.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("office"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.username
