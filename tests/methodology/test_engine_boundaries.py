"""Boundary cases of the default HMIC rules (METHODOLOGY section 5), one row per case.

Judgements are written one letter per criterion, in code order: M met, P partly met, N not met,
A not applicable, ? not yet judged. Fair criteria come first in `fair`; the first `sig` of them
are significant.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from inspectorate.methodology.engine import Judgement, propose

LETTERS = {"M": Judgement.MET, "P": Judgement.PARTLY, "N": Judgement.NOT_MET, "A": Judgement.NA}
BOTH = {"beacon": True, "innovation": True}


class Case(NamedTuple):
    fair: str
    sig: int
    good: str
    expected: str | None
    reason: str | None = None
    conditions: dict[str, bool] = BOTH
    dominant: tuple[str, ...] = ()


def judgements_from(fair: str, good: str) -> dict[str, Judgement]:
    result = {}
    for letter, marks in (("F", fair), ("G", good)):
        for number, mark in enumerate(marks, start=1):
            if mark != "?":
                result[f"{letter}{number:02d}"] = LETTERS[mark]
    return result


CASES = {
    # Good needs more than half of the Good criteria: exactly half is not enough.
    "exactly 50% of Good met is not Good": Case("MMMMMM", 4, "MMMMMNNNNN", "fair"),
    "just above 50% of Good met is Good": Case("MMMMMM", 4, "MMMMMPNNNN", "good"),
    "6 of 11 Good met is Good": Case("MMMMMM", 4, "MMMMMMNNNNN", "good"),
    # Excellent needs at least 80% of Good and both conditions.
    "exactly 80% with both conditions is Excellent": Case("MMMMMM", 4, "MMMMMMMMNN", "excellent"),
    "exactly 80% with beacon only is Good": Case(
        "MMMMMM", 4, "MMMMMMMMNN", "good", conditions={"beacon": True, "innovation": False}
    ),
    "exactly 80% with no conditions recorded is Good": Case("MMMMMM", 4, "MMMMMMMMNN", "good", conditions={}),
    "79% (9.5 of 12) is Good even with both conditions": Case("MMMMMM", 4, "MMMMMMMMMPNN", "good"),
    "every Good met but a Fair criterion partly met is not Excellent": Case(
        "MMMMMP", 4, "MMMMMMMMMM", "fair"
    ),
    # Partly met counts half in shares and as not met in "every ... met" tests.
    "two partly met make one met: 8 of 10 is Excellent": Case("MMMMMM", 4, "MMMMMMMPPN", "excellent"),
    "7.5 of 10 is Good, not Excellent": Case("MMMMMM", 4, "MMMMMMPPPN", "good"),
    "all partly met Good is exactly half: Fair": Case("MMMMMM", 4, "PPPPPPPPPP", "fair"),
    "a partly met significant Fair criterion is not Fair and not Poor": Case(
        "PMMMMM", 4, "MMMMMMMMMM", None, "judgement_required"
    ),
    # Not applicable leaves numerator and denominator alike.
    "N/A leaves the denominator: 5 of 9 is Good": Case("MMMMMM", 4, "MMMMMNNNNA", "good"),
    "N/A leaves the denominator: 8 of 9 is Excellent": Case("MMMMMM", 4, "MMMMMMMMNA", "excellent"),
    "an N/A Fair criterion does not stop Good": Case("MMMMMA", 4, "MMMMMMNNNN", "good"),
    "all Good criteria N/A: no share, so Fair": Case("MMMMMM", 4, "AAAA", "fair"),
    "no Good criteria at all: no share, so Fair": Case("MMMMMM", 4, "", "fair"),
    "no significant criteria: Fair holds vacuously": Case("NMMMMM", 0, "MMMMMMMMMM", "fair"),
    # A dominant criterion not met means Poor, whatever else holds.
    "a dominant Fair criterion not met is Poor": Case("MMMMMN", 4, "MMMMMMMMMM", "poor", dominant=("F06",)),
    "a dominant Good criterion not met is Poor": Case("MMMMMM", 4, "NMMMMMMMMM", "poor", dominant=("G01",)),
    "a dominant criterion partly met is not Poor": Case("MMMMMP", 4, "MMMMMMMMMM", "fair", dominant=("F06",)),
    "a dominant criterion N/A is not Poor": Case("MMMMMA", 4, "MMMMMMMMMM", "excellent", dominant=("F06",)),
    # Poor by significant Fair criteria not met: at least max(2, ceil(25% of applicable)).
    "4 significant, 1 not met: judgement required": Case(
        "NMMMMM", 4, "MMMMMMMMMM", None, "judgement_required"
    ),
    "4 significant, 2 not met: Poor": Case("NNMMMM", 4, "MMMMMMMMMM", "poor"),
    "12 significant, 2 not met: judgement required": Case(
        "NNMMMMMMMMMM", 12, "MMMMMMMMMM", None, "judgement_required"
    ),
    "12 significant, 3 not met: Poor": Case("NNNMMMMMMMMM", 12, "MMMMMMMMMM", "poor"),
    "13 significant, 3 not met: judgement required (ceil 3.25 is 4)": Case(
        "NNNMMMMMMMMMM", 13, "MMMMMMMMMM", None, "judgement_required"
    ),
    "13 significant, 4 not met: Poor": Case("NNNNMMMMMMMMM", 13, "MMMMMMMMMM", "poor"),
    "significant partly met do not count towards Poor": Case(
        "PPPMMM", 4, "MMMMMMMMMM", None, "judgement_required"
    ),
    "non-significant Fair not met: Fair, not Poor": Case("MMMMNN", 4, "MMMMMMMMMM", "fair"),
    # Not yet judged: no grade, even where the outcome looks certain.
    "an unjudged Good criterion: incomplete": Case("MMMMMM", 4, "MMMMMMMMM?", None, "incomplete"),
    "an unjudged criterion beside a failed dominant one: incomplete": Case(
        "MMMMMN", 4, "?MMMMMMMMM", None, "incomplete", dominant=("F06",)
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_it_proposes_per_the_default_rules(case, default_rules, hmic_scale, make_criteria):
    criteria = make_criteria(
        fair=len(case.fair), good=len(case.good), significant=case.sig, dominant=case.dominant
    )
    proposal = propose(
        criteria, judgements_from(case.fair, case.good), case.conditions, default_rules, hmic_scale
    )
    assert (proposal.grade, proposal.reason) == (case.expected, case.reason)


def test_it_says_between_which_grades_judgement_is_required(default_rules, hmic_scale, make_criteria):
    proposal = propose(
        make_criteria(fair=6, good=4, significant=4),
        judgements_from("NMMMMM", "MMMM"),
        {},
        default_rules,
        hmic_scale,
    )
    assert proposal.grade is None
    assert proposal.reason == "judgement_required"
    assert proposal.between == ("poor", "fair")
    assert proposal.trace.between == ("poor", "fair")
    assert [rule.grade for rule in proposal.trace.rules] == ["poor", "excellent", "good", "fair"]
    assert not any(rule.holds for rule in proposal.trace.rules)


def test_it_lists_every_unjudged_criterion_in_code_order(default_rules, hmic_scale, make_criteria):
    proposal = propose(
        make_criteria(fair=4, good=4, significant=2),
        judgements_from("M?MM", "MM??"),
        BOTH,
        default_rules,
        hmic_scale,
    )
    assert proposal.reason == "incomplete"
    assert proposal.unjudged == ("F02", "G03", "G04")
    assert proposal.trace.unjudged == ("F02", "G03", "G04")
    assert proposal.trace.decided_by is None


def test_it_still_evaluates_every_rule_when_incomplete(default_rules, hmic_scale, make_criteria):
    # A failed dominant criterion already makes Poor hold; the trace shows that and the rest.
    proposal = propose(
        make_criteria(fair=4, good=2, significant=2, dominant=["F04"]),
        judgements_from("MMMN", "M?"),
        BOTH,
        default_rules,
        hmic_scale,
    )
    assert proposal.grade is None
    assert [(rule.grade, rule.holds) for rule in proposal.trace.rules] == [
        ("poor", True),
        ("excellent", False),
        ("good", False),
        ("fair", True),
    ]


def test_it_stops_at_the_first_rule_that_holds(default_rules, hmic_scale, make_criteria):
    proposal = propose(
        make_criteria(fair=4, good=4, significant=2),
        judgements_from("MMMM", "MMMN"),
        {},
        default_rules,
        hmic_scale,
    )
    assert proposal.grade == "good"
    assert proposal.trace.decided_by == "good"
    assert [rule.grade for rule in proposal.trace.rules] == ["poor", "excellent", "good"]


def test_it_counts_only_a_condition_recorded_as_true(default_rules, hmic_scale, make_criteria):
    criteria = make_criteria(fair=2, good=2, significant=1)
    judgements = judgements_from("MM", "MM")
    assert propose(criteria, judgements, BOTH, default_rules, hmic_scale).grade == "excellent"
    truthy_but_not_true = {"beacon": 1, "innovation": True}
    assert propose(criteria, judgements, truthy_but_not_true, default_rules, hmic_scale).grade == "good"  # type: ignore[arg-type]


def test_it_takes_judgements_as_plain_strings(default_rules, hmic_scale, make_criteria):
    proposal = propose(
        make_criteria(fair=2, good=2, significant=1),
        {"F01": "met", "F02": "met", "G01": "partly", "G02": "met"},  # type: ignore[dict-item]
        {},
        default_rules,
        hmic_scale,
    )
    assert proposal.grade == "good"
