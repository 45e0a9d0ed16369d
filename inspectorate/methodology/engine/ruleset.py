"""The rule set (a pack's rules.yaml) as strict data, and its cross-reference checks.

The models check the shape of the file (unknown keys, wrong types, a rule with both `any` and
`all`); `ruleset_problems` checks what the models cannot see alone: that the grades, levels and
conditions a rule set names exist in the scale and the programme it is used with.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)

Share = Annotated[float, Strict(), Field(ge=0, le=1)]
Code = Annotated[StrictStr, Field(min_length=1)]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DominantNotMet(_Strict):
    """Holds when any dominant criterion (of `level`, or of every level when it is absent) is
    judged not met. A partly met judgement is not a failure: only *not met* counts."""

    test: Literal["dominant_not_met"]
    level: Code | None = None


class SignificantNotMet(_Strict):
    """Holds when the significant criteria of the scale's lowest level judged *not met* number at
    least max(at_least_count, ceil(at_least_share x applicable significant criteria)).

    Partly met does not count as not met here: the report's "fallen well short" is read as
    failing outright. `at_least_count` is at least 1, so the test never holds vacuously.
    """

    test: Literal["significant_not_met"]
    at_least_count: Annotated[StrictInt, Field(ge=1)] = 1
    at_least_share: Share = 0.0


class AllMet(_Strict):
    """Holds when every applicable criterion of `level` (only the significant ones when
    `significant_only`) is judged met. Partly met counts as not met. With no applicable
    criteria the test holds: there is nothing left unmet."""

    test: Literal["all_met"]
    level: Code
    significant_only: StrictBool = False


class MetShare(_Strict):
    """Holds when the weighted met share of the applicable criteria of `level` is `at_least`
    (>=) or `above` (>) the given fraction; exactly one of the two is given. With no applicable
    criteria there is no share and the test does not hold."""

    test: Literal["met_share"]
    level: Code
    at_least: Share | None = None
    above: Share | None = None

    @model_validator(mode="after")
    def _one_threshold(self) -> MetShare:
        if (self.at_least is None) == (self.above is None):
            raise ValueError("give exactly one of `at_least` or `above`")
        return self

    @property
    def threshold(self) -> float:
        return self.at_least if self.at_least is not None else self.above  # type: ignore[return-value]

    @property
    def comparator(self) -> Literal[">=", ">"]:
        return ">=" if self.at_least is not None else ">"


class ConditionPresent(_Strict):
    """Holds when the named condition (e.g. beacon) is recorded as present."""

    test: Literal["condition"]
    condition: Code


RuleTest = Annotated[
    DominantNotMet | SignificantNotMet | AllMet | MetShare | ConditionPresent,
    Field(discriminator="test"),
]


def _at_least_one(tests: tuple[RuleTest, ...]) -> tuple[RuleTest, ...]:
    # Checked after the items, so a bad item is not also reported as an empty list.
    if not tests:
        raise ValueError("give at least one test")
    return tests


Tests = Annotated[tuple[RuleTest, ...], AfterValidator(_at_least_one)]


class Rule(_Strict):
    """The rule for one grade: `any` (at least one test holds) or `all` (every test holds)."""

    any_: Tests | None = Field(default=None, alias="any")
    all_: Tests | None = Field(default=None, alias="all")

    @model_validator(mode="after")
    def _one_combinator(self) -> Rule:
        if (self.any_ is None) == (self.all_ is None):
            raise ValueError("give exactly one of `any` or `all`")
        return self

    @property
    def combinator(self) -> Literal["any", "all"]:
        return "any" if self.any_ is not None else "all"

    @property
    def tests(self) -> tuple[RuleTest, ...]:
        return self.any_ if self.any_ is not None else self.all_  # type: ignore[return-value]


class WhenNoneHolds(_Strict):
    """What the engine says when no rule holds: a reason code and the two grades the inspector
    must choose between (worse first, as written)."""

    reason: Annotated[StrictStr, Field(pattern=_SLUG.pattern)]
    between: tuple[Code, Code]


class GroupRollup(_Strict):
    """How a group grade is derived from its components' grades (see rollup.py).

    `poor_caps_at`: when any component has the scale's lowest grade, the group grade is no
    better than this grade.
    """

    method: Literal["modal_lower", "lowest", "median_lower"]
    poor_caps_at: Code | None = None


class RuleSet(_Strict):
    """A programme's grading rules. Frozen: treat it as a value (the engine remembers which rule
    sets it has already found to fit a scale, so its `rules` mapping must not be edited in place)."""

    code: Code
    name: Code
    partly_met_weight: Share
    order: tuple[Code, ...]
    rules: dict[Code, Rule]
    when_none_holds: WhenNoneHolds
    group_rollup: GroupRollup | None = None


def _unknown(kind: str, value: str, known: Sequence[str] | Collection[str]) -> str:
    listed = ", ".join(known) if known else "none"
    return f"unknown {kind} {value!r} (known: {listed})"


def _test_problems(
    path: str,
    test: DominantNotMet | SignificantNotMet | AllMet | MetShare | ConditionPresent,
    levels: Sequence[str],
    conditions: Collection[str] | None,
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if isinstance(test, ConditionPresent):
        if conditions is not None and test.condition not in conditions:
            problems.append((f"{path}.condition", _unknown("condition", test.condition, sorted(conditions))))
        return problems
    if isinstance(test, SignificantNotMet):
        if not levels:
            problems.append((path, "the scale has no criterion levels, so there are no significant criteria"))
        return problems
    if test.level is not None and test.level not in levels:
        problems.append((f"{path}.level", _unknown("level", test.level, levels)))
    elif isinstance(test, AllMet) and test.significant_only and test.level != levels[0]:
        problems.append(
            (
                f"{path}.significant_only",
                f"only the lowest level ({levels[0]!r}) has significant criteria, not {test.level!r}",
            )
        )
    return problems


def ruleset_problems(
    ruleset: RuleSet,
    grades: Sequence[str],
    levels: Sequence[str],
    conditions: Collection[str] | None = None,
) -> list[tuple[str, str]]:
    """Cross-reference errors as (key path, reason), in file order; empty when the rule set fits.

    `grades` best first, `levels` lowest first, `conditions` the condition codes of the
    programme; pass None for `conditions` to skip checking them.
    """
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for index, grade in enumerate(ruleset.order):
        if grade not in grades:
            problems.append((f"order[{index}]", _unknown("grade", grade, grades)))
        elif grade in seen:
            problems.append((f"order[{index}]", f"grade {grade!r} appears more than once"))
        seen.add(grade)
    for grade in grades:
        if grade not in seen:
            problems.append(("order", f"grade {grade!r} is missing: order must name each grade exactly once"))

    for grade, rule in ruleset.rules.items():
        if grade not in grades:
            problems.append((f"rules.{grade}", f"rule for an {_unknown('grade', grade, grades)}"))
        for index, test in enumerate(rule.tests):
            path = f"rules.{grade}.{rule.combinator}[{index}]"
            problems.extend(_test_problems(path, test, levels, conditions))
    for grade in grades:
        if grade not in ruleset.rules:
            problems.append(("rules", f"no rule for grade {grade!r}"))

    between = ruleset.when_none_holds.between
    for index, grade in enumerate(between):
        if grade not in grades:
            problems.append((f"when_none_holds.between[{index}]", _unknown("grade", grade, grades)))
    if between[0] == between[1]:
        problems.append(("when_none_holds.between", "names the same grade twice"))

    rollup = ruleset.group_rollup
    if rollup is not None and rollup.poor_caps_at is not None and rollup.poor_caps_at not in grades:
        problems.append(("group_rollup.poor_caps_at", _unknown("grade", rollup.poor_caps_at, grades)))
    return problems
