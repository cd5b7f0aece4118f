"""The demo: one user per role, synthetic persons from submitted manifests, safe to rerun."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from stdnum.mx import curp

from enlace.accounts.models import Role, User
from enlace.core.models import AuditAction, AuditEvent
from enlace.people.models import Person
from enlace.repatriation.models import Manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_population")]


def test_one_demo_user_per_role():
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_the_demo_loader_is_named_in_the_audit_log():
    """The users are created, and the manifests of offices with no demo user submitted, by
    the demo loader: a named system actor, not an anonymous one."""
    users = AuditEvent.objects.filter(subject_type="accounts.user", detail__demo=True)
    assert users.exists()
    assert all(e.detail["system_actor"] == "demo-loader" for e in users)
    imports = AuditEvent.objects.filter(
        action=AuditAction.IMPORT, subject_type="repatriation.manifest", actor=None
    )
    assert imports.exists()
    assert {e.detail.get("system_actor") for e in imports} == {"demo-loader"}


def test_demo_population_comes_through_the_intake_with_valid_curps():
    assert Manifest.objects.count() > 50
    assert Person.objects.count() > 100
    curps = list(Person.objects.exclude(curp=None).values_list("curp", flat=True))
    assert curps
    assert all(curp.is_valid(c) for c in curps)


def test_running_demo_again_keeps_the_data_and_adds_today_once(capsys):
    """`enlace demo` on a database that has the demo keeps every manifest and person, adds
    today's work when the day has none, and a second run the same day adds nothing."""
    kept = set(Manifest.objects.values_list("manifest_id", flat=True))
    call_command("demo")
    out = capsys.readouterr().out
    assert kept < set(Manifest.objects.values_list("manifest_id", flat=True))
    assert "already present" in out
    assert "Today's work added" in out
    assert "consul.nogales" in out

    persons, manifests = Person.objects.count(), Manifest.objects.count()
    call_command("demo")
    out = capsys.readouterr().out
    assert (Person.objects.count(), Manifest.objects.count()) == (persons, manifests)
    assert "Today's work added" not in out
