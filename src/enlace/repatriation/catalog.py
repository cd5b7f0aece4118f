"""The reference data a manifest is read and checked against: the codes it may name, the
current sector codes, the rule table of the stored agreements, a stored manifest's cells.

Internal reads for the intake, the stored tables and the planner (no personal data, nothing
audited); what a user sees goes through ``selectors``.
"""

from __future__ import annotations

from enlace.agreements.selectors import arrangement_snapshots
from enlace.reference.models import Consulate, Office, Port, Sector, State

from .core.compliance import RuleTable, rule_table
from .core.manifest import Catalog
from .core.manifest.columnar import frame_cells, read_manifest_frame
from .models import Manifest


def manifest_catalog() -> Catalog:
    """The codes a manifest may name, from the reference tables (former sector codes too)."""
    sectors = set(Sector.objects.values_list("code", flat=True))
    sectors |= set(Sector.objects.exclude(former_code="").values_list("former_code", flat=True))
    return Catalog(
        offices=frozenset(Office.objects.values_list("code", flat=True)),
        sectors=frozenset(sectors),
        ports=frozenset(Port.objects.values_list("code", flat=True)),
        states=frozenset(State.objects.values_list("curp_code", flat=True)),
        consulates=frozenset(Consulate.objects.values_list("code", flat=True)),
    )


def sector_codes_current() -> dict[str, str]:
    """Map every sector code, current or former (MAR, MCA), to the current one."""
    mapping = {code: code for code in Sector.objects.values_list("code", flat=True)}
    for code, former in Sector.objects.exclude(former_code="").values_list("code", "former_code"):
        mapping[former] = code
    return mapping


def manifest_cells(manifest: Manifest) -> dict[str, dict[str, str]]:
    """The stored manifest's rows as received: record id → column → trimmed cell text.

    For internal use by services and tests (no audit): callers that show cells to a user go
    through ``selectors.manifest_get``."""
    frame = read_manifest_frame(manifest.content_bytes(), catalog=manifest_catalog()).frame
    if frame is None:
        return {}
    return {cells["record_id"]: cells for cells in frame_cells(frame)}


def compliance_table() -> RuleTable:
    """The rule table of the agreements as stored now (edits by the secretariat included)."""
    return rule_table(arrangement_snapshots())
