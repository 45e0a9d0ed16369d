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
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

# HiGHS searches until its plan is proved optimal (gap 0) or the time limit passes. Choosing among
# hundreds of inspections of similar risk is a knapsack problem: small programmes are proved optimal
# at once, a national one is within a fraction of a per cent of its proved bound after a second but
# can take minutes to prove the last of it. Every plan reports the bound and gap it was proved to.
MIP_REL_GAP = 0.0
RISK_SCALE = 1000
TIME_LIMIT_S = 1.5
DISP = False


@dataclass(frozen=True)
class Candidate:
    force_code: str
    framework_code: str
    risk: float
    days: int
    mandatory: bool = False
    reasons: tuple[str, ...] = ()  # why the score is what it is (its largest contributions)

    @property
    def key(self) -> tuple[str, str]:
        return (self.force_code, self.framework_code)


@dataclass(frozen=True)
class Pin:
    force_code: str
    framework_code: str
    pinned_in: bool
    reason: str
    quarter: int | None = None  # 1-based; only for a pin in
    by: str = ""


@dataclass(frozen=True)
class Problem:
    candidates: tuple[Candidate, ...]
    capacity: tuple[int, ...]  # inspector-days per quarter, one entry per quarter
    per_force_per_quarter: int = 2
    cut_off: float = 0.0
    pins: tuple[Pin, ...] = ()

    @property
    def quarters(self) -> int:
        return len(self.capacity)


@dataclass(frozen=True)
class Chosen:
    candidate: Candidate
    quarter: int  # 1-based
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        c = self.candidate
        return {
            "force": c.force_code,
            "framework": c.framework_code,
            "quarter": self.quarter,
            "risk": round(c.risk, 6),
            "days": c.days,
            "mandatory": c.mandatory,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class LeftOut:
    candidate: Candidate
    why: str  # "pinned_out" | "below_cut_off" | "capacity" | "force_limit" | "no_risk"
    reason: str

    def to_dict(self) -> dict[str, Any]:
        c = self.candidate
        return {
            "force": c.force_code,
            "framework": c.framework_code,
            "risk": round(c.risk, 6),
            "days": c.days,
            "why": self.why,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Solution:
    method: str  # "milp" | "greedy"
    feasible: bool
    value: float
    chosen: tuple[Chosen, ...]
    seconds: float
    message: str = ""
    unplaced: tuple[Candidate, ...] = ()  # greedy only: forced inspections it could not place
    bound: float | None = None  # milp only: no plan covers more risk than this (the solver's proof)

    def days_used(self, quarters: int) -> list[int]:
        used = [0] * quarters
        for item in self.chosen:
            used[item.quarter - 1] += item.candidate.days
        return used


@dataclass(frozen=True)
class Plan:
    problem: Problem
    milp: Solution
    greedy: Solution
    left_out: tuple[LeftOut, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "feasible": self.milp.feasible,
            "message": self.milp.message,
            "capacity": list(self.problem.capacity),
            "days_used": self.milp.days_used(self.problem.quarters),
            "value": round(self.milp.value, 6),
            "bound": round(self.milp.bound, 6) if self.milp.bound is not None else None,
            "seconds": round(self.milp.seconds, 4),
            "greedy": {
                "value": round(self.greedy.value, 6),
                "seconds": round(self.greedy.seconds, 4),
                "feasible": self.greedy.feasible,
                "message": self.greedy.message,
            },
            "chosen": [c.to_dict() for c in self.milp.chosen],
            "left_out": [c.to_dict() for c in self.left_out],
        }


class InvalidProblem(ValueError):
    pass


def _check(problem: Problem) -> None:
    keys = [c.key for c in problem.candidates]
    if len(set(keys)) != len(keys):
        raise InvalidProblem("each (force, framework) may be a candidate only once")
    if not problem.capacity or any(c < 0 for c in problem.capacity):
        raise InvalidProblem("capacity needs at least one quarter, none negative")
    known = set(keys)
    for pin in problem.pins:
        if (pin.force_code, pin.framework_code) not in known:
            raise InvalidProblem(f"pin of {pin.force_code} {pin.framework_code}: not a candidate")
        if pin.quarter is not None and not 1 <= pin.quarter <= problem.quarters:
            raise InvalidProblem(f"pin of {pin.force_code} {pin.framework_code}: no quarter {pin.quarter}")
    pins: dict[tuple[str, str], Pin] = {}
    for pin in problem.pins:
        if (pin.force_code, pin.framework_code) in pins:
            raise InvalidProblem(f"{pin.force_code} {pin.framework_code} is pinned more than once")
        pins[(pin.force_code, pin.framework_code)] = pin


def _pins(problem: Problem) -> dict[tuple[str, str], Pin]:
    return {(p.force_code, p.framework_code): p for p in problem.pins}


def _forced(c: Candidate, pins: dict[tuple[str, str], Pin]) -> bool:
    pin = pins.get(c.key)
    if pin is not None and not pin.pinned_in:
        return False
    return c.mandatory or (pin is not None and pin.pinned_in)


def _eligible(c: Candidate, problem: Problem, pins: dict[tuple[str, str], Pin]) -> bool:
    pin = pins.get(c.key)
    if pin is not None and not pin.pinned_in:
        return c.mandatory  # a mandatory inspection cannot be pinned out (see _check_pins_out)
    return _forced(c, pins) or (c.risk >= problem.cut_off and c.risk > 0)


def _quarters_for(c: Candidate, problem: Problem, pins: dict[tuple[str, str], Pin]) -> list[int]:
    pin = pins.get(c.key)
    if pin is not None and pin.pinned_in and pin.quarter is not None:
        return [pin.quarter - 1]
    return list(range(problem.quarters))


def _chosen_reasons(c: Candidate, pins: dict[tuple[str, str], Pin]) -> tuple[str, ...]:
    reasons = []
    if c.mandatory:
        reasons.append(f"mandatory: the programme requires {c.framework_code} for every force")
    pin = pins.get(c.key)
    if pin is not None and pin.pinned_in:
        by = f" by {pin.by}" if pin.by else ""
        reasons.append(f"pinned in{by}: {pin.reason}")
    reasons.append(f"risk {c.risk:.3f} for {c.days} inspector-days")
    reasons.extend(c.reasons)
    return tuple(reasons)


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
            key = (c.force_code, round(c.risk * RISK_SCALE), c.days, _forced(c, pins))
        classes.setdefault(key, []).append(c)
    for members in classes.values():
        members.sort(key=lambda c: (-c.risk, c.framework_code))
    return list(classes.values())


def solve_milp(problem: Problem, time_limit: float | None = None) -> Solution:
    started = time.perf_counter()
    _check(problem)
    pins = _pins(problem)
    for c in problem.candidates:
        pin = pins.get(c.key)
        if c.mandatory and pin is not None and not pin.pinned_in:
            raise InvalidProblem(f"{c.force_code} {c.framework_code} is mandatory and cannot be pinned out")
    eligible = [c for c in problem.candidates if _eligible(c, problem, pins)]
    classes = _classes(eligible, problem, pins)
    limit = problem.per_force_per_quarter
    variables: list[tuple[int, int]] = []  # (class index, quarter index): how many of the class
    for k, members in enumerate(classes):
        for q in _quarters_for(members[0], problem, pins):
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
        forced = _forced(classes[k][0], pins)
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
            chosen.append(Chosen(c, q + 1, _chosen_reasons(c, pins)))
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
    forced = [c for c in eligible if _forced(c, pins)]
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
    _check(problem)
    pins = _pins(problem)
    eligible = [c for c in problem.candidates if _eligible(c, problem, pins)]
    order = sorted(
        eligible,
        key=lambda c: (not _forced(c, pins), -(c.risk / max(c.days, 1)), -c.risk, c.key),
    )
    free = list(problem.capacity)
    count: dict[tuple[str, int], int] = defaultdict(int)
    chosen, unplaced = [], []
    for c in order:
        for q in _quarters_for(c, problem, pins):
            if c.days <= free[q] and count[(c.force_code, q)] < problem.per_force_per_quarter:
                free[q] -= c.days
                count[(c.force_code, q)] += 1
                chosen.append(Chosen(c, q + 1, _chosen_reasons(c, pins)))
                break
        else:
            if _forced(c, pins):
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
    pins = _pins(problem)
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
        quarters = _quarters_for(c, problem, pins)
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
