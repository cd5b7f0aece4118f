"""The demo's border-safety records: the Tucson BLM's threshold, one escalation replayed on a
real summer of the medical examiner's records, and a rescue recorded by Border Patrol.

Run by ``demo_load``; each piece is added once (a second ``enlace demo`` adds nothing)."""

from __future__ import annotations

import datetime

from enlace.accounts.models import User
from enlace.core import clock
from enlace.safety.models import Escalation, Incident, RiskThreshold
from enlace.safety.risk import escalations_check, risk_threshold_set
from enlace.safety.services import rescue_record

REPLAYED_DAY = datetime.date(2010, 7, 31)  # July 2010: the deadliest month in the PCOME records


def demo_safety() -> None:
    """Add the demo's safety records that are not there yet."""
    officer = User.objects.filter(username="border.tucson").first()
    if officer is None:
        return
    if not RiskThreshold.objects.filter(sector_id="TCA").exists():
        risk_threshold_set(actor=officer, sector_code="TCA", deaths=20, window_days=30)
    if not Escalation.objects.exists() and Incident.objects.filter(source="pcome").exists():
        escalations_check(today=REPLAYED_DAY)
    if not Incident.objects.filter(kind="rescue", source="enlace").exists():
        rescue_record(
            actor=officer,
            rescued_on=(clock.now().date() - datetime.timedelta(days=2)).isoformat(),
            latitude="31.612",
            longitude="-111.520",
            persons="4",
            circumstance="heat",
            location="Altar Valley, west of Arivaca Road",
        )
