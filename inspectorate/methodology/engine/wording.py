"""Plain English for traces: one line per test, a heading per rule, and the outcome.

Percentages are shown whole unless rounding would make a line contradict itself (50.4% shown as
"50%" next to "more than 50%: satisfied"); then as many decimals as it takes, up to four.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .trace import Names, RuleTrace, TestTrace, Trace

PROPOSED = "proposed"
INCOMPLETE = "incomplete"

_STATUS_WORDS = {
    "partly": "partly met",
    "not_met": "not met",
    "na": "not applicable",
    "unjudged": "not yet judged",
}


def number(value: float) -> str:
    """9.5 as "9.5", 7.0 as "7"."""
    return f"{round(value, 2):g}"


def percent_of(share: float) -> str:
    return f"{round(share * 100, 4):g}%"


def shown_share(share: float, threshold: float, comparator: str, satisfied: bool) -> str:
    limit = round(threshold * 100, 6)
    for places in range(5):
        shown = round(share * 100, places)
        agrees = (shown >= limit if comparator == ">=" else shown > limit) == satisfied
        if agrees:
            break
    return f"{shown:.{places}f}%"


def _verdict(satisfied: bool) -> str:
    return "satisfied" if satisfied else "not satisfied"


def _codes(
    criteria: dict[str, tuple[str, ...]], statuses: tuple[str, ...], partly_weight: float | None
) -> str:
    parts = []
    for status in statuses:
        codes = criteria.get(status, ())
        if codes:
            words = _STATUS_WORDS[status]
            if status == "partly" and partly_weight is not None:
                words += f", counted as {partly_weight:g} each"
            parts.append(f"{words}: {', '.join(codes)}")
    return f" ({'; '.join(parts)})" if parts else ""


def _subject(first: str, test: TestTrace, names: Names, rest: str) -> str:
    """E.g. "Significant" + "Fair" + "criteria not met"; a test across every level has no level."""
    words = (first, names.level(test.level), rest)
    text = " ".join(word for word in words if word)
    return text[0].upper() + text[1:]


def describe_test(test: TestTrace, grade: str, names: Names, partly_weight: float) -> str:
    """One line for one test, e.g. "Good criteria met: 9.5 of 12 = 79%; Excellent needs at
    least 80%: not satisfied"."""
    spec, needs = test.spec, f"{names.grade(grade)} needs"
    verdict = _verdict(test.satisfied)
    if test.test == "condition":
        present = "recorded as present" if test.satisfied else "not recorded"
        return f"{names.condition(spec['condition'])}: {present}; {needs} it: {verdict}"
    numerator, denominator = number(test.numerator or 0), test.denominator
    if test.test == "met_share":
        assert test.threshold is not None and test.comparator is not None
        wanted = f"{'at least' if test.comparator == '>=' else 'more than'} {percent_of(test.threshold)}"
        subject = _subject("", test, names, "criteria met")
        if test.share is None:
            counted = "none applicable, so there is no share"
        else:
            counted = f"{numerator} of {denominator} = "
            counted += shown_share(test.share, test.threshold, test.comparator, test.satisfied)
        detail = _codes(test.criteria, ("partly", "not_met", "unjudged"), partly_weight)
        return f"{subject}: {counted}; {needs} {wanted}: {verdict}{detail}"
    if test.test == "all_met":
        significant = "Significant" if spec.get("significant_only") else ""
        subject = _subject(significant, test, names, "criteria met in full")
        if test.note == "none_applicable":
            return f"{subject}: none applicable; {needs} all of them: {verdict}, as there are none"
        detail = _codes(test.criteria, ("partly", "not_met", "unjudged"), None)
        return f"{subject}: {numerator} of {denominator}; {needs} all of them: {verdict}{detail}"
    threshold = number(test.threshold or 0)
    if test.test == "dominant_not_met":
        subject = _subject("Dominant", test, names, "criteria not met")
        wanted = f"at least {threshold}"
    else:
        subject = _subject("Significant", test, names, "criteria not met")
        wanted = f"at least {threshold}"
        if spec.get("at_least_share"):
            wanted += (
                f" (the larger of {spec['at_least_count']} and {percent_of(spec['at_least_share'])}"
                f" of {denominator})"
            )
    counted = "none applicable" if test.note == "none_applicable" else f"{numerator} of {denominator}"
    detail = _codes(test.criteria, ("not_met", "unjudged"), None)
    return f"{subject}: {counted}; {needs} {wanted}: {verdict}{detail}"


def rule_heading(rule: RuleTrace, names: Names, provisional: bool) -> str:
    connective = "any of these holds" if rule.combinator == "any" else "all of these hold"
    if provisional:
        result = "holds so far" if rule.holds else "does not hold so far"
    else:
        result = "holds" if rule.holds else "does not hold"
    return f"{names.grade(rule.grade)}, if {connective}: {result}"


def _clause(test: TestTrace, names: Names) -> str:
    spec = test.spec
    if test.test == "condition":
        return f"{names.condition(spec['condition'])} recorded"
    if test.test == "met_share":
        assert test.share is not None and test.threshold is not None and test.comparator is not None
        wanted = "at least" if test.comparator == ">=" else "more than"
        shown = shown_share(test.share, test.threshold, test.comparator, test.satisfied)
        return (
            f"{names.level(test.level)} criteria met {number(test.numerator or 0)} of {test.denominator}"
            f" = {shown}, {wanted} {percent_of(test.threshold)}"
        )
    if test.test == "all_met":
        level = names.level(test.level)
        which = f"significant {level}" if spec.get("significant_only") else level
        if test.note == "none_applicable":
            return f"no applicable {which} criteria"
        return f"every {which} criterion met"
    failed = ", ".join(test.criteria.get("not_met", ()))
    if test.test == "dominant_not_met":
        return f"dominant criteria not met: {failed}"
    level = names.level(test.level)
    return (
        f"{number(test.numerator or 0)} of {test.denominator} significant {level} criteria not met"
        f" ({failed}), at least {number(test.threshold or 0)} needed"
    )


def decided_by_line(rule: RuleTrace, names: Names) -> str:
    """E.g. "Decided by: Good (every Fair criterion met; Good criteria met 7 of 10 = 70%, more
    than 50%)". For an `any` rule only the tests that held are given."""
    clauses = [_clause(test, names) for test in rule.tests if test.satisfied]
    return f"Decided by: {names.grade(rule.grade)} ({'; '.join(clauses)})"


def outcome_lines(trace: Trace) -> list[str]:
    names = trace.names
    if trace.outcome == PROPOSED:
        decider = next(rule for rule in trace.rules if rule.grade == trace.decided_by)
        return [decided_by_line(decider, names), f"Proposed grade: {names.grade(decider.grade)}"]
    if trace.outcome == INCOMPLETE:
        count = len(trace.unjudged)
        noun = "criterion" if count == 1 else "criteria"
        holding = next((rule for rule in trace.rules if rule.holds), None)
        standing = (
            f"On the judgements so far the first rule that holds is {names.grade(holding.grade)}"
            if holding is not None
            else "On the judgements so far no rule holds"
        )
        return [
            f"Incomplete: {count} {noun} not yet judged ({', '.join(trace.unjudged)});"
            " no grade is proposed until every applicable criterion is judged",
            standing,
        ]
    assert trace.between is not None
    reason = trace.outcome.replace("_", " ").capitalize()
    low, high = (names.grade(code) for code in trace.between)
    return ["No rule holds", f"{reason} between {low} and {high}"]
