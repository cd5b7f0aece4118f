from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepatriationConfig(AppConfig):
    name = "enlace.repatriation"
    verbose_name = _("Repatriation")

    def ready(self) -> None:
        from . import scopes

        scopes.register()
