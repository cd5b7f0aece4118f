"""A plan as the officer reviews it before accepting: rows grouped by family unit (the units
with a vulnerable person first, and inside a unit its vulnerable members first), each with
its point and local hour, the vulnerable persons marked, and for an unplanned row the rule
that stops it and the clause it cites.

Takes a plan already read through ``selectors.plan_get`` (scoped and audited).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from enlace.repatriation.messages import FINDING_MESSAGES

from .core import Reason
from .messages import REASON_MESSAGES
from .models import Plan, PlanRow, PlanRowStatus

# How many family units the page shows; a plan that large is read through the API.
UNITS_SHOWN = 300
MEDICAL_MARKS = {
    "stable": _("Medical condition: stable"),
    "serious": _("Medical condition: serious"),
}
# A rule's own message, without the numbers a plan row does not carry.
RULE_PARAMS = {"lead_minutes": "", "handover_port": ""}


@dataclass
class ReviewRow:
    row: PlanRow
    zone: str
    marks: list[str]
    explanation: str

    @property
    def record(self) -> Any:
        return self.row.record

    @property
    def unplanned(self) -> bool:
        return self.row.status == PlanRowStatus.UNPLANNED

    @property
    def params(self) -> dict[str, Any]:
        return self.row.params or {}


@dataclass
class FamilyUnit:
    key: str
    reference: str
    rows: list[ReviewRow] = field(default_factory=list)

    @property
    def considered(self) -> list[dict[str, Any]]:
        return self.rows[0].row.considered if self.rows else []

    @property
    def vulnerable(self) -> bool:
        return any(item.marks for item in self.rows)


@dataclass
class RowGroup:
    """The rows under one heading of the plan's table: a family unit, or a run of persons
    travelling alone (``reference`` empty)."""

    reference: str
    rows: list[ReviewRow]


def plan_groups(units: list[FamilyUnit]) -> list[RowGroup]:
    """The table's groups, in the units' order: one per family unit, one per run of
    persons travelling alone."""
    groups: list[RowGroup] = []
    for unit in units:
        if not unit.reference and groups and not groups[-1].reference:
            groups[-1].rows.extend(unit.rows)
        else:
            groups.append(RowGroup(unit.reference, list(unit.rows)))
    return groups


def _format(template: Any, params: dict[str, Any]) -> str:
    text = str(template)
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return text


def row_explanation(row: PlanRow) -> str:
    """Why the row has its point and hour, or none, in the active language (followed by the
    blocking rule's own message when a rule stops it)."""
    params = row.params or {}
    try:
        template = REASON_MESSAGES[Reason(row.reason)]
    except ValueError:
        return row.reason
    text = _format(template, params)
    rule = params.get("rule")
    if rule in FINDING_MESSAGES:
        text = f"{text} {_format(FINDING_MESSAGES[rule], RULE_PARAMS)}"
    return text


def row_marks(record: Any) -> list[str]:
    """What the receiving side must prepare for."""
    marks = []
    if record.unaccompanied_minor:
        marks.append(str(_("Unaccompanied minor")))
    if record.pregnant:
        marks.append(str(_("Pregnant")))
    if record.disability:
        marks.append(str(_("Disability")))
    if record.medical_condition in MEDICAL_MARKS:
        marks.append(str(MEDICAL_MARKS[record.medical_condition]))
    return marks


def row_zone(row: PlanRow) -> str:
    """The zone of the row's hours: its reception point's, else its port's Mexican side."""
    if row.reception_point is not None:
        return row.reception_point.time_zone
    if row.port is not None:
        return row.port.mx_time_zone
    return "UTC"


def _vulnerable_first(units: list[FamilyUnit]) -> list[FamilyUnit]:
    """The units with a vulnerable person first, families before persons travelling alone,
    and inside each unit its vulnerable members first; file order otherwise (stable sorts)."""
    for unit in units:
        unit.rows.sort(key=lambda item: not item.marks)
    return sorted(units, key=lambda unit: (not unit.vulnerable, not unit.reference))


def plan_review(plan: Plan) -> tuple[list[FamilyUnit], int]:
    """The plan's rows grouped by family unit, vulnerable persons first
    (``_vulnerable_first``), and how many units there are."""
    rows = plan.rows.select_related(
        "record__person", "record__family_group", "port", "reception_point"
    ).order_by("record__line")
    units: dict[str, FamilyUnit] = {}
    for row in rows:
        record = row.record
        key = f"family-{record.family_group_id}" if record.family_group_id else f"row-{row.pk}"
        if key not in units:
            group = record.family_group
            reference = group.reference if group is not None else ""
            units[key] = FamilyUnit(key=key, reference=reference)
        review = ReviewRow(row, row_zone(row), row_marks(record), row_explanation(row))
        units[key].rows.append(review)
    every = _vulnerable_first(list(units.values()))
    return every[:UNITS_SHOWN], len(every)


def plan_gap(plan: Plan) -> float | None:
    """How far the plan can be above the optimum, as a fraction (None without a bound)."""
    if plan.bound is None:
        return None
    if plan.objective <= 0:
        return 0.0
    return max(0.0, (plan.objective - plan.bound) / plan.objective)
