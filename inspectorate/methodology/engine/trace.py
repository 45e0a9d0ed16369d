"""The explanation the engine gives with every proposal.

A trace is stored with an awarded grade so that the grade can be explained and re-derived long
after the judgements have changed: it therefore carries the display names it was made with and
round-trips through plain JSON (`to_dict` / `from_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .wording import INCOMPLETE, PROPOSED, describe_test, outcome_lines, rule_heading

__all__ = ["INCOMPLETE", "PROPOSED", "STATUSES", "Names", "RuleTrace", "TestTrace", "Trace"]

#: The judgement states a trace sorts criteria into; "unjudged" is "not yet judged".
STATUSES = ("met", "partly", "not_met", "na", "unjudged")


@dataclass(frozen=True, slots=True)
class TestTrace:
    """One test of a rule, with the numbers it was decided on.

    `spec` is the test as the rule set writes it; `level` the criterion level it counted (for
    significant_not_met the scale's lowest level; None for a condition, or for dominant_not_met
    across every level). `numerator` counts met criteria (weighted for
    met_share) or not-met criteria (for the *_not_met tests); `denominator` is the number of
    applicable criteria considered, unjudged ones included; `threshold` is the count or share
    the numerator is compared with using `comparator` (">=", ">", "all" or "present").
    `criteria` lists the codes behind the numbers by judgement state. `note` is
    "none_applicable" when there was nothing to count.
    """

    __test__ = False  # not a pytest test class, despite the name

    test: str
    spec: dict[str, Any] = field(hash=False)
    satisfied: bool
    level: str | None = None
    numerator: float | None = None
    denominator: int | None = None
    share: float | None = None
    threshold: float | None = None
    comparator: str | None = None
    criteria: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "test": self.test,
            "spec": dict(self.spec),
            "satisfied": self.satisfied,
            "level": self.level,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "share": self.share,
            "threshold": self.threshold,
            "comparator": self.comparator,
            "criteria": {status: list(codes) for status, codes in self.criteria.items()},
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TestTrace:
        return cls(
            test=data["test"],
            spec=dict(data["spec"]),
            satisfied=data["satisfied"],
            level=data["level"],
            numerator=data["numerator"],
            denominator=data["denominator"],
            share=data["share"],
            threshold=data["threshold"],
            comparator=data["comparator"],
            criteria={status: tuple(codes) for status, codes in data["criteria"].items()},
            note=data["note"],
        )


@dataclass(frozen=True, slots=True)
class RuleTrace:
    """One grade's rule as tried: its tests and whether it held."""

    grade: str
    combinator: str
    holds: bool
    tests: tuple[TestTrace, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "grade": self.grade,
            "combinator": self.combinator,
            "holds": self.holds,
            "tests": [test.to_dict() for test in self.tests],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RuleTrace:
        return cls(
            grade=data["grade"],
            combinator=data["combinator"],
            holds=data["holds"],
            tests=tuple(TestTrace.from_dict(test) for test in data["tests"]),
        )


@dataclass(frozen=True, slots=True)
class Names:
    """Display names the trace was made with, by code."""

    grades: dict[str, str] = field(hash=False)
    levels: dict[str, str] = field(hash=False)
    conditions: dict[str, str] = field(hash=False)

    def grade(self, code: str) -> str:
        return self.grades.get(code, code)

    def level(self, code: str | None) -> str:
        """A level's name; "" for None (a test across every level)."""
        return self.levels.get(code, code) if code is not None else ""

    def condition(self, code: str) -> str:
        return self.conditions.get(code, code)


@dataclass(frozen=True, slots=True)
class Trace:
    """Every rule tried, in order, and how the proposal came out.

    `outcome` is "proposed" (then `decided_by` is the grade whose rule held), "incomplete"
    (`unjudged` lists the criteria not yet judged; every rule is tried so the trace shows where
    things stand, and `decided_by` stays None), or the rule set's `when_none_holds` reason (then
    `between` names the two grades to choose between).
    """

    ruleset: str
    partly_met_weight: float
    outcome: str
    decided_by: str | None
    rules: tuple[RuleTrace, ...]
    names: Names
    unjudged: tuple[str, ...] = ()
    between: tuple[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dicts, lists, strings, numbers, booleans and None only (json.dumps works)."""
        return {
            "ruleset": self.ruleset,
            "partly_met_weight": self.partly_met_weight,
            "outcome": self.outcome,
            "decided_by": self.decided_by,
            "unjudged": list(self.unjudged),
            "between": list(self.between) if self.between is not None else None,
            "names": {
                "grades": dict(self.names.grades),
                "levels": dict(self.names.levels),
                "conditions": dict(self.names.conditions),
            },
            "rules": [rule.to_dict() for rule in self.rules],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Trace:
        """Rebuild a stored trace (the inverse of `to_dict`)."""
        between = data["between"]
        names = data["names"]
        return cls(
            ruleset=data["ruleset"],
            partly_met_weight=data["partly_met_weight"],
            outcome=data["outcome"],
            decided_by=data["decided_by"],
            rules=tuple(RuleTrace.from_dict(rule) for rule in data["rules"]),
            names=Names(
                grades=dict(names["grades"]),
                levels=dict(names["levels"]),
                conditions=dict(names["conditions"]),
            ),
            unjudged=tuple(data["unjudged"]),
            between=(between[0], between[1]) if between is not None else None,
        )

    def render_lines(self) -> list[str]:
        """The trace in plain English, one statement a line; tests are indented under their rule."""
        lines = [
            f"Rule set {self.ruleset}; a partly met criterion counts {self.partly_met_weight:g} in shares"
        ]
        provisional = self.outcome == INCOMPLETE
        for rule in self.rules:
            lines.append(rule_heading(rule, self.names, provisional))
            lines.extend(
                "  " + describe_test(test, rule.grade, self.names, self.partly_met_weight)
                for test in rule.tests
            )
        lines.extend(outcome_lines(self))
        return lines

    def render_text(self) -> str:
        return "\n".join(self.render_lines())
