from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningAppConfig(AppConfig):
    name = "enlace.planning"
    verbose_name = _("Repatriation planning")

    def ready(self) -> None:
        from . import scopes

        scopes.register()
