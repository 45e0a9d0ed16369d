"""Group grades rolled up from component grades (METHODOLOGY section 5, "Group grades")."""

from __future__ import annotations

import json

import pytest

from inspectorate.methodology.engine import EngineInputError, GroupRollup, roll_up

MODAL_CAPPED = GroupRollup(method="modal_lower", poor_caps_at="fair")

# Component grades CA, DV, PP, MP and the published PVP headline.
PUBLISHED = {
    "West Midlands": ({"CA": "fair", "DV": "fair", "PP": "fair", "MP": "good"}, "fair"),
    "Metropolitan": ({"CA": "good", "DV": "fair", "PP": "fair", "MP": "fair"}, "fair"),
    "Suffolk": ({"CA": "poor", "DV": "fair", "PP": "fair", "MP": "fair"}, "fair"),
}


@pytest.mark.parametrize(("components", "headline"), PUBLISHED.values(), ids=PUBLISHED.keys())
def test_it_reproduces_the_published_pvp_headlines(default_rules, hmic_scale, components, headline):
    assert default_rules.group_rollup == MODAL_CAPPED
    result = roll_up(components, default_rules.group_rollup, hmic_scale)
    assert (result.grade, result.reason) == (headline, None)


@pytest.mark.parametrize(("components", "headline"), PUBLISHED.values(), ids=PUBLISHED.keys())
def test_it_reproduces_the_published_headlines_by_the_lower_median_too(hmic_scale, components, headline):
    assert roll_up(components, GroupRollup(method="median_lower"), hmic_scale).grade == headline


def test_it_takes_the_worst_component_by_the_lowest_method(hmic_scale):
    # The lowest method would have given Suffolk Poor, unlike the published headline.
    lowest = GroupRollup(method="lowest")
    assert roll_up(PUBLISHED["Suffolk"][0], lowest, hmic_scale).grade == "poor"
    assert roll_up(PUBLISHED["Metropolitan"][0], lowest, hmic_scale).grade == "fair"
    result = roll_up({"CA": "excellent", "DV": "good"}, lowest, hmic_scale)
    assert result.trace.render_lines()[2:] == ["Lowest component grade: Good", "Group grade: Good"]


def test_it_caps_the_group_when_a_component_is_poor(hmic_scale):
    components = {"CA": "poor", "DV": "good", "PP": "good", "MP": "good"}
    assert roll_up(components, GroupRollup(method="modal_lower"), hmic_scale).grade == "good"
    result = roll_up(components, MODAL_CAPPED, hmic_scale)
    assert result.grade == "fair"
    assert (result.trace.method_grade, result.trace.capped) == ("good", True)
    assert result.trace.render_lines() == [
        "Group grade rule: the most common component grade, a tie going to the lower grade",
        "Components: CA Poor, DV Good, PP Good, MP Good",
        "Most common: Good (3 of 4)",
        "A Poor component caps the group at Fair: Good lowered to Fair",
        "Group grade: Fair",
    ]


def test_it_does_not_raise_a_grade_under_the_cap(hmic_scale):
    result = roll_up({"CA": "poor", "DV": "poor", "PP": "fair"}, MODAL_CAPPED, hmic_scale)
    assert result.grade == "poor"
    assert (result.trace.cap_applies, result.trace.capped) == (True, False)
    assert "A Poor component caps the group at Fair: Poor is within the cap" in result.trace.render_lines()


def test_it_breaks_a_tie_towards_the_lower_grade(hmic_scale):
    result = roll_up({"CA": "good", "DV": "fair", "PP": "good", "MP": "fair"}, MODAL_CAPPED, hmic_scale)
    assert result.grade == "fair"
    assert result.trace.tied == ("good", "fair")
    assert result.trace.render_lines()[2:] == [
        "Tie between Good and Fair (2 each): the lower, Fair",
        "A Poor component caps the group at Fair: there is none",
        "Group grade: Fair",
    ]


def test_it_takes_the_worse_middle_grade_by_the_lower_median(hmic_scale):
    median = GroupRollup(method="median_lower")
    assert (
        roll_up({"A": "excellent", "B": "excellent", "C": "good", "D": "fair"}, median, hmic_scale).grade
        == "good"
    )
    assert roll_up({"A": "excellent", "B": "good", "C": "poor"}, median, hmic_scale).grade == "good"


def test_it_gives_no_group_grade_until_every_component_is_graded(hmic_scale):
    result = roll_up({"CA": "fair", "DV": None, "PP": "fair", "MP": None}, MODAL_CAPPED, hmic_scale)
    assert (result.grade, result.reason) == (None, "incomplete")
    assert result.trace.ungraded == ("DV", "MP")
    assert result.trace.render_lines()[1:] == [
        "Components: CA Fair, DV not graded, PP Fair, MP not graded",
        "Incomplete: not yet graded: DV, MP; no group grade until every component is graded",
    ]


def test_it_gives_a_json_serialisable_trace(hmic_scale):
    result = roll_up(PUBLISHED["West Midlands"][0], MODAL_CAPPED, hmic_scale)
    data = json.loads(json.dumps(result.trace.to_dict()))
    assert data["components"] == [["CA", "fair"], ["DV", "fair"], ["PP", "fair"], ["MP", "good"]]
    assert data["counts"] == {"good": 1, "fair": 3}
    assert (data["method"], data["method_grade"], data["grade"], data["capped"]) == (
        "modal_lower",
        "fair",
        "fair",
        False,
    )
    assert result.trace.render_text().endswith(
        "Most common: Fair (3 of 4)\n"
        "A Poor component caps the group at Fair: there is none\n"
        "Group grade: Fair"
    )


@pytest.mark.parametrize(
    ("components", "rule", "message"),
    [
        ({}, MODAL_CAPPED, "a group grade needs at least one component"),
        ({"CA": "outstanding"}, MODAL_CAPPED, "component 'CA' has unknown grade 'outstanding'"),
        ({"CA": "fair"}, GroupRollup(method="lowest", poor_caps_at="adequate"), "unknown grade 'adequate'"),
    ],
)
def test_it_refuses_components_or_rules_that_do_not_fit_the_scale(hmic_scale, components, rule, message):
    with pytest.raises(EngineInputError, match=message):
        roll_up(components, rule, hmic_scale)
