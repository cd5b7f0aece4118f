from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsAppConfig(AppConfig):
    name = "enlace.stats"
    verbose_name = _("Statistics")
