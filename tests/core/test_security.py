"""Sign-in lockout, password hashing, headers, and a clean ``check --deploy`` in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from .. import actors

pytestmark = pytest.mark.django_db
PASSWORD = "a-test-password-2026"  # noqa: S105  (a test account's)
CONSUL = actors.CONSUL_NOGALES.username


@pytest.fixture
def consul(actor):
    """The Nogales consul, with a password to sign in with."""
    user = actor(actors.CONSUL_NOGALES)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def _login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failed_sign_ins_lock_the_account(consul, client):
    """After five wrong passwords even the right one is refused, with the lockout page."""
    for _ in range(5):
        _login(client, CONSUL, "wrong-password-123")
    response = _login(client, CONSUL, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_right_password_signs_in(consul, client):
    response = _login(client, CONSUL, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(consul.pk)


def test_passwords_are_hashed_with_argon2(settings):
    """Production hashing is Argon2 (tests use a fast hasher, settings.base decides)."""
    from enlace.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_pages_carry_security_headers(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    """``manage.py check --deploy`` reports nothing with the production settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "enlace.config.settings.production",
        "ENLACE_SECRET_KEY": "k" * 20 + "Q8vZ3n1#pX7@rT5%wY2!mL9^bC4&hJ6*",
        "ENLACE_ALLOWED_HOSTS": "enlace.example.org",
        "ENLACE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "enlace.config.settings.production",
        "ENLACE_SECRET_KEY": "",
        "ENLACE_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ENLACE_SECRET_KEY" in result.stderr
