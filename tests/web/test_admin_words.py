"""The admin in the Spanish of Mexico: the strings Django's es-MX catalog lacks come from the
project's catalog (``enlace.web.django_messages``), not from Spain's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .. import actors

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, actor):
    client.force_login(actor(actors.ADMIN))
    client.cookies["enlace_language"] = "es-mx"
    return client


def test_admin_index_is_in_mexican_spanish(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "Ir al contenido principal" in html
    assert "Saltar al contenido principal" not in html
    assert "Acciones recientes" in html
    assert "Añadir" not in html


def test_admin_list_and_form_are_in_mexican_spanish(admin_client):
    listing = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Ruta de navegación" in listing
    assert "Guía-rastro" not in listing
    form = admin_client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "Guardar y agregar otro" in form
    assert "Añadir" not in form


def test_the_sign_in_attempts_admin_is_in_spanish(admin_client):
    """django-axes has no Spanish catalog; the project's gives its admin pages."""
    html = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "intentos de acceso" in html.lower()
    assert "Access attempts" not in html
    assert "Bloqueado" in html  # the "Locked Out" filter
