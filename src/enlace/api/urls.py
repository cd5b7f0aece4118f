"""Mounted at ``/api/v1/`` by ``enlace.config.urls``."""

from .api import api

app_name = "api"
urlpatterns = api.urls[0]
