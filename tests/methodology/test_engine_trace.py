"""The trace as people read it (render_text) and as it is stored (to_dict)."""

from __future__ import annotations

import copy
import json

import pytest

from inspectorate.methodology.engine import Judgement, Names, RuleSet, TestTrace, propose
from inspectorate.methodology.engine.wording import describe_test, shown_share

M, P, N, A = Judgement.MET, Judgement.PARTLY, Judgement.NOT_MET, Judgement.NA
BOTH = {"beacon": True, "innovation": True}


def judged(fair: list[Judgement], good: list[Judgement]) -> dict[str, Judgement]:
    marks = {f"F{n:02d}": mark for n, mark in enumerate(fair, start=1)}
    marks.update({f"G{n:02d}": mark for n, mark in enumerate(good, start=1)})
    return marks


def lines_of(proposal):
    return [line.strip() for line in proposal.trace.render_text().splitlines()]


def test_it_explains_a_good_proposal_in_plain_english(default_rules, hmic_scale, make_criteria):
    judgements = judged([M] * 4, [M] * 7 + [N] * 3)
    proposal = propose(
        make_criteria(fair=4, good=10, significant=2), judgements, {}, default_rules, hmic_scale
    )
    lines = lines_of(proposal)
    assert (
        "Good criteria met: 7 of 10 = 70%; Good needs more than 50%: satisfied (not met: G08, G09, G10)"
        in lines
    )
    assert lines[-2:] == [
        "Decided by: Good (every Fair criterion met; Good criteria met 7 of 10 = 70%, more than 50%)",
        "Proposed grade: Good",
    ]


def test_it_shows_a_share_that_falls_short_with_its_partly_met_criteria(
    default_rules, hmic_scale, make_criteria
):
    judgements = judged([M] * 4, [M] * 9 + [P] + [N] * 2)
    proposal = propose(
        make_criteria(fair=4, good=12, significant=2), judgements, BOTH, default_rules, hmic_scale
    )
    assert (
        "Good criteria met: 9.5 of 12 = 79%; Excellent needs at least 80%: not satisfied"
        " (partly met, counted as 0.5 each: G10; not met: G11, G12)"
    ) in lines_of(proposal)
    assert "Beacon: recorded as present; Excellent needs it: satisfied" in lines_of(proposal)


def test_it_explains_poor_with_the_failed_criteria(default_rules, hmic_scale, make_criteria):
    criteria = make_criteria(fair=12, good=2, significant=12, dominant=["F12"])
    proposal = propose(criteria, judged([N] * 3 + [M] * 8 + [N], [M, M]), {}, default_rules, hmic_scale)
    lines = lines_of(proposal)
    assert "Poor, if any of these holds: holds" in lines
    assert "Dominant criteria not met: 1 of 1; Poor needs at least 1: satisfied (not met: F12)" in lines
    assert (
        "Significant Fair criteria not met: 4 of 12; Poor needs at least 3 (the larger of 2 and 25% of 12):"
        " satisfied (not met: F01, F02, F03, F12)"
    ) in lines
    assert lines[-2] == (
        "Decided by: Poor (dominant criteria not met: F12; 4 of 12 significant Fair criteria not met"
        " (F01, F02, F03, F12), at least 3 needed)"
    )


def test_it_explains_excellent_with_every_reason(default_rules, hmic_scale, make_criteria):
    proposal = propose(
        make_criteria(fair=2, good=5, significant=0),
        judged([M, A], [M] * 4 + [N]),
        BOTH,
        default_rules,
        hmic_scale,
    )
    assert lines_of(proposal)[-2] == (
        "Decided by: Excellent (every Fair criterion met; Good criteria met 4 of 5 = 80%, at least 80%;"
        " Beacon recorded; Innovation recorded)"
    )


def test_it_words_a_significant_criteria_threshold_given_as_a_count_only(
    default_rules_data, hmic_scale, make_criteria
):
    data = copy.deepcopy(default_rules_data)
    data["rules"]["poor"]["any"][1] = {"test": "significant_not_met", "at_least_count": 2}
    rules = RuleSet.model_validate(data)
    proposal = propose(
        make_criteria(fair=4, good=1, significant=4), judged([N, M, M, M], [M]), {}, rules, hmic_scale
    )
    assert (
        "Significant Fair criteria not met: 1 of 4; Poor needs at least 2: not satisfied (not met: F01)"
        in lines_of(proposal)
    )


def test_it_explains_vacuous_tests(default_rules, hmic_scale, make_criteria):
    proposal = propose(
        make_criteria(fair=2, good=2, significant=0), judged([M, M], [A, A]), {}, default_rules, hmic_scale
    )
    lines = lines_of(proposal)
    assert "Dominant criteria not met: none applicable; Poor needs at least 1: not satisfied" in lines
    assert (
        "Significant Fair criteria not met: none applicable;"
        " Poor needs at least 2 (the larger of 2 and 25% of 0): not satisfied"
    ) in lines
    assert (
        "Good criteria met: none applicable, so there is no share; Good needs more than 50%: not satisfied"
        in lines
    )
    assert (
        "Significant Fair criteria met in full: none applicable;"
        " Fair needs all of them: satisfied, as there are none"
    ) in lines
    assert lines[-2] == "Decided by: Fair (no applicable significant Fair criteria)"
    fair_test = proposal.trace.rules[-1].tests[0]
    assert (fair_test.note, fair_test.denominator) == ("none_applicable", 0)


def test_it_explains_the_gap_in_the_published_rules(default_rules, hmic_scale, make_criteria):
    proposal = propose(
        make_criteria(fair=4, good=2, significant=4),
        judged([N, M, M, M], [M, M]),
        {},
        default_rules,
        hmic_scale,
    )
    assert lines_of(proposal)[-2:] == ["No rule holds", "Judgement required between Poor and Fair"]


def test_it_explains_where_an_incomplete_framework_stands(default_rules, hmic_scale, make_criteria):
    criteria = make_criteria(fair=3, good=3, significant=1, dominant=["F03"])
    proposal = propose(criteria, {"F01": M, "F03": N, "G01": M}, {}, default_rules, hmic_scale)
    lines = lines_of(proposal)
    assert "Poor, if any of these holds: holds so far" in lines
    assert "Good, if all of these hold: does not hold so far" in lines
    assert (
        "Fair criteria met in full: 1 of 3;"
        " Good needs all of them: not satisfied (not met: F03; not yet judged: F02)"
    ) in lines
    assert lines[-2:] == [
        "Incomplete: 3 criteria not yet judged (F02, G02, G03); no grade is proposed until every applicable"
        " criterion is judged",
        "On the judgements so far the first rule that holds is Poor",
    ]


def test_it_says_when_nothing_holds_yet_and_one_criterion_is_missing(
    default_rules, hmic_scale, make_criteria
):
    criteria = make_criteria(fair=3, good=1, significant=3)
    proposal = propose(criteria, {"F01": N, "F02": M, "F03": M}, {}, default_rules, hmic_scale)
    assert lines_of(proposal)[-2:] == [
        "Incomplete: 1 criterion not yet judged (G01);"
        " no grade is proposed until every applicable criterion is judged",
        "On the judgements so far no rule holds",
    ]


def test_it_names_grades_levels_and_conditions_as_given(default_rules, make_criteria):
    from inspectorate.methodology.engine import GradeScale

    scale = GradeScale(
        [("excellent", "Outstanding"), ("good", "Strong"), ("fair", "Sound"), ("poor", "Weak")],
        ["fair", "good"],
    )
    proposal = propose(
        make_criteria(fair=1, good=1, significant=1),
        judged([M], [M]),
        {"beacon": True},
        default_rules,
        scale,
        condition_names={"beacon": "Beacon status"},
    )
    lines = lines_of(proposal)
    assert "Beacon status: recorded as present; Outstanding needs it: satisfied" in lines
    assert "Innovation: not recorded; Outstanding needs it: not satisfied" in lines
    assert "Strong criteria met: 1 of 1 = 100%; Outstanding needs at least 80%: satisfied" in lines
    assert proposal.trace.to_dict()["names"]["conditions"] == {
        "beacon": "Beacon status",
        "innovation": "Innovation",
    }


def test_it_gives_a_json_serialisable_dict_with_the_criteria_behind_each_number(
    default_rules, hmic_scale, make_criteria
):
    proposal = propose(
        make_criteria(fair=2, good=4, significant=1),
        judged([M, M], [M, P, N, A]),
        {},
        default_rules,
        hmic_scale,
    )
    data = json.loads(json.dumps(proposal.trace.to_dict()))
    assert data["outcome"] == "proposed"
    assert data["decided_by"] == "fair"
    assert data["rules"][2]["tests"][1] == {
        "test": "met_share",
        "spec": {"test": "met_share", "level": "good", "above": 0.5},
        "satisfied": False,
        "level": "good",
        "numerator": 1.5,
        "denominator": 3,
        "share": 0.5,
        "threshold": 0.5,
        "comparator": ">",
        "criteria": {"met": ["G01"], "partly": ["G02"], "not_met": ["G03"], "na": ["G04"], "unjudged": []},
        "note": None,
    }


def test_it_keeps_stored_specs_apart_from_each_other(default_rules, hmic_scale, make_criteria):
    criteria, judgements = make_criteria(fair=1, good=1), judged([M], [M])
    first = propose(criteria, judgements, {}, default_rules, hmic_scale)
    first.trace.rules[0].tests[0].spec["test"] = "changed"
    second = propose(criteria, judgements, {}, default_rules, hmic_scale)
    assert second.trace.rules[0].tests[0].spec["test"] == "dominant_not_met"


@pytest.mark.parametrize(
    ("share", "threshold", "comparator", "satisfied", "shown"),
    [
        (9.5 / 12, 0.8, ">=", False, "79%"),
        (0.5, 0.5, ">", False, "50%"),
        (0.504, 0.5, ">", True, "50.4%"),
        (0.7996, 0.8, ">=", False, "79.96%"),
        (0.8, 0.8, ">=", True, "80%"),
        # Closer than four decimals can show: the line still gives its best figure.
        (0.79999999, 0.8, ">=", False, "80.0000%"),
    ],
)
def test_it_never_rounds_a_share_across_its_threshold_unless_it_must(
    share, threshold, comparator, satisfied, shown
):
    assert shown_share(share, threshold, comparator, satisfied) == shown


def test_it_words_a_dominant_test_limited_to_one_level():
    names = Names(grades={"poor": "Poor"}, levels={"good": "Good"}, conditions={})
    test = TestTrace(
        test="dominant_not_met",
        spec={"test": "dominant_not_met", "level": "good"},
        satisfied=False,
        level="good",
        numerator=0,
        denominator=2,
        threshold=1,
        comparator=">=",
        criteria={"met": ("G01", "G02")},
    )
    assert (
        describe_test(test, "poor", names, 0.5)
        == "Dominant Good criteria not met: 0 of 2; Poor needs at least 1: not satisfied"
    )
