"""The repatriation planner: a lawful point and hour for every family unit. Pure Python.

Public facade::

    from enlace.planning.core import Calendar, batch_plan, planning_defaults

    calendar = Calendar(snapshots, planning_defaults())
    plan = batch_plan(frame, rule_table(snapshots), calendar, bound=True)
    plan.frame      # the rows with handover_port, handover_at, notice_sent_at filled
    plan.rows       # one RowPlan per row: status, reason code, parameters, points considered
    plan.solution   # objective, LP bound, gap, proven optimal or best found in the limit
"""

from .calendar import Calendar, Point
from .defaults import PlanningDefaults, planning_defaults
from .explain import Reason, RowPlan, RowStatus
from .greedy import greedy_plan
from .measures import Measures, plan_measures
from .plan import BatchPlan, Load, batch_plan, manifest_frame
from .solve import Solution

__all__ = [
    "BatchPlan",
    "Calendar",
    "Load",
    "Measures",
    "PlanningDefaults",
    "Point",
    "Reason",
    "RowPlan",
    "RowStatus",
    "Solution",
    "batch_plan",
    "greedy_plan",
    "manifest_frame",
    "plan_measures",
    "planning_defaults",
]
