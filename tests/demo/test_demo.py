"""The demo: one user per role, synthetic persons, and a second run that changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from stdnum.mx import curp

from enlace.accounts.models import Role, User
from enlace.demo.population import demo_population
from enlace.people.models import Person

from ..conftest import DEMO_SIZE, DEMO_TODAY

pytestmark = pytest.mark.django_db


def test_one_demo_user_per_role():
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == set(Role.values)


def test_demo_population_is_loaded_with_valid_curps():
    assert Person.objects.count() == DEMO_SIZE
    curps = Person.objects.exclude(curp=None).values_list("curp", flat=True)
    assert len(curps) > DEMO_SIZE * 0.9
    assert all(curp.is_valid(c) for c in curps)


def test_demo_is_deterministic():
    assert demo_population(seed=7, today=DEMO_TODAY) == demo_population(seed=7, today=DEMO_TODAY)
    assert demo_population(seed=7, today=DEMO_TODAY) != demo_population(seed=8, today=DEMO_TODAY)


def test_running_demo_again_is_safe(capsys):
    """A second `enlace demo` keeps the data and prints the logins again."""
    call_command("demo")
    out = capsys.readouterr().out
    assert Person.objects.count() == DEMO_SIZE
    assert "consul.tucson" in out
    assert "already present" in out
