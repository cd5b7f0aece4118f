from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SynthAppConfig(AppConfig):
    name = "enlace.synth"
    verbose_name = _("Synthetic population")
