"""The rule set format: its shape (pydantic) and its cross-references (ruleset_problems)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from inspectorate.methodology.engine import RuleSet, ruleset_problems

GRADES = ["excellent", "good", "fair", "poor"]
LEVELS = ["fair", "good"]
CONDITIONS = {"beacon", "innovation"}
PACK_RULES = Path(__file__).resolve().parents[2] / "packs" / "hmic-2007" / "rules.yaml"


def altered(data, change):
    copied = copy.deepcopy(data)
    change(copied)
    return copied


def problems_of(data, grades=GRADES, levels=LEVELS, conditions=CONDITIONS):
    return ruleset_problems(RuleSet.model_validate(data), grades, levels, conditions)


def test_it_finds_no_problem_in_the_default_rules(default_rules):
    assert ruleset_problems(default_rules, GRADES, LEVELS, CONDITIONS) == []


@pytest.mark.skipif(not PACK_RULES.exists(), reason="the 2007 pack is not in this checkout")
def test_it_finds_no_problem_in_the_2007_pack_rules():
    ruleset = RuleSet.model_validate(yaml.safe_load(PACK_RULES.read_text(encoding="utf-8")))
    assert ruleset_problems(ruleset, GRADES, LEVELS, CONDITIONS) == []


def set_key(path, value):
    def change(data):
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        target[last] = value

    return change


PROBLEMS = {
    "a rule for an unknown grade": (
        set_key(["rules", "outstanding"], {"all": [{"test": "condition", "condition": "beacon"}]}),
        [
            (
                "rules.outstanding",
                "rule for an unknown grade 'outstanding' (known: excellent, good, fair, poor)",
            )
        ],
    ),
    "a grade with no rule": (
        lambda data: data["rules"].pop("fair"),
        [("rules", "no rule for grade 'fair'")],
    ),
    "order naming a grade twice and missing one": (
        set_key(["order"], ["poor", "excellent", "good", "good"]),
        [
            ("order[3]", "grade 'good' appears more than once"),
            ("order", "grade 'fair' is missing: order must name each grade exactly once"),
        ],
    ),
    "order naming an unknown grade": (
        set_key(["order"], ["poor", "excellent", "good", "fair", "superb"]),
        [("order[4]", "unknown grade 'superb' (known: excellent, good, fair, poor)")],
    ),
    "an unknown level": (
        set_key(["rules", "good", "all", 1, "level"], "outstanding"),
        [("rules.good.all[1].level", "unknown level 'outstanding' (known: fair, good)")],
    ),
    "an unknown level for dominant criteria": (
        set_key(["rules", "poor", "any", 0, "level"], "basic"),
        [("rules.poor.any[0].level", "unknown level 'basic' (known: fair, good)")],
    ),
    "an unknown condition": (
        set_key(["rules", "excellent", "all", 2, "condition"], "beacon_status"),
        [
            (
                "rules.excellent.all[2].condition",
                "unknown condition 'beacon_status' (known: beacon, innovation)",
            )
        ],
    ),
    "significant_only above the lowest level": (
        set_key(["rules", "fair", "all", 0, "level"], "good"),
        [
            (
                "rules.fair.all[0].significant_only",
                "only the lowest level ('fair') has significant criteria, not 'good'",
            )
        ],
    ),
    "an unknown grade to choose between": (
        set_key(["when_none_holds", "between"], ["weak", "fair"]),
        [("when_none_holds.between[0]", "unknown grade 'weak' (known: excellent, good, fair, poor)")],
    ),
    "the same grade twice to choose between": (
        set_key(["when_none_holds", "between"], ["fair", "fair"]),
        [("when_none_holds.between", "names the same grade twice")],
    ),
    "a roll-up cap at an unknown grade": (
        set_key(["group_rollup", "poor_caps_at"], "adequate"),
        [("group_rollup.poor_caps_at", "unknown grade 'adequate' (known: excellent, good, fair, poor)")],
    ),
}


@pytest.mark.parametrize(("change", "expected"), PROBLEMS.values(), ids=PROBLEMS.keys())
def test_it_names_each_cross_reference_problem_by_key_path(default_rules_data, change, expected):
    assert problems_of(altered(default_rules_data, change)) == expected


def test_it_skips_conditions_when_none_are_given(default_rules_data):
    data = altered(default_rules_data, set_key(["rules", "excellent", "all", 2, "condition"], "anything"))
    assert problems_of(data, conditions=None) == []


def test_it_says_no_conditions_are_known_when_the_programme_has_none(default_rules):
    assert ruleset_problems(default_rules, GRADES, LEVELS, set()) == [
        ("rules.excellent.all[2].condition", "unknown condition 'beacon' (known: none)"),
        ("rules.excellent.all[3].condition", "unknown condition 'innovation' (known: none)"),
    ]


def test_it_refuses_significant_criteria_tests_on_a_scale_without_levels(default_rules):
    problems = dict(ruleset_problems(default_rules, GRADES, [], CONDITIONS))
    assert (
        problems["rules.poor.any[1]"]
        == "the scale has no criterion levels, so there are no significant criteria"
    )
    assert problems["rules.excellent.all[0].level"] == "unknown level 'fair' (known: none)"


def test_it_accepts_a_rule_set_without_a_group_rollup(default_rules_data):
    data = altered(default_rules_data, lambda d: d.pop("group_rollup"))
    assert RuleSet.model_validate(data).group_rollup is None
    assert problems_of(data) == []


SHAPE_ERRORS = {
    "an unknown key": (set_key(["colour"], "blue"), ("colour",), "extra_forbidden"),
    "an unknown key in a test": (
        set_key(["rules", "good", "all", 1, "most"], True),
        ("rules", "good", "all", 1, "met_share", "most"),
        "extra_forbidden",
    ),
    "an unknown test": (
        set_key(["rules", "good", "all", 1], {"test": "most_met", "level": "good"}),
        ("rules", "good", "all", 1),
        "union_tag_invalid",
    ),
    "both any and all": (
        set_key(["rules", "fair", "any"], [{"test": "dominant_not_met"}]),
        ("rules", "fair"),
        "value_error",
    ),
    "neither any nor all": (set_key(["rules", "fair"], {}), ("rules", "fair"), "value_error"),
    "an empty list of tests": (
        set_key(["rules", "fair", "all"], []),
        ("rules", "fair", "all"),
        "value_error",
    ),
    "both at_least and above": (
        set_key(["rules", "good", "all", 1, "at_least"], 0.6),
        ("rules", "good", "all", 1, "met_share"),
        "value_error",
    ),
    "a share above 1": (
        set_key(["rules", "excellent", "all", 1, "at_least"], 80),
        ("rules", "excellent", "all", 1, "met_share", "at_least"),
        "less_than_equal",
    ),
    "a share written as text": (set_key(["partly_met_weight"], "0.5"), ("partly_met_weight",), "float_type"),
    "a count of zero": (
        set_key(["rules", "poor", "any", 1, "at_least_count"], 0),
        ("rules", "poor", "any", 1, "significant_not_met", "at_least_count"),
        "greater_than_equal",
    ),
    "a yes/no flag written as text": (
        set_key(["rules", "fair", "all", 0, "significant_only"], "yes"),
        ("rules", "fair", "all", 0, "all_met", "significant_only"),
        "bool_type",
    ),
    "a reason that is not a code": (
        set_key(["when_none_holds", "reason"], "Judgement required"),
        ("when_none_holds", "reason"),
        "string_pattern_mismatch",
    ),
    "three grades to choose between": (
        set_key(["when_none_holds", "between"], ["poor", "fair", "good"]),
        ("when_none_holds", "between"),
        "too_long",
    ),
    "an unknown roll-up method": (
        set_key(["group_rollup", "method"], "mean"),
        ("group_rollup", "method"),
        "literal_error",
    ),
}


@pytest.mark.parametrize(("change", "location", "kind"), SHAPE_ERRORS.values(), ids=SHAPE_ERRORS.keys())
def test_it_refuses_a_malformed_rule_set_naming_where(default_rules_data, change, location, kind):
    with pytest.raises(ValidationError) as caught:
        RuleSet.model_validate(altered(default_rules_data, change))
    errors = caught.value.errors()
    assert [(error["loc"], error["type"]) for error in errors] == [(location, kind)]


def test_it_reads_the_threshold_and_comparator_of_a_share_test(default_rules):
    excellent_share = default_rules.rules["excellent"].tests[1]
    good_share = default_rules.rules["good"].tests[1]
    assert (excellent_share.threshold, excellent_share.comparator) == (0.8, ">=")
    assert (good_share.threshold, good_share.comparator) == (0.5, ">")
    assert default_rules.rules["poor"].combinator == "any"
    assert default_rules.rules["good"].combinator == "all"
