"""Who is on a manifest, as its page lists them: line, name, family unit, what the receiving
side must prepare for and, once a plan is accepted, the planned port, point and local hour.

Takes a manifest already read through ``repatriation.selectors.manifest_get`` (scoped, its
read audited): the roster is part of that read. Also names the persons of the manifest's
findings (``finding_names``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator

from enlace.repatriation.models import Manifest, ManifestRecord

from .models import PlanRow, PlanRowStatus, PlanStatus
from .review import row_marks, row_zone

# Persons a page of the roster shows.
ROSTER_PAGE = 50


@dataclass(frozen=True)
class RosterLine:
    record: ManifestRecord
    marks: list[str]
    plan_row: PlanRow | None

    @property
    def family(self) -> str:
        """The family unit's own part of its reference (after the manifest's prefix)."""
        group = self.record.family_group
        return group.reference.rsplit("/", 1)[-1] if group is not None else ""

    @property
    def planned(self) -> bool:
        return self.plan_row is not None and self.plan_row.status != PlanRowStatus.UNPLANNED

    @property
    def zone(self) -> str:
        return row_zone(self.plan_row) if self.plan_row is not None else "UTC"


def manifest_roster(*, manifest: Manifest, page: Any = 1) -> Page:
    """A page of the manifest's persons in file order, each with the row of the accepted plan
    (None before a plan is accepted). Three queries whatever the page's length."""
    records = manifest.records.select_related("person", "family_group").order_by("line")
    shown = Paginator(records, ROSTER_PAGE).get_page(page)
    rows = PlanRow.objects.filter(
        plan__manifest=manifest,
        plan__status=PlanStatus.ACCEPTED,
        record__in=[record.pk for record in shown.object_list],
    ).select_related("port", "reception_point")
    by_record = {row.record_id: row for row in rows}
    lines: Any = [
        RosterLine(record, row_marks(record), by_record.get(record.pk))
        for record in shown.object_list
    ]
    shown.object_list = lines  # the page now lists the lines of its records
    return shown


def finding_names(manifest: Manifest, record_ids: set[str]) -> dict[str, str]:
    """The full names of the persons of these records of the manifest, by record id."""
    records = manifest.records.filter(record_id__in=record_ids).select_related("person")
    return {record.record_id: record.person.full_name for record in records}
