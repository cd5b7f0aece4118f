from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsularAppConfig(AppConfig):
    name = "enlace.consular"
    verbose_name = _("Consular notification")

    def ready(self) -> None:
        from . import scopes

        scopes.register()
