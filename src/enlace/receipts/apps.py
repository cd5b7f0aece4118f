from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceiptsAppConfig(AppConfig):
    name = "enlace.receipts"
    verbose_name = _("Handover receipts")

    def ready(self) -> None:
        from . import scopes

        scopes.register()
