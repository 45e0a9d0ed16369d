"""The grade engine: judgements in, a proposed grade and its trace out (METHODOLOGY section 5).

`propose` is a pure function. It reads nothing but its arguments and returns the same proposal
for the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .checks import Board, evaluate_rule, exact
from .inputs import Criterion, EngineInputError, GradeScale, Judgement, condition_display_name
from .ruleset import ConditionPresent, RuleSet, ruleset_problems
from .trace import INCOMPLETE, PROPOSED, Names, RuleTrace, Trace


@dataclass(frozen=True, slots=True)
class Proposal:
    """The engine's answer.

    `grade` is the proposed grade code, or None. `reason` is None when a grade is proposed,
    "incomplete" when some applicable criterion is not yet judged (`unjudged` lists them), or the
    rule set's `when_none_holds` reason when no rule holds (`between` names the two grades, as
    the rule set writes them).
    """

    grade: str | None
    reason: str | None
    trace: Trace
    unjudged: tuple[str, ...] = ()
    between: tuple[str, str] | None = None


# Rule sets already found to fit a scale, by identity. Rule sets and scales are frozen, so the
# answer cannot change; the rule set is kept as the value so that its id is never reused.
_FITTED: dict[tuple[int, GradeScale], RuleSet] = {}
_FITTED_LIMIT = 64


def _check_ruleset(ruleset: RuleSet, scale: GradeScale) -> None:
    key = (id(ruleset), scale)
    if _FITTED.get(key) is ruleset:
        return
    problems = ruleset_problems(ruleset, scale.grade_codes, scale.levels)
    if problems:
        listed = "; ".join(f"{path}: {reason}" for path, reason in problems)
        raise EngineInputError(f"rule set {ruleset.code!r} does not fit the scale: {listed}")
    if len(_FITTED) >= _FITTED_LIMIT:
        _FITTED.clear()
    _FITTED[key] = ruleset


def _names(ruleset: RuleSet, scale: GradeScale, condition_names: Mapping[str, str] | None) -> Names:
    given = condition_names or {}
    referenced = {
        test.condition
        for rule in ruleset.rules.values()
        for test in rule.tests
        if isinstance(test, ConditionPresent)
    }
    return Names(
        grades=scale.grade_names(),
        levels=scale.level_names(),
        conditions={code: given.get(code, condition_display_name(code)) for code in sorted(referenced)},
    )


def propose(
    criteria: Sequence[Criterion],
    judgements: Mapping[str, Judgement],
    conditions: Mapping[str, bool],
    ruleset: RuleSet,
    scale: GradeScale,
    *,
    condition_names: Mapping[str, str] | None = None,
) -> Proposal:
    """Propose a grade for one framework.

    - `criteria`: the framework's criteria; `judgements`: criterion code to judgement, a
      criterion with no entry is not yet judged; `conditions`: condition code to whether it is
      recorded as present (only True counts; a condition with no entry is absent, codes no rule
      mentions are ignored); `condition_names`: display names for the trace.
    - Rules are tried in the rule set's `order`; the first that holds gives the proposal, and the
      rules after it are not tried.
    - If any criterion is not yet judged, no grade is proposed (reason "incomplete"), but every
      rule is still evaluated on the judgements so far (unjudged criteria count as applicable and
      neither met nor failed) so the trace shows where things stand.
    - If no rule holds, no grade is proposed and the reason and grade pair come from the rule
      set's `when_none_holds` (for the default rules: judgement required between Poor and Fair).
    - With no applicable criteria at a level, "every ... met" holds (nothing is unmet) and a met
      share does not hold (there is no share); the trace notes "none_applicable" for both.

    Raises EngineInputError when the rule set does not fit the scale, or when criteria and
    judgements contradict each other (duplicate or unknown criterion codes, unknown levels,
    significant criteria above the lowest level, unknown judgement values).
    """
    _check_ruleset(ruleset, scale)
    board = Board.build(criteria, judgements, scale)
    weight = exact(ruleset.partly_met_weight)
    complete = not board.unjudged
    tried: list[RuleTrace] = []
    decided_by: str | None = None
    for grade in ruleset.order:
        rule_trace = evaluate_rule(grade, ruleset.rules[grade], board, conditions, weight)
        tried.append(rule_trace)
        if rule_trace.holds and complete:
            decided_by = grade
            break

    names = _names(ruleset, scale, condition_names)

    def trace(outcome: str, decided: str | None = None, between: tuple[str, str] | None = None) -> Trace:
        return Trace(
            ruleset=ruleset.code,
            partly_met_weight=ruleset.partly_met_weight,
            outcome=outcome,
            decided_by=decided,
            rules=tuple(tried),
            names=names,
            unjudged=board.unjudged,
            between=between,
        )

    if not complete:
        return Proposal(grade=None, reason=INCOMPLETE, trace=trace(INCOMPLETE), unjudged=board.unjudged)
    if decided_by is not None:
        return Proposal(grade=decided_by, reason=None, trace=trace(PROPOSED, decided=decided_by))
    fallback = ruleset.when_none_holds
    between = (fallback.between[0], fallback.between[1])
    return Proposal(
        grade=None, reason=fallback.reason, trace=trace(fallback.reason, between=between), between=between
    )
