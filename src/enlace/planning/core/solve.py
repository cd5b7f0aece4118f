"""Assign units to candidate slots: the LP relaxation as a min-cost flow, then CP-SAT.

The model: one boolean per (unit, candidate slot) and one "left unplanned" per unit; each
unit takes exactly one. For each capacity group (a reception point's hour, or a flight) the
persons assigned plus those already there stay within capacity; each person past the
comfortable load (``comfort_share``) costs ``balance_weight``. Objective, per person:
``km_weight`` × displacement km + ``wait_weight`` × waiting hours, plus the balance cost
and ``unplanned_weight`` per person left out. Costs are integers in 1/60 of a unit (a
minute of waiting is exact).

Solving it as stated with CP-SAT takes tens of seconds for a day of 5,000 persons. But its
LP relaxation — a family's persons allowed to split over slots — is a min-cost flow
(persons flow from units to capacity groups; the comfortable load is a free arc, the rest
a costly one), which OR-Tools' network simplex solves exactly in a fraction of a second,
with integral flows. Every person alone is then placed optimally; a family the flow split
is re-assigned, with the others fixed, by CP-SAT on that small residual model. The flow's
cost is the LP bound, so the gap is exact: ``optimal`` when no family was split (the flow
is then a plan), else the plan is the best found and the gap says how far it can be from
the optimum. See docs/adr/0008-planner.md.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from .candidates import Candidates, Slots
from .defaults import PlanningDefaults

SCALE = 60  # costs are integers in 1/60 of a unit


@dataclass
class Solution:
    choice: np.ndarray  # candidate index per unit, -1: unplanned
    objective: float
    optimal: bool
    bound: float | None = None
    seconds: float = 0.0
    repaired: int = 0  # families the relaxation split, placed by CP-SAT

    @property
    def gap(self) -> float | None:
        if self.bound is None:
            return None
        return (
            0.0 if self.objective <= 0 else max(0.0, (self.objective - self.bound) / self.objective)
        )


@dataclass
class Problem:
    """Candidates with per-person costs, unit sizes, capacity and comfort left per group."""

    cands: Candidates
    size: np.ndarray
    group: np.ndarray  # capacity group of each candidate
    room: np.ndarray  # capacity left per group
    comfort: np.ndarray  # comfortable load left per group (may be negative)
    defaults: PlanningDefaults

    @property
    def person_cost(self) -> np.ndarray:
        return self.cands.cost // self.size[self.cands.unit]

    def unplanned(self, unit: int) -> int:
        return int(self.defaults.unplanned_weight * SCALE * self.size[unit])


def problem_build(
    cands: Candidates, size: np.ndarray, slots: Slots, used: np.ndarray, d: PlanningDefaults
) -> Problem:
    comfort = np.floor(slots.bucket_capacity * d.comfort_share).astype(np.int64) - used
    return Problem(cands, size, slots.bucket[cands.slot], slots.bucket_capacity - used, comfort, d)


def _flow(problem: Problem, n_units: int) -> tuple[np.ndarray, float]:
    """Solve the relaxation; return the persons on each candidate arc and its cost."""
    groups = len(problem.room)
    sink = n_units + groups
    balance = problem.defaults.balance_weight * SCALE
    room = np.maximum(problem.room, 0)
    free = np.clip(problem.comfort, 0, room)
    units = np.arange(n_units)
    tails = np.concatenate([problem.cands.unit, n_units + np.arange(groups),
                            n_units + np.arange(groups), units])  # fmt: skip
    heads = np.concatenate([n_units + problem.group, np.full(2 * groups + n_units, sink)])
    capacity = np.concatenate([problem.size[problem.cands.unit], free, room - free,
                               problem.size])  # fmt: skip
    left_out = problem.defaults.unplanned_weight * SCALE
    cost = np.concatenate([problem.person_cost, np.zeros(groups, dtype=np.int64),
                           np.full(groups, balance), np.full(n_units, left_out)])  # fmt: skip
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacity, cost)
    supplies = np.concatenate([problem.size, np.zeros(groups, dtype=np.int64),
                               [-int(problem.size.sum())]])  # fmt: skip
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("the relaxation has no optimal flow")
    persons = flow.flows(np.arange(len(problem.cands.unit)))
    return persons, float(flow.optimal_cost())


def _repair(
    problem: Problem, split: list[int], fixed_load: np.ndarray, seconds: float
) -> dict[int, int]:
    """Place the split families with CP-SAT, everything else fixed."""
    cands, d = problem.cands, problem.defaults
    room = problem.room - fixed_load
    comfort = problem.comfort - fixed_load
    model = cp_model.CpModel()
    x: dict[int, cp_model.IntVar] = {}
    by_group: dict[int, list[int]] = {}
    terms: list[tuple[cp_model.IntVar, int]] = []
    for u in split:
        ks = [k for k in cands.of(u) if problem.size[u] <= room[problem.group[k]]]
        skip = model.new_bool_var(f"s{u}")
        for k in ks:
            x[k] = model.new_bool_var(f"x{k}")
            by_group.setdefault(int(problem.group[k]), []).append(k)
            terms.append((x[k], int(cands.cost[k])))
        model.add_exactly_one([x[k] for k in ks] + [skip])
        terms.append((skip, problem.unplanned(u)))
    for group, ks in by_group.items():
        sizes = [int(problem.size[cands.unit[k]]) for k in ks]
        load = cp_model.LinearExpr.weighted_sum([x[k] for k in ks], sizes)
        model.add(load <= int(room[group]))
        extra = max(0, -int(comfort[group]))  # already past comfort: every person costs
        over = model.new_int_var(0, int(room[group]) + extra, f"o{group}")
        model.add(over >= load - max(0, int(comfort[group])))
        terms.append((over, d.balance_weight * SCALE))
    model.minimize(cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms]))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.5)
    solver.parameters.num_workers = d.workers
    status = solver.solve(model)
    chosen = dict.fromkeys(split, -1)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        for k, var in x.items():
            if solver.boolean_value(var):
                chosen[int(cands.unit[k])] = k
    return chosen


def plan_cost(problem: Problem, choice: np.ndarray) -> float:
    """The objective of a choice (in the model's units, not scaled)."""
    load = np.zeros(len(problem.room), dtype=np.int64)
    total = 0
    for u, k in enumerate(choice.tolist()):
        if k < 0:
            total += problem.unplanned(u)
        else:
            total += int(problem.cands.cost[k])
            load[problem.group[k]] += problem.size[u]
    over = np.maximum(0, load - np.maximum(problem.comfort, 0))
    total += int(over.sum()) * problem.defaults.balance_weight * SCALE
    return total / SCALE


def assignment_solve(problem: Problem, n_units: int) -> Solution:
    """The plan: the relaxation's integral part, families it split placed by CP-SAT."""
    started = time.perf_counter()
    choice = np.full(n_units, -1, dtype=np.int64)
    if not len(problem.cands.unit):
        return Solution(choice, plan_cost(problem, choice), True, plan_cost(problem, choice))
    persons, bound = _flow(problem, n_units)
    cands = problem.cands
    whole = np.flatnonzero(persons == problem.size[cands.unit])
    choice[cands.unit[whole]] = whole
    moved = np.bincount(cands.unit[persons > 0], minlength=n_units)
    split = [u for u in np.flatnonzero(moved > 0).tolist() if choice[u] < 0]
    if split:
        fixed = np.zeros(len(problem.room), dtype=np.int64)
        np.add.at(fixed, problem.group[choice[choice >= 0]], problem.size[choice >= 0])
        budget = problem.defaults.time_limit_seconds - (time.perf_counter() - started)
        for u, k in _repair(problem, split, fixed, budget).items():
            choice[u] = k
    objective = plan_cost(problem, choice)
    return Solution(choice, objective, not split, bound / SCALE,
                    time.perf_counter() - started, repaired=len(split))  # fmt: skip


def lp_bound(problem: Problem, n_units: int) -> float:
    """The LP relaxation solved as an LP (GLOP), to cross-check the flow in tests."""
    cands, d = problem.cands, problem.defaults
    solver = pywraplp.Solver.CreateSolver("GLOP")
    x = [solver.NumVar(0, 1, "") for _ in range(len(cands.unit))]
    objective = solver.Objective()
    for k, var in enumerate(x):
        objective.SetCoefficient(var, float(cands.cost[k]))
    for unit in range(n_units):
        skip = solver.NumVar(0, 1, "")
        objective.SetCoefficient(skip, float(problem.unplanned(unit)))
        row = solver.Constraint(1, 1)
        row.SetCoefficient(skip, 1)
        for k in cands.of(unit):
            row.SetCoefficient(x[k], 1)
    for group in range(len(problem.room)):
        ks = np.flatnonzero(problem.group == group).tolist()
        sizes = [float(problem.size[cands.unit[k]]) for k in ks]
        cap = solver.Constraint(-solver.infinity(), float(max(0, problem.room[group])))
        over = solver.NumVar(0, solver.infinity(), "")
        objective.SetCoefficient(over, float(d.balance_weight * SCALE))
        row = solver.Constraint(-float(max(0, problem.comfort[group])), solver.infinity())
        row.SetCoefficient(over, 1)
        for k, s in zip(ks, sizes, strict=True):
            cap.SetCoefficient(x[k], s)
            row.SetCoefficient(x[k], -s)
    objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return float("nan")
    return objective.Value() / SCALE
