"""Django's sign-in messages reach the user in the Spanish of Mexico, usted register: the
project's catalog overrides Django's es-MX and Spain wording (web/django_messages.py)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected", "not_expected"),
    [
        ("es-mx", "Escriba un nombre de usuario y una contraseña correctos", "Por favor"),
        ("en", "Please enter a correct username and password", "contraseña"),
    ],
)
def test_a_wrong_password_is_answered_in_the_users_language(language, expected, not_expected):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["enlace_language"] = language
    response = client.post(
        "/accounts/login/", {"username": "nobody-here", "password": "wrong-password"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert expected in text
    assert not_expected not in text
