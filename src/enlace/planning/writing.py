"""Write a plan: the planned manifest, the listing of unplanned rows, the JSON report.

``PLANNED.csv`` is the manifest (format v1, every column, the input's rows in order) with
``handover_port``, ``handover_at`` and ``notice_sent_at`` filled for planned rows; it
passes ``enlace manifest check`` for those rows. ``PLANNED.unplanned.csv`` (written only
when a row could not be planned) lists each unplanned row with the reason code, the rule
and its citation, and the explanation in English and Spanish.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from enlace.repatriation.core.manifest import COLUMNS
from enlace.repatriation.messages import bilingual

from .core import BatchPlan, RowStatus
from .messages import row_dict

UNPLANNED_COLUMNS = (
    "record_id", "reason", "rule", "agreement", "version", "clause", "message_en", "message_es",
)  # fmt: skip
SUMMARY = _(
    "%(manifest_id)s: %(planned)s of %(records)s rows planned, %(unplanned)s unplanned; "
    "objective %(objective)s, LP bound %(bound)s (%(status)s)."
)
OPTIMAL = _("optimal")
BEST_FOUND = _("best found, gap %(gap)s%%")


def unplanned_path(out: Path) -> Path:
    return out.with_name(out.stem + ".unplanned.csv")


def plan_write(plan: BatchPlan, out: Path) -> Path | None:
    """Write the planned manifest and, if any row is unplanned, its listing; return the
    listing's path (None when every row was planned; a stale listing is removed)."""
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in plan.frame.select(COLUMNS).iter_rows():
            writer.writerow(["" if cell is None else cell for cell in row])
    listing = unplanned_path(out)
    rows = [row_dict(r) for r in plan.rows if r.status == RowStatus.UNPLANNED]
    if not rows:
        listing.unlink(missing_ok=True)
        return None
    with listing.open("w", encoding="utf-8", newline="") as handle:
        listed = csv.DictWriter(handle, fieldnames=UNPLANNED_COLUMNS, extrasaction="ignore")
        listed.writeheader()
        listed.writerows({k: ("" if v is None else v) for k, v in r.items()} for r in rows)
    return listing


def plan_report(
    manifest_id: str, plan: BatchPlan, out: Path | None, listing: Path | None
) -> dict[str, Any]:
    """The plan as the JSON shape of ``enlace manifest plan --format json``."""
    solution = plan.solution
    gap = solution.gap
    status = "optimal" if solution.optimal else "best_found"
    params = {
        "manifest_id": manifest_id, "planned": plan.planned, "records": len(plan.rows),
        "unplanned": plan.unplanned, "objective": f"{solution.objective:,.1f}",
        "bound": "-" if solution.bound is None else f"{solution.bound:,.1f}",
    }  # fmt: skip
    status_en, status_es = bilingual(
        OPTIMAL if solution.optimal else BEST_FOUND, {"gap": f"{(gap or 0) * 100:.3f}"}
    )
    summary_en, _es = bilingual(SUMMARY, params | {"status": status_en})
    _en, summary_es = bilingual(SUMMARY, params | {"status": status_es})
    return {
        "manifest_id": manifest_id,
        "records": len(plan.rows),
        "planned": plan.planned,
        "unplanned": plan.unplanned,
        "status": status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": gap,
        "solve_seconds": round(solution.seconds, 3),
        "out": str(out) if out else None,
        "unplanned_listing": str(listing) if listing else None,
        "summary_en": summary_en,
        "summary_es": summary_es,
        "rows": [row_dict(r) for r in plan.rows],
    }
