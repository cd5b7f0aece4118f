from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityAppConfig(AppConfig):
    name = "enlace.identity"
    verbose_name = _("Identity resolution")
