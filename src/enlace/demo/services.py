"""Load the demo: one user per role and a synthetic population, through the real intake.

The population comes from the synthetic generator (``enlace synth``): its daily manifests
for the last weeks of a year are submitted like any US office's manifests, so the demo shows
persons, encounters, findings and scheduled handovers exactly as the workflow stores them.
No real person is in it.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from django.db import transaction

from enlace.access import Actor, Capability, SystemActor, capability_has
from enlace.accounts.models import User
from enlace.agreements.services import secretariat_permissions_grant
from enlace.core.audit import audit_record
from enlace.core.clock import clock_frozen
from enlace.core.models import AuditAction
from enlace.people.models import Person
from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Manifest
from enlace.repatriation.selectors import compliance_table
from enlace.synth import SynthConfig, synth_generate

from .accounts import DEMO_PASSWORD, DEMO_USERS, DemoUser
from .safety import demo_safety
from .today import demo_today, demo_today_present

DEMO_YEAR = 2019
DEMO_FROM = "2019-11-01"  # manifests of the last two months of the year

# The demo loader, named in the audit log: it creates the demo users and submits the
# synthetic manifests of offices that have no demo user (the others go as their officer).
DEMO_LOADER = SystemActor(name="demo-loader", capabilities=frozenset({Capability.MANIFEST_SUBMIT}))


@dataclass(frozen=True)
class DemoSummary:
    users: int
    persons: int
    manifests: int
    loaded: bool
    today: bool = False


def demo_users_ensure() -> list[DemoUser]:
    """Create or reset the demo users (one per role) with the demo password."""
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(username=demo.username)
        user.role = demo.role
        user.office_id = demo.office_code
        user.is_staff = user.is_superuser = demo.role == "admin"
        user.set_password(DEMO_PASSWORD)
        user.save()
        action = AuditAction.CREATE if created else AuditAction.UPDATE
        audit_record(actor=DEMO_LOADER, action=action, subject=user, detail={"demo": True})
    secretariat_permissions_grant(user=User.objects.get(username="secretariat"))
    return list(DEMO_USERS)


def demo_manifests(*, seed: int, persons: int, folder: Path) -> list[Path]:
    """Generate the synthetic population and return its manifests from ``DEMO_FROM`` on."""
    synth_generate(
        SynthConfig(persons=persons, first_year=DEMO_YEAR, last_year=DEMO_YEAR, seed=seed,
                    out=folder / "synth", workers=1)
    )  # fmt: skip
    manifests = (folder / "synth" / "manifests").glob("*.csv")
    return sorted(path for path in manifests if path.name >= DEMO_FROM)


def demo_load(*, seed: int = 2003, persons: int = 1200, today: bool = True) -> DemoSummary:
    """Create the demo users; unless case data already exists, submit the demo manifests
    (each by an officer of its sending office when there is one, else by ``DEMO_LOADER``);
    and, with ``today``, add today's work for every role (``demo.today``) unless it is there
    already, so that a demo database kept for days gets a fresh day at each ``enlace demo``."""
    users = demo_users_ensure()
    loaded = not (Manifest.objects.exists() or Person.objects.exists())
    if loaded:
        officers = User.objects.exclude(office=None).select_related("office")
        senders: dict[str | None, Actor] = {
            u.office_id: u for u in officers if capability_has(u, Capability.MANIFEST_SUBMIT)
        }
        table = compliance_table()
        with tempfile.TemporaryDirectory() as scratch, transaction.atomic():
            for path in demo_manifests(seed=seed, persons=persons, folder=Path(scratch)):
                day, office = path.stem.split("_", 1)
                # each manifest checked as on the day it was sent, not years later
                with clock_frozen(datetime.combine(date.fromisoformat(day), time(), UTC)):
                    manifest_submit(
                        actor=senders.get(office, DEMO_LOADER), content=path.read_bytes(),
                        source_name=path.name, table=table,
                    )  # fmt: skip
    demo_safety()
    added_today = today and not demo_today_present()
    if added_today:
        with transaction.atomic():
            demo_today(seed=seed + 1)
    return DemoSummary(
        len(users), Person.objects.count(), Manifest.objects.count(), loaded, added_today
    )
