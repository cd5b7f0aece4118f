"""Plan a manifest with the agreements as stored now (reads only; nothing is written).

The manifest is read exactly as ``enlace manifest check`` reads it, as columns when the file
is plainly written (what the intake refuses, the planner refuses the same way:
``ManifestRejectedError``), then planned by the pure core with the stored agreements, the
compliance rule table and the planning defaults.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from enlace.agreements.selectors import arrangement_snapshots
from enlace.repatriation.catalog import manifest_catalog
from enlace.repatriation.core.compliance import rule_table
from enlace.repatriation.core.manifest.columnar import frame_cells, read_manifest_frame
from enlace.repatriation.intake import ManifestRejectedError

from .core import BatchPlan, Calendar, Load, batch_plan, manifest_frame, planning_defaults


@dataclass(frozen=True)
class ManifestPlan:
    manifest_id: str
    plan: BatchPlan


def rows_plan(
    cells: list[dict[str, str]], *, load: Load | None = None, not_before: datetime | None = None
) -> BatchPlan:
    """Plan rows given as manifest cells, against the stored agreements."""
    snapshots = arrangement_snapshots()
    calendar = Calendar(snapshots, planning_defaults())
    frame = manifest_frame(cells)
    return batch_plan(frame, rule_table(snapshots), calendar, load=load, not_before=not_before)


def manifest_plan(*, content: bytes, not_before: datetime | None = None) -> ManifestPlan:
    """Read and plan a manifest; raise ``ManifestRejectedError`` if it cannot be read."""
    result = read_manifest_frame(content, catalog=manifest_catalog())
    if result.frame is None:
        raise ManifestRejectedError(result.errors)
    cells = frame_cells(result.frame)
    return ManifestPlan(result.manifest_id, rows_plan(cells, not_before=not_before))
