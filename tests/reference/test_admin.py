"""The reference tables are browsable and editable in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from enlace.accounts.models import Role, User

pytestmark = pytest.mark.django_db

MODELS = [
    "state",
    "municipality",
    "language",
    "sector",
    "port",
    "receptionpoint",
    "county",
    "consulate",
    "agency",
    "office",
]


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(
        username="reference.admin", password="a-long-test-password", role=Role.ADMIN
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", MODELS)
def test_changelist_opens_and_searches(admin_client, model):
    """Each reference list page opens, with its search and filters, for an admin."""
    url = reverse(f"admin:reference_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "a"}).status_code == 200


@pytest.mark.parametrize(
    ("model", "pk"),
    [("port", "2604"), ("consulate", "tucson"), ("office", "ins-el-paso"), ("agency", "INS")],
)
def test_change_page_opens(admin_client, model, pk):
    """A reference row opens in its change form (district and successors included)."""
    url = reverse(f"admin:reference_{model}_change", args=[pk])
    assert admin_client.get(url).status_code == 200
