from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyAppConfig(AppConfig):
    """Border safety: deaths, rescues, missing persons and remains (issue 15)."""

    name = "enlace.safety"
    verbose_name = _("Border safety")

    def ready(self) -> None:
        from enlace.reference.extensions import reference_loader_register

        from .services import safety_data_load

        reference_loader_register("safety", safety_data_load)

        from . import scopes

        scopes.register()
