"""The planner (METHODOLOGY §10): which (force, framework, quarter) inspections cover the most risk
within the inspector-days of each quarter.

Pure: no Django, no database. An integer programme solved exactly with scipy's `milp` (HiGHS):

    maximise    Σ risk(c) · x[c, q]
    subject to  Σ_q x[c, q] ≤ 1                 one inspection of a (force, framework) per programme
                Σ_q x[c, q] = 1                 for mandatory and pinned-in inspections
                Σ_c days(c) · x[c, q] ≤ cap(q)  inspector-days per quarter
                Σ_{c of force f} x[c, q] ≤ L    at most L inspections of one force per quarter
                x[c, q] ∈ {0, 1}

A candidate pinned out, or scoring below the cut-off (and neither mandatory nor pinned in), gets no
variable. The greedy solution (by risk per inspector-day, earliest quarter that fits) is worked out
beside it, so a reader sees what the exact solver gains. Every chosen inspection carries its reasons
and every candidate left out says why.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from .problem import (
    Candidate,
    Chosen,
    InvalidProblem,
    LeftOut,
    Pin,
    Plan,
    Problem,
    Solution,
    check,
    chosen_reasons,
    is_eligible,
    is_forced,
    pins_of,
    quarters_for,
)

# HiGHS searches until its plan is proved optimal (gap 0) or the time limit passes. Choosing among
# hundreds of inspections of similar risk is a knapsack problem: small programmes are proved optimal
# at once, a national one is within a fraction of a per cent of its proved bound after a second but
# can take minutes to prove the last of it. Every plan reports the bound and gap it was proved to.
MIP_REL_GAP = 0.0
RISK_SCALE = 1000
TIME_LIMIT_S = 1.5
DISP = False


def _classes(
    eligible: Sequence[Candidate], problem: Problem, pins: dict[tuple[str, str], Pin]
) -> list[list[Candidate]]:
    """Candidates of one force that the programme cannot tell apart (the same risk in thousandths,
    the same days, both forced or both not, neither pinned) form one class: the solver chooses how
    many of a class go in each quarter, not which, so it never searches equivalent plans (a force's
    eleven never-graded planned areas are such a class)."""
    classes: dict[tuple[Any, ...], list[Candidate]] = {}
    for c in eligible:
        if c.key in pins:
            key: tuple[Any, ...] = ("pinned", c.key)
        else:
            key = (c.force_code, round(c.risk * RISK_SCALE), c.days, is_forced(c, pins))
        classes.setdefault(key, []).append(c)
    for members in classes.values():
        members.sort(key=lambda c: (-c.risk, c.framework_code))
    return list(classes.values())


def solve_milp(problem: Problem, time_limit: float | None = None) -> Solution:
    started = time.perf_counter()
    check(problem)
    pins = pins_of(problem)
    for c in problem.candidates:
        pin = pins.get(c.key)
        if c.mandatory and pin is not None and not pin.pinned_in:
            raise InvalidProblem(f"{c.force_code} {c.framework_code} is mandatory and cannot be pinned out")
    eligible = [c for c in problem.candidates if is_eligible(c, problem, pins)]
    classes = _classes(eligible, problem, pins)
    limit = problem.per_force_per_quarter
    variables: list[tuple[int, int]] = []  # (class index, quarter index): how many of the class
    for k, members in enumerate(classes):
        for q in quarters_for(members[0], problem, pins):
            variables.append((k, q))
    if not variables:
        return Solution("milp", True, 0.0, (), time.perf_counter() - started, "nothing to choose")

    n = len(variables)
    # Scores are shown to three decimals; in whole thousandths the objective is integral, which lets
    # HiGHS prove optimality as soon as its bound is within one thousandth of the plan it holds.
    objective = -np.array([round(classes[k][0].risk * RISK_SCALE) for k, _ in variables], dtype=float)
    upper_bounds = np.array([float(min(len(classes[k]), limit)) for k, _ in variables])
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    lower: list[float] = []
    upper: list[float] = []
    row = 0

    def add(entries: list[tuple[int, float]], low: float, high: float) -> None:
        nonlocal row
        for v, coefficient in entries:
            rows.append(row)
            cols.append(v)
            vals.append(coefficient)
        lower.append(low)
        upper.append(high)
        row += 1

    by_class: dict[int, list[int]] = defaultdict(list)
    by_quarter: dict[int, list[int]] = defaultdict(list)
    by_force_quarter: dict[tuple[str, int], list[int]] = defaultdict(list)
    for v, (k, q) in enumerate(variables):
        by_class[k].append(v)
        by_quarter[q].append(v)
        by_force_quarter[(classes[k][0].force_code, q)].append(v)
    for k, vs in by_class.items():
        size = float(len(classes[k]))
        forced = is_forced(classes[k][0], pins)
        add([(v, 1.0) for v in vs], size if forced else 0.0, size)
    days = [float(classes[k][0].days) for k, _ in variables]
    for vs in by_quarter.values():
        q = variables[vs[0]][1]
        add([(v, days[v]) for v in vs], -np.inf, float(problem.capacity[q]))
    for vs in by_force_quarter.values():
        if sum(upper_bounds[v] for v in vs) > limit:
            add([(v, 1.0) for v in vs], -np.inf, float(limit))
    matrix = coo_array((vals, (rows, cols)), shape=(row, n)).tocsr()
    allowed = time_limit or TIME_LIMIT_S
    result = milp(
        objective,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=np.ones(n),
        bounds=Bounds(np.zeros(n), upper_bounds),
        options={"mip_rel_gap": MIP_REL_GAP, "time_limit": allowed, "disp": DISP},
    )
    seconds = time.perf_counter() - started
    if result.x is None:
        return Solution("milp", False, 0.0, (), seconds, _infeasible_message(problem, eligible, pins))
    chosen = []
    taken: dict[int, int] = defaultdict(int)
    for v, (k, q) in enumerate(variables):
        for _ in range(round(result.x[v])):
            c = classes[k][taken[k]]
            taken[k] += 1
            chosen.append(Chosen(c, q + 1, chosen_reasons(c, pins)))
    chosen.sort(key=lambda ch: (ch.quarter, -ch.candidate.risk, ch.candidate.key))
    value = sum(ch.candidate.risk for ch in chosen)
    bound = -float(getattr(result, "mip_dual_bound", result.fun)) / RISK_SCALE
    gap = max(0.0, bound - value) / bound if bound > 0 else 0.0
    if result.status == 0:
        message = (
            "optimal" if gap < 1e-9 else f"proved within {100 * gap:.2f} % of the best possible ({bound:.3f})"
        )
    else:
        message = (
            f"best found in the {allowed:g} s allowed: within {100 * gap:.2f} % of the best possible"
            f" ({bound:.3f})"
        )
    return Solution("milp", True, value, tuple(chosen), seconds, message, bound=bound)


def _infeasible_message(
    problem: Problem, eligible: Sequence[Candidate], pins: dict[tuple[str, str], Pin]
) -> str:
    forced = [c for c in eligible if is_forced(c, pins)]
    days = sum(c.days for c in forced)
    total = sum(problem.capacity)
    if days > total:
        return (
            f"no programme fits: the mandatory and pinned-in inspections need {days} inspector-days,"
            f" the capacity is {total}"
        )
    per_force: dict[str, int] = defaultdict(int)
    for c in forced:
        per_force[c.force_code] += 1
    most = problem.per_force_per_quarter * problem.quarters
    crowded = sorted(f for f, count in per_force.items() if count > most)
    if crowded:
        return f"no programme fits: {', '.join(crowded)} would need more than {most} inspections"
    return (
        "no programme fits: the mandatory and pinned-in inspections cannot be spread over the quarters"
        " within each quarter's capacity and the per-force limit"
    )


def solve_greedy(problem: Problem) -> Solution:
    """Forced inspections first, then by risk per inspector-day; each in the earliest quarter that
    still has the days and is below the per-force limit."""
    started = time.perf_counter()
    check(problem)
    pins = pins_of(problem)
    eligible = [c for c in problem.candidates if is_eligible(c, problem, pins)]
    order = sorted(
        eligible,
        key=lambda c: (not is_forced(c, pins), -(c.risk / max(c.days, 1)), -c.risk, c.key),
    )
    free = list(problem.capacity)
    count: dict[tuple[str, int], int] = defaultdict(int)
    chosen, unplaced = [], []
    for c in order:
        for q in quarters_for(c, problem, pins):
            if c.days <= free[q] and count[(c.force_code, q)] < problem.per_force_per_quarter:
                free[q] -= c.days
                count[(c.force_code, q)] += 1
                chosen.append(Chosen(c, q + 1, chosen_reasons(c, pins)))
                break
        else:
            if is_forced(c, pins):
                unplaced.append(c)
    value = sum(ch.candidate.risk for ch in chosen)
    message = (
        f"could not place {len(unplaced)} mandatory or pinned-in inspection(s)" if unplaced else "feasible"
    )
    return Solution(
        "greedy", not unplaced, value, tuple(chosen), time.perf_counter() - started, message, tuple(unplaced)
    )


def explain_left_out(problem: Problem, solution: Solution) -> tuple[LeftOut, ...]:
    """Why each candidate not in the solution was left out."""
    pins = pins_of(problem)
    taken = {ch.candidate.key for ch in solution.chosen}
    free = [
        cap - used for cap, used in zip(problem.capacity, solution.days_used(problem.quarters), strict=True)
    ]
    count: dict[tuple[str, int], int] = defaultdict(int)
    for ch in solution.chosen:
        count[(ch.candidate.force_code, ch.quarter - 1)] += 1
    lowest_kept = min((ch.candidate.risk / max(ch.candidate.days, 1) for ch in solution.chosen), default=0.0)
    out = []
    for c in problem.candidates:
        if c.key in taken:
            continue
        pin = pins.get(c.key)
        if pin is not None and not pin.pinned_in:
            by = f" by {pin.by}" if pin.by else ""
            out.append(LeftOut(c, "pinned_out", f"pinned out{by}: {pin.reason}"))
            continue
        if c.risk <= 0:
            out.append(LeftOut(c, "no_risk", "a score of 0 adds no risk covered"))
            continue
        if c.risk < problem.cut_off:
            out.append(
                LeftOut(c, "below_cut_off", f"risk {c.risk:.3f} is below the cut-off {problem.cut_off:.2f}")
            )
            continue
        if not solution.feasible:
            out.append(LeftOut(c, "capacity", f"no programme fits: {solution.message}"))
            continue
        quarters = quarters_for(c, problem, pins)
        limited = [q for q in quarters if count[(c.force_code, q)] >= problem.per_force_per_quarter]
        if len(limited) == len(quarters):
            out.append(
                LeftOut(
                    c,
                    "force_limit",
                    f"{c.force_code} already has {problem.per_force_per_quarter} inspections in every quarter"
                    " it could go in, inspections that cover more risk",
                )
            )
            continue
        shown = ", ".join(f"Q{q + 1} {free[q]}" for q in quarters if q not in limited)
        out.append(
            LeftOut(
                c,
                "capacity",
                f"needs {c.days} inspector-days (risk {c.risk:.3f}, {c.risk / max(c.days, 1):.4f} per day);"
                f" days left: {shown}; the days went to inspections that together cover more risk"
                f" (the lowest chosen covers {lowest_kept:.4f} per day)",
            )
        )
    return tuple(out)


def plan(problem: Problem) -> Plan:
    exact = solve_milp(problem)
    greedy = solve_greedy(problem)
    return Plan(problem, exact, greedy, explain_left_out(problem, exact))
