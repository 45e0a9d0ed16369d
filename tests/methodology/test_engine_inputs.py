"""What the engine refuses: inputs that contradict each other or a rule set that does not fit."""

from __future__ import annotations

import pytest

from inspectorate.methodology.engine import (
    Criterion,
    EngineInputError,
    GradeScale,
    Judgement,
    RuleSet,
    propose,
)

M = Judgement.MET


def test_it_names_levels_after_their_grades():
    scale = GradeScale([("good", "Good"), ("fair", "Fair")], ["fair", "good", "beyond_good"])
    assert scale.level_names() == {"fair": "Fair", "good": "Good", "beyond_good": "Beyond good"}
    assert scale.lowest_level == "fair"
    assert GradeScale([("pass", "Pass")], []).lowest_level is None
    assert scale.rank("good") == 0
    assert scale.rank("fair") == 1


@pytest.mark.parametrize(
    ("grades", "levels", "message"),
    [
        ([], ["fair"], "a grade scale needs at least one grade"),
        ([("good", "Good"), ("good", "Very good")], ["good"], "grade code 'good' appears more than once"),
        ([("good", "Good")], ["good", "good"], "level code 'good' appears more than once"),
    ],
)
def test_it_refuses_a_malformed_scale(grades, levels, message):
    with pytest.raises(EngineInputError, match=message):
        GradeScale(grades, levels)


def test_it_refuses_an_unknown_grade_rank(hmic_scale):
    with pytest.raises(EngineInputError, match="unknown grade 'superb'"):
        hmic_scale.rank("superb")


def fair(code, **flags):
    return Criterion(
        code=code,
        level=flags.get("level", "fair"),
        significant=flags.get("significant", False),
        dominant=False,
        theme="leadership",
    )


@pytest.mark.parametrize(
    ("criteria", "judgements", "message"),
    [
        ([fair("F01"), fair("F01")], {"F01": M}, "criterion 'F01' is given more than once"),
        ([fair("F01", level="basic")], {"F01": M}, "criterion 'F01' has unknown level 'basic'"),
        (
            [fair("G01", level="good", significant=True)],
            {"G01": M},
            "criterion 'G01' is significant but only 'fair'",
        ),
        ([fair("F01")], {"F01": "yes"}, "criterion 'F01' has an unknown judgement 'yes'"),
        ([fair("F01")], {"F01": M, "F02": M, "A01": M}, "judgement for unknown criterion 'A01'"),
    ],
)
def test_it_refuses_inputs_that_contradict_each_other(
    default_rules, hmic_scale, criteria, judgements, message
):
    with pytest.raises(EngineInputError, match=message):
        propose(criteria, judgements, {}, default_rules, hmic_scale)


def test_it_refuses_a_rule_set_that_does_not_fit_the_scale(default_rules_data, hmic_scale):
    data = dict(default_rules_data, order=["poor", "excellent", "good"])
    with pytest.raises(
        EngineInputError, match=r"rule set 'hmic-2007-default' does not fit the scale: order: grade 'fair'"
    ):
        propose([fair("F01")], {"F01": M}, {}, RuleSet.model_validate(data), hmic_scale)


def test_it_proposes_fair_for_a_framework_with_no_criteria(default_rules, hmic_scale):
    # Nothing can be failed and there is no Good share: only the Fair rule holds.
    proposal = propose([], {}, {"beacon": True, "innovation": True}, default_rules, hmic_scale)
    assert (proposal.grade, proposal.reason) == ("fair", None)


def test_it_checks_each_new_rule_set_however_many_it_has_seen(default_rules_data, hmic_scale):
    for _ in range(70):
        fitting = RuleSet.model_validate(default_rules_data)
        assert propose([fair("F01")], {"F01": M}, {}, fitting, hmic_scale).grade == "fair"
    misfit = RuleSet.model_validate(dict(default_rules_data, order=["poor", "excellent", "good"]))
    with pytest.raises(EngineInputError, match="does not fit the scale"):
        propose([fair("F01")], {"F01": M}, {}, misfit, hmic_scale)
