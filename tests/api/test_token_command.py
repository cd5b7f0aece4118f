"""``enlace api-token``: issue as the named user, revoke as a named system actor."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enlace.api.models import ApiToken
from enlace.api.tokens import token_authenticate
from enlace.core.models import AuditEvent

from .. import actors

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip()


def test_create_issues_a_working_token_to_the_named_user(actor):
    actor(actors.INM_NOGALES)
    plain = _run("create", actors.INM_NOGALES.username, "--name", "laptop")
    assert token_authenticate(plain) == actor(actors.INM_NOGALES)


def test_create_refuses_a_user_who_may_not_hold_a_token(actor):
    user = actor(actors.LABOR)
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(CommandError):
        _run("create", actors.LABOR.username)
    assert not ApiToken.objects.filter(user=user).exists()


def test_revoke_is_recorded_as_the_system_actor_not_as_a_user(actor):
    actor(actors.INM_NOGALES)
    plain = _run("create", actors.INM_NOGALES.username)
    token = ApiToken.objects.get(prefix=plain.split("_")[1])
    assert _run("revoke", token.prefix) == f"revoked {token.prefix}"
    assert token_authenticate(plain) is None
    event = AuditEvent.objects.filter(subject_type="api.apitoken", action="update").latest("seq")
    assert (event.actor_id, event.detail["system_actor"]) == (None, "api-token-revoke")
