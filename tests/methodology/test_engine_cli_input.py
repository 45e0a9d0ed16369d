"""Reading a judgement file for the command line, and the JSON a proposal is written as."""

from __future__ import annotations

import json

import pytest

from inspectorate.methodology.engine import Judgement, JudgementFileError, parse_judgement_file, propose
from inspectorate.methodology.engine.cli_input import proposal_to_json

CRITERIA = {"CA-F01", "CA-F02", "CA-G01"}
CONDITIONS = {"beacon", "innovation"}


def parse(text):
    return parse_judgement_file(text, "ca.json", CRITERIA, CONDITIONS)


def test_it_reads_judgements_and_conditions():
    judgements, conditions = parse(
        '{"judgements": {"CA-F01": "met", "CA-F02": "not_met", "CA-G01": "partly"},'
        ' "conditions": {"beacon": true, "innovation": false}}'
    )
    assert judgements == {"CA-F01": Judgement.MET, "CA-F02": Judgement.NOT_MET, "CA-G01": Judgement.PARTLY}
    assert all(isinstance(value, Judgement) for value in judgements.values())
    assert conditions == {"beacon": True, "innovation": False}


def test_it_reads_a_file_without_conditions_and_with_criteria_left_out():
    assert parse('{"judgements": {"CA-F01": "na"}}') == ({"CA-F01": Judgement.NA}, {})


ERRORS = {
    "bad JSON": ('{"judgements": {\n  "CA-F01": "met",\n}}', "ca.json: line 3, column 1: not valid JSON: "),
    "not an object": ('["met"]', "ca.json: expected an object, got a list"),
    "an unknown top-level key": (
        '{"judgements": {}, "grade": "good"}',
        "ca.json: grade: unknown key (expected judgements or conditions)",
    ),
    "no judgements": ('{"conditions": {}}', "ca.json: judgements: missing (give an object, empty if"),
    "judgements not an object": (
        '{"judgements": ["met"]}',
        "ca.json: judgements: expected an object, got a list",
    ),
    "an unknown criterion": (
        '{"judgements": {"CA-F09": "met"}}',
        "ca.json: judgements.CA-F09: unknown criterion code",
    ),
    "a bad judgement value": (
        '{"judgements": {"CA-F01": "yes"}}',
        'ca.json: judgements.CA-F01: "yes" is not a judgement (use one of met, partly, not_met, na;',
    ),
    "a judgement that is not text": (
        '{"judgements": {"CA-F01": {"value": "met"}}}',
        'ca.json: judgements.CA-F01: {"value": "met"} is not a judgement',
    ),
    "a not-yet-judged value": (
        '{"judgements": {"CA-F01": null}}',
        "ca.json: judgements.CA-F01: null is not a judgement",
    ),
    "a repeated criterion": (
        '{"judgements": {"CA-F01": "met", "CA-F01": "not_met"}}',
        "ca.json: judgements.CA-F01: key appears more than once",
    ),
    "a repeated top-level key": (
        '{"judgements": {}, "judgements": {}}',
        "ca.json: judgements: key appears more than once",
    ),
    "an unknown condition": (
        '{"judgements": {}, "conditions": {"award": true}}',
        "ca.json: conditions.award: unknown condition (known: beacon, innovation)",
    ),
    "a condition as text": (
        '{"judgements": {}, "conditions": {"beacon": "yes"}}',
        "ca.json: conditions.beacon: expected true or false, got a string",
    ),
    "a condition as a number": (
        '{"judgements": {}, "conditions": {"beacon": 1}}',
        "ca.json: conditions.beacon: expected true or false, got a number",
    ),
    "a condition as null": (
        '{"judgements": {}, "conditions": {"beacon": null}}',
        "ca.json: conditions.beacon: expected true or false, got null",
    ),
    "a condition as an object": (
        '{"judgements": {}, "conditions": {"beacon": {"present": true}}}',
        "ca.json: conditions.beacon: expected true or false, got an object",
    ),
    "conditions not an object": (
        '{"judgements": {}, "conditions": true}',
        "ca.json: conditions: expected an object, got a boolean",
    ),
}


@pytest.mark.parametrize(("text", "message"), ERRORS.values(), ids=ERRORS.keys())
def test_it_names_the_file_and_the_place_of_each_error(text, message):
    with pytest.raises(JudgementFileError) as caught:
        parse(text)
    assert str(caught.value).startswith(message)


def test_it_says_no_conditions_are_known_when_there_are_none():
    with pytest.raises(JudgementFileError, match=r"conditions\.beacon: unknown condition \(known: none\)"):
        parse_judgement_file('{"judgements": {}, "conditions": {"beacon": true}}', "x.json", CRITERIA, set())


def test_it_writes_a_proposal_as_json(default_rules, hmic_scale, make_criteria):
    criteria = make_criteria(fair=2, good=2, significant=1)
    judgements, conditions = parse_judgement_file(
        '{"judgements": {"F01": "met", "F02": "met", "G01": "met", "G02": "not_met"}}',
        "fw.json",
        {criterion.code for criterion in criteria},
        CONDITIONS,
    )
    result = proposal_to_json(propose(criteria, judgements, conditions, default_rules, hmic_scale))
    assert set(result) == {"proposal", "reason", "trace"}
    assert (result["proposal"], result["reason"]) == ("fair", None)
    assert json.loads(json.dumps(result))["trace"]["decided_by"] == "fair"


def test_it_writes_an_incomplete_proposal_as_json(default_rules, hmic_scale, make_criteria):
    criteria = make_criteria(fair=1, good=1)
    result = proposal_to_json(propose(criteria, {"F01": Judgement.MET}, {}, default_rules, hmic_scale))
    assert (result["proposal"], result["reason"], result["trace"]["unjudged"]) == (
        None,
        "incomplete",
        ["G01"],
    )
