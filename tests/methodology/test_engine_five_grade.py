"""A second, five-point scale with its own rule set from a YAML file: the rules are data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from inspectorate.methodology.engine import (
    Criterion,
    GradeScale,
    Judgement,
    RuleSet,
    propose,
    roll_up,
    ruleset_problems,
)

FIXTURE = Path(__file__).parent / "fixtures" / "five-grade-rules.yaml"
GRADES = [
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("adequate", "Adequate"),
    ("requires_improvement", "Requires improvement"),
    ("inadequate", "Inadequate"),
]
LEVELS = ["adequate", "good", "outstanding"]
LETTERS = {"M": Judgement.MET, "P": Judgement.PARTLY, "N": Judgement.NOT_MET, "A": Judgement.NA}


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.model_validate(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def scale() -> GradeScale:
    return GradeScale(GRADES, LEVELS)


def assess(rules, scale, adequate, good, outstanding, significant=2, dominant=(), conditions=None):
    """One letter per criterion as in the default-rules tests; codes A01.., B01.., C01.. by level."""
    criteria, judgements = [], {}
    for level, letter, marks in (
        ("adequate", "A", adequate),
        ("good", "B", good),
        ("outstanding", "C", outstanding),
    ):
        for number, mark in enumerate(marks, start=1):
            code = f"{letter}{number:02d}"
            significant_here = level == "adequate" and number <= significant
            criteria.append(Criterion(code, level, significant_here, code in dominant, "any-theme"))
            judgements[code] = LETTERS[mark]
    return propose(criteria, judgements, conditions or {}, rules, scale)


def test_it_finds_the_five_point_rules_fit_the_five_point_scale(rules):
    assert ruleset_problems(rules, [code for code, _ in GRADES], LEVELS, {"innovation"}) == []


def test_it_finds_the_five_point_rules_do_not_fit_the_four_point_scale(rules):
    problems = ruleset_problems(
        rules, ["excellent", "good", "fair", "poor"], ["fair", "good"], {"beacon", "innovation"}
    )
    paths = [path for path, _ in problems]
    assert "order[0]" in paths
    assert "rules.requires_improvement" in paths
    assert "rules.inadequate.any[0].level" in paths
    assert "when_none_holds.between[1]" in paths


CASES = {
    "everything met with innovation is Outstanding": (
        "MMMMMM",
        "MMMM",
        "MMMN",
        {"innovation": True},
        "outstanding",
    ),
    "everything met without innovation is Good": ("MMMMMM", "MMMM", "MMMM", {}, "good"),
    # 2 met and 3 partly is 2.75 of 5 (55%) at this rule set's weight of 0.25: short of 60%.
    "partly met counts a quarter here": ("MMMMMM", "MMPPP", "", {}, "adequate"),
    "3 met and 2 partly is 3.5 of 5 (70%): Good": ("MMMMMM", "MMMPP", "", {}, "good"),
    "a significant Adequate criterion not met: Requires improvement": (
        "NMMMMM",
        "MMMMM",
        "",
        {},
        "requires_improvement",
    ),
    "Adequate met share exactly 75%, significant ones met: Adequate": (
        "MMMMMMNN",
        "NNNNN",
        "",
        {},
        "adequate",
    ),
    "too few Adequate met and not inadequate: judgement required": ("NNMNNM", "MMMMM", "", {}, None),
}


@pytest.mark.parametrize(
    ("adequate", "good", "outstanding", "conditions", "expected"), CASES.values(), ids=CASES.keys()
)
def test_it_proposes_per_the_five_point_rules(
    rules, scale, adequate, good, outstanding, conditions, expected
):
    proposal = assess(rules, scale, adequate, good, outstanding, conditions=conditions)
    assert proposal.grade == expected


def test_it_proposes_inadequate_at_half_the_significant_criteria_not_met(rules, scale):
    assert assess(rules, scale, "NNNMMMM", "MMM", "", significant=6).grade == "inadequate"
    assert assess(rules, scale, "NNMMMMM", "MMM", "", significant=6).grade == "requires_improvement"


def test_it_only_counts_dominant_criteria_of_the_named_level(rules, scale):
    assert assess(rules, scale, "MMMMMN", "MMM", "", dominant=["A06"]).grade == "inadequate"
    # A dominant Good criterion not met is just one Good criterion short here (2 of 3 is 67%).
    assert assess(rules, scale, "MMMMMM", "NMM", "", dominant=["B01"]).grade == "good"


def test_it_says_between_which_five_point_grades_to_choose(rules, scale):
    proposal = assess(rules, scale, "NNMNNM", "MMMMM", "")
    assert (proposal.reason, proposal.between) == (
        "judgement_required",
        ("inadequate", "requires_improvement"),
    )
    assert (
        proposal.trace.render_lines()[-1] == "Judgement required between Inadequate and Requires improvement"
    )


def test_it_words_the_trace_with_the_five_point_names(rules, scale):
    lines = [line.strip() for line in assess(rules, scale, "MMMMMM", "MMMPP", "").trace.render_lines()]
    assert "Rule set five-grade-example; a partly met criterion counts 0.25 in shares" in lines
    assert (
        "Good criteria met: 3.5 of 5 = 70%; Good needs at least 60%: satisfied"
        " (partly met, counted as 0.25 each: B04, B05)"
    ) in lines
    assert (
        "Dominant Adequate criteria not met: none applicable; Inadequate needs at least 1: not satisfied"
        in lines
    )
    assert lines[-1] == "Proposed grade: Good"


def test_it_rolls_up_five_point_grades_by_the_median(rules, scale):
    assert rules.group_rollup is not None
    grades = {"A": "outstanding", "B": "good", "C": "requires_improvement", "D": "inadequate"}
    result = roll_up(grades, rules.group_rollup, scale)
    assert result.grade == "requires_improvement"
    assert result.trace.render_lines()[-2:] == [
        "Median component grade: Requires improvement",
        "Group grade: Requires improvement",
    ]
