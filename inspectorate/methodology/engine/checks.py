"""Evaluating the tests of a rule against one framework's judgements.

Counting conventions (METHODOLOGY section 5):

- a criterion judged *not applicable* is left out of numerator and denominator alike;
- a criterion not yet judged is applicable: it sits in the denominator and in no numerator
  (neither met nor failed), and is listed as "unjudged" so the trace shows it;
- in shares a *partly met* criterion counts `partly_met_weight`; in "every ... met" tests it
  counts as not met; in "... not met" tests it is not a failure.

Thresholds and weights are compared as the decimals written in the rule set (0.8 is 4/5
exactly), so a share of exactly 80% meets "at least 0.80" whatever floating point would say.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from .inputs import Criterion, EngineInputError, GradeScale, Judgement
from .ruleset import AllMet, ConditionPresent, DominantNotMet, MetShare, Rule, RuleTest, SignificantNotMet
from .trace import STATUSES, RuleTrace, TestTrace

# Keyed by plain strings: a Judgement (a str enum) finds its entry too, without an enum call.
_STATUS_OF = {judgement.value: judgement.value for judgement in Judgement}


@lru_cache(maxsize=256)
def exact(value: float) -> Fraction:
    """The decimal a rule set wrote, as an exact fraction (0.1 is 1/10, not the nearest float)."""
    return Fraction(repr(value))


@lru_cache(maxsize=256)
def _written(test: RuleTest) -> dict[str, Any]:
    return test.model_dump(exclude_none=True)


def _spec(test: RuleTest) -> dict[str, Any]:
    # A copy, so that a trace handed out can never alter the cached dump.
    return dict(_written(test))


class Pool:
    """Criteria codes of one selection (e.g. the significant Fair criteria) by judgement state."""

    __slots__ = ("lists",)

    def __init__(self) -> None:
        self.lists: dict[str, list[str]] = {status: [] for status in STATUSES}

    @property
    def met(self) -> list[str]:
        return self.lists["met"]

    @property
    def partly(self) -> list[str]:
        return self.lists["partly"]

    @property
    def not_met(self) -> list[str]:
        return self.lists["not_met"]

    @property
    def applicable(self) -> int:
        lists = self.lists
        return len(lists["met"]) + len(lists["partly"]) + len(lists["not_met"]) + len(lists["unjudged"])

    def listing(self) -> dict[str, tuple[str, ...]]:
        return {status: tuple(codes) for status, codes in self.lists.items()}


@dataclass(slots=True)
class Board:
    """The judgements of one framework sorted into pools by level, once per proposal."""

    levels: tuple[str, ...]
    everything: dict[str, Pool]
    significant: dict[str, Pool]
    dominant: dict[str, Pool]
    unjudged: tuple[str, ...]

    @classmethod
    def build(
        cls, criteria: Sequence[Criterion], judgements: Mapping[str, Judgement | str], scale: GradeScale
    ) -> Board:
        """Sort criteria by level and state, refusing inputs that contradict each other."""
        levels = scale.levels
        board = cls(
            levels=levels,
            everything={level: Pool() for level in levels},
            significant={level: Pool() for level in levels},
            dominant={level: Pool() for level in levels},
            unjudged=(),
        )
        seen: set[str] = set()
        unjudged: list[str] = []
        for criterion in criteria:
            code = criterion.code
            if code in seen:
                raise EngineInputError(f"criterion {code!r} is given more than once")
            seen.add(code)
            if criterion.level not in board.everything:
                raise EngineInputError(
                    f"criterion {code!r} has unknown level {criterion.level!r} (levels: {', '.join(levels)})"
                )
            if criterion.significant and criterion.level != levels[0]:
                raise EngineInputError(
                    f"criterion {code!r} is significant but only {levels[0]!r} criteria can be significant"
                )
            raw = judgements.get(code)
            if raw is None:
                status = "unjudged"
                unjudged.append(code)
            else:
                found = _STATUS_OF.get(raw) if isinstance(raw, str) else None
                if found is None:
                    raise EngineInputError(f"criterion {code!r} has an unknown judgement {raw!r}")
                status = found
            board.everything[criterion.level].lists[status].append(code)
            if criterion.significant:
                board.significant[criterion.level].lists[status].append(code)
            if criterion.dominant:
                board.dominant[criterion.level].lists[status].append(code)
        stray = sorted(code for code in judgements if code not in seen)
        if stray:
            raise EngineInputError(f"judgement for unknown criterion {stray[0]!r}")
        board.unjudged = tuple(unjudged)
        return board

    def dominant_pool(self, level: str | None) -> Pool:
        if level is not None:
            return self.dominant[level]
        merged = Pool()
        for each in self.levels:
            for status, codes in self.dominant[each].lists.items():
                merged.lists[status].extend(codes)
        return merged


def _count_not_met(test: RuleTest, pool: Pool, level: str | None, threshold: int) -> TestTrace:
    failed = len(pool.not_met)
    applicable = pool.applicable
    return TestTrace(
        test=test.test,
        spec=_spec(test),
        satisfied=failed >= threshold,
        level=level,
        numerator=failed,
        denominator=applicable,
        threshold=threshold,
        comparator=">=",
        criteria=pool.listing(),
        note=None if applicable else "none_applicable",
    )


def evaluate_test(
    test: RuleTest, board: Board, conditions: Mapping[str, bool], weight: Fraction
) -> TestTrace:
    """Evaluate one test; the TestTrace carries the numbers and the criteria behind them."""
    if isinstance(test, ConditionPresent):
        present = conditions.get(test.condition, False) is True
        return TestTrace(test=test.test, spec=_spec(test), satisfied=present, comparator="present")
    if isinstance(test, DominantNotMet):
        return _count_not_met(test, board.dominant_pool(test.level), test.level, 1)
    if isinstance(test, SignificantNotMet):
        lowest = board.levels[0]
        pool = board.significant[lowest]
        by_share = math.ceil(exact(test.at_least_share) * pool.applicable)
        return _count_not_met(test, pool, lowest, max(test.at_least_count, by_share))
    if isinstance(test, AllMet):
        pool = (board.significant if test.significant_only else board.everything)[test.level]
        applicable = pool.applicable
        return TestTrace(
            test=test.test,
            spec=_spec(test),
            satisfied=len(pool.met) == applicable,
            level=test.level,
            numerator=len(pool.met),
            denominator=applicable,
            threshold=applicable,
            comparator="all",
            criteria=pool.listing(),
            note=None if applicable else "none_applicable",
        )
    return _met_share(test, board.everything[test.level], weight)


def _met_share(test: MetShare, pool: Pool, weight: Fraction) -> TestTrace:
    applicable = pool.applicable
    # Whole numbers throughout: credit is (met + weight x partly) scaled by the weight's denominator.
    scale = weight.denominator
    credit = len(pool.met) * scale + weight.numerator * len(pool.partly)
    share: float | None = None
    satisfied = False
    if applicable:
        limit = exact(test.threshold)
        have, need = credit * limit.denominator, limit.numerator * applicable * scale
        satisfied = have >= need if test.comparator == ">=" else have > need
        share = credit / (applicable * scale)
    return TestTrace(
        test=test.test,
        spec=_spec(test),
        satisfied=satisfied,
        level=test.level,
        numerator=credit / scale,
        denominator=applicable,
        share=share,
        threshold=test.threshold,
        comparator=test.comparator,
        criteria=pool.listing(),
        note=None if applicable else "none_applicable",
    )


def evaluate_rule(
    grade: str, rule: Rule, board: Board, conditions: Mapping[str, bool], weight: Fraction
) -> RuleTrace:
    """Evaluate every test of a rule (no short cut, so the trace shows all the numbers)."""
    tests = tuple(evaluate_test(test, board, conditions, weight) for test in rule.tests)
    outcomes = [test.satisfied for test in tests]
    holds = any(outcomes) if rule.combinator == "any" else all(outcomes)
    return RuleTrace(grade=grade, combinator=rule.combinator, holds=holds, tests=tests)
