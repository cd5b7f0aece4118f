from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo (composition layer): its ``enlace demo`` command loads the reference data,
    the agreements and the synthetic demo population."""

    name = "enlace.demo"
    verbose_name = _("Demo")
