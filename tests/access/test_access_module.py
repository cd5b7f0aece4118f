"""The access module on its own: capabilities by role, system actors, the scope registry and
entry-point policies, without the apps' pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from enlace.access import (
    Capability,
    SystemActor,
    capabilities_of,
    capability_has,
    capability_require,
    scope_q,
    scoped,
)
from enlace.access.capabilities import ROLE_CAPABILITIES
from enlace.access.policy import policy, policy_of
from enlace.access.scopes import NOTHING
from enlace.accounts.models import Role, User
from enlace.people.models import Person


def test_every_role_has_a_declared_set_of_capabilities():
    assert set(ROLE_CAPABILITIES) == set(Role.values)


@pytest.mark.parametrize(
    ("username", "granted", "refused"),
    [
        ("border.tucson", Capability.MANIFEST_SUBMIT, Capability.HANDOVER_RECEIVE),
        ("removal.phoenix", Capability.HANDOVER_DELIVER, Capability.CONSULAR_ATTEND),
        ("consul.nogales", Capability.CONSULAR_ATTEND, Capability.CONSULAR_OFFER),
        ("inm.nogales", Capability.HANDOVER_RECEIVE, Capability.MANIFEST_SUBMIT),
        ("analyst", Capability.STATISTICS_READ, Capability.PERSON_READ),
        ("secretariat", Capability.AGREEMENT_EDIT, Capability.PERSON_READ),
        ("admin", Capability.USER_MANAGE, Capability.PERSON_READ),
    ],
)
def test_role_capabilities(username, granted, refused, demo_user):
    user = demo_user(username)
    assert capability_has(user, granted)
    assert not capability_has(user, refused)
    with pytest.raises(PermissionDenied):
        capability_require(user, refused)


def test_inactive_or_missing_principal_holds_nothing(demo_user):
    user = demo_user("border.tucson")
    user.is_active = False
    assert capabilities_of(user) == frozenset()
    assert capabilities_of(None) == frozenset()


def test_an_officer_without_an_office_loses_the_scoped_capabilities(db):
    user = User(username="nowhere", role=Role.US_BORDER_OFFICER, is_active=True)
    assert not capability_has(user, Capability.PERSON_READ)
    assert capability_has(user, Capability.API_TOKEN_ISSUE)


def test_a_system_actor_holds_only_what_it_was_given():
    actor = SystemActor(name="nightly", capabilities=frozenset({Capability.IDENTITY_LINK}))
    assert capability_has(actor, Capability.IDENTITY_LINK)
    assert not capability_has(actor, Capability.MANIFEST_SUBMIT)
    assert str(actor) == "system:nightly"


def test_a_system_actor_reaches_no_person_through_the_scopes(db):
    actor = SystemActor(name="job", capabilities=frozenset({Capability.PERSON_READ}))
    assert scope_q(actor, Person) == NOTHING
    assert not scoped(actor, Person).exists()


def test_a_role_without_a_rule_sees_none_of_a_model(demo_user):
    assert scope_q(demo_user("analyst"), Person) == NOTHING
    assert scoped(demo_user("border.tucson"), Person).exists()


def _view(request):
    return HttpResponse("ok")


def test_policy_admits_the_holder_refuses_others_and_sends_strangers_to_sign_in(demo_user):
    guarded = policy(Capability.MANIFEST_SUBMIT)(_view)
    request = RequestFactory().get("/somewhere/")
    request.user = demo_user("border.tucson")
    assert guarded(request).status_code == 200
    request.user = demo_user("analyst")
    with pytest.raises(PermissionDenied):
        guarded(request)
    request.user = AnonymousUser()
    response = guarded(request)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_policy_is_readable_through_other_decorators():
    from django.views.decorators.http import require_GET

    guarded = require_GET(policy(Capability.PLAN_ACCEPT)(_view))
    assert policy_of(guarded).capabilities == {Capability.PLAN_ACCEPT}
    assert policy_of(_view) is None
    assert policy_of(policy(public=True)(_view)).public
