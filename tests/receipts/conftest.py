"""Named actors and a stored manifest whose handovers are scheduled at Nogales."""

from __future__ import annotations

from pathlib import Path

import pytest

from enlace.repatriation.intake import manifest_submit
from enlace.repatriation.models import Repatriation

from .. import actors

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "manifest-example.csv"


@pytest.fixture
def repatriation(actor) -> Repatriation:
    """The example manifest's first scheduled handover (Tucson sector → Nogales)."""
    manifest = manifest_submit(actor=actor(actors.BORDER_TUCSON), content=EXAMPLE.read_bytes())
    return (
        Repatriation.objects.filter(manifest_record__manifest=manifest.manifest)
        .select_related("manifest_record__manifest", "person", "port", "reception_point")
        .order_by("manifest_record__line")[0]
    )
