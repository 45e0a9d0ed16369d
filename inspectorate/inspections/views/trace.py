"""A grade engine trace made ready for a template: each rule tried, each test as the engine words it
with the criteria behind its numbers, and the rule that decided. Works from the stored dict, so an
award's trace is shown as it was when the grade was awarded."""

from __future__ import annotations

from typing import Any

from inspectorate.methodology.engine import Trace
from inspectorate.methodology.engine.wording import (
    INCOMPLETE,
    PROPOSED,
    describe_test,
    outcome_lines,
    rule_heading,
)

STATUS_LABELS = {
    "met": "Met",
    "partly": "Partly met",
    "not_met": "Not met",
    "na": "Not applicable",
    "unjudged": "Not yet judged",
}


def present(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """The trace dict as rules, tests and outcome lines; None when there is no trace."""
    if not data:
        return None
    trace = Trace.from_dict(data)
    names = trace.names
    provisional = trace.outcome == INCOMPLETE
    rules = []
    for rule in trace.rules:
        tests = [
            {
                "line": describe_test(test, rule.grade, names, trace.partly_met_weight),
                "satisfied": test.satisfied,
                "criteria": [
                    (STATUS_LABELS.get(status, status), list(codes))
                    for status, codes in test.criteria.items()
                    if codes
                ],
            }
            for test in rule.tests
        ]
        rules.append(
            {
                "grade": rule.grade,
                "grade_name": names.grade(rule.grade),
                "heading": rule_heading(rule, names, provisional),
                "holds": rule.holds,
                "decided": trace.outcome == PROPOSED and rule.grade == trace.decided_by,
                "tests": tests,
            }
        )
    return {
        "ruleset": trace.ruleset,
        "partly_met_weight": trace.partly_met_weight,
        "outcome": trace.outcome,
        "proposed": trace.outcome == PROPOSED,
        "incomplete": provisional,
        "decided_by": names.grade(trace.decided_by) if trace.decided_by else None,
        "unjudged": list(trace.unjudged),
        "between": [names.grade(code) for code in trace.between] if trace.between else None,
        "outcome_lines": outcome_lines(trace),
        "rules": rules,
    }
