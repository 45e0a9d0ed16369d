"""The planning problem (METHODOLOGY §10): the candidates, capacity and pins the planner is given,
the solutions it gives back, and the rules every solver applies alike (which candidates are forced,
which eligible, which quarters a candidate may go in, the reasons a chosen one carries).

Pure: no Django, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


def check(problem: Problem) -> None:
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


def pins_of(problem: Problem) -> dict[tuple[str, str], Pin]:
    return {(p.force_code, p.framework_code): p for p in problem.pins}


def is_forced(c: Candidate, pins: dict[tuple[str, str], Pin]) -> bool:
    pin = pins.get(c.key)
    if pin is not None and not pin.pinned_in:
        return False
    return c.mandatory or (pin is not None and pin.pinned_in)


def is_eligible(c: Candidate, problem: Problem, pins: dict[tuple[str, str], Pin]) -> bool:
    pin = pins.get(c.key)
    if pin is not None and not pin.pinned_in:
        return c.mandatory  # a mandatory inspection cannot be pinned out (see solve_milp)
    return is_forced(c, pins) or (c.risk >= problem.cut_off and c.risk > 0)


def quarters_for(c: Candidate, problem: Problem, pins: dict[tuple[str, str], Pin]) -> list[int]:
    pin = pins.get(c.key)
    if pin is not None and pin.pinned_in and pin.quarter is not None:
        return [pin.quarter - 1]
    return list(range(problem.quarters))


def chosen_reasons(c: Candidate, pins: dict[tuple[str, str], Pin]) -> tuple[str, ...]:
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
