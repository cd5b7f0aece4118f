from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsularAppConfig(AppConfig):
    name = "enlace.consular"
    verbose_name = _("Consular notification")

    def ready(self) -> None:
        from enlace.repatriation.hooks import after_intake_register

        from . import intake, scopes

        scopes.register()
        after_intake_register(intake.notifications_from_manifest)
