"""Production: HTTPS only, secrets and hosts from the environment.

Required: ``ENLACE_SECRET_KEY`` (50+ random characters), ``ENLACE_ALLOWED_HOSTS``
(comma-separated) and ``DATABASE_URL``.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("ENLACE_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("ENLACE_SECRET_KEY must be set to at least 50 random characters.")
ALLOWED_HOSTS = [h for h in os.environ.get("ENLACE_ALLOWED_HOSTS", "").split(",") if h]
# Officers' receipt-signing keys are encrypted at rest under a key derived from this secret
# (SECRET_KEY when unset): keep it apart from SECRET_KEY so rotating one spares the other.
ENLACE_RECEIPT_KEY_SECRET = os.environ.get("ENLACE_RECEIPT_KEY_SECRET", "")

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
