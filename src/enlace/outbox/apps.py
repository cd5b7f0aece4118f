from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxAppConfig(AppConfig):
    name = "enlace.outbox"
    verbose_name = _("Delivery to the other side")
