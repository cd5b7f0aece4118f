"""Local development and the demo: plain HTTP on 127.0.0.1, static files from the app dirs."""

from .base import *  # noqa: F403
from .base import STORAGES

DEBUG = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # type: ignore[assignment]  # served from the app folders; nothing is collected in development
WHITENOISE_AUTOREFRESH = False
