from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyAppConfig(AppConfig):
    """Border safety: deaths, rescues, missing persons and remains (issue 15)."""

    name = "enlace.safety"
    verbose_name = _("Border safety")
