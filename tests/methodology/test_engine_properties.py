"""Properties of the grade engine under the default HMIC rules, over generated frameworks."""

from __future__ import annotations

import json
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from inspectorate.methodology.engine import Criterion, Judgement, Proposal, Trace, propose

BETTER = {Judgement.NOT_MET: [Judgement.PARTLY, Judgement.MET], Judgement.PARTLY: [Judgement.MET]}


@st.composite
def frameworks(draw: st.DrawFn) -> tuple[list[Criterion], dict[str, Judgement], dict[str, bool]]:
    """A framework with every criterion judged (so the proposal is never "incomplete")."""
    fair = draw(st.integers(0, 16))
    significant = draw(st.integers(0, fair))
    good = draw(st.integers(0, 10))
    criteria = []
    for level, letter, count in (("fair", "F", fair), ("good", "G", good)):
        for number in range(1, count + 1):
            criteria.append(
                Criterion(
                    code=f"{letter}{number:02d}",
                    level=level,
                    significant=level == "fair" and number <= significant,
                    dominant=draw(st.integers(0, 9)) == 0,
                    theme=None,
                )
            )
    judgements = {criterion.code: draw(st.sampled_from(list(Judgement))) for criterion in criteria}
    conditions = {"beacon": draw(st.booleans()), "innovation": draw(st.booleans())}
    return criteria, judgements, conditions


def standing(proposal: Proposal) -> float:
    """Best is highest. No grade with judgement required sits between Poor and Fair."""
    order = {"excellent": 4.0, "good": 3.0, "fair": 2.0, "poor": 1.0}
    if proposal.grade is None:
        assert proposal.reason == "judgement_required"
        return 1.5
    return order[proposal.grade]


@given(frameworks())
def test_it_is_deterministic(default_rules, hmic_scale, framework):
    criteria, judgements, conditions = framework
    first = propose(criteria, judgements, conditions, default_rules, hmic_scale)
    reordered = dict(reversed(list(judgements.items())))
    second = propose(criteria, reordered, dict(conditions), default_rules, hmic_scale)
    assert (first.grade, first.reason) == (second.grade, second.reason)
    assert first.trace.to_dict() == second.trace.to_dict()


@given(frameworks(), st.data())
def test_it_never_lowers_the_proposal_when_a_judgement_improves(default_rules, hmic_scale, framework, data):
    criteria, judgements, conditions = framework
    improvable = [code for code, judgement in judgements.items() if judgement in BETTER]
    if not improvable:
        return
    code = data.draw(st.sampled_from(improvable))
    better = dict(judgements, **{code: data.draw(st.sampled_from(BETTER[judgements[code]]))})
    before = propose(criteria, judgements, conditions, default_rules, hmic_scale)
    after = propose(criteria, better, conditions, default_rules, hmic_scale)
    assert standing(after) >= standing(before)


@given(frameworks(), st.data())
def test_it_proposes_poor_whenever_a_dominant_criterion_is_not_met(
    default_rules, hmic_scale, framework, data
):
    criteria, judgements, conditions = framework
    if not criteria:
        return
    index = data.draw(st.integers(0, len(criteria) - 1))
    failed = criteria[index]
    criteria = [*criteria[:index], Criterion(failed.code, failed.level, failed.significant, True, None)]
    criteria += framework[0][index + 1 :]
    judgements = dict(judgements, **{failed.code: Judgement.NOT_MET})
    assert propose(criteria, judgements, conditions, default_rules, hmic_scale).grade == "poor"


def recount(test_spec, criteria, judgements):
    """The pool a test counts, sorted by state, worked out afresh from the inputs."""
    kind = test_spec["test"]
    if kind == "dominant_not_met":
        pool = [c for c in criteria if c.dominant]
    elif kind == "significant_not_met":
        pool = [c for c in criteria if c.level == "fair" and c.significant]
    elif test_spec.get("significant_only"):
        pool = [c for c in criteria if c.level == test_spec["level"] and c.significant]
    else:
        pool = [c for c in criteria if c.level == test_spec["level"]]
    by_state = {state.value: [c.code for c in pool if judgements[c.code] == state] for state in Judgement}
    return by_state, len(pool) - len(by_state["na"])


@given(frameworks())
def test_it_gives_trace_numbers_that_agree_with_the_inputs(default_rules, hmic_scale, framework):
    criteria, judgements, conditions = framework
    proposal = propose(criteria, judgements, conditions, default_rules, hmic_scale)
    for rule in proposal.trace.rules:
        for test in rule.tests:
            if test.test == "condition":
                assert test.satisfied is conditions[test.spec["condition"]]
                continue
            by_state, applicable = recount(test.spec, criteria, judgements)
            assert {
                state: list(codes) for state, codes in test.criteria.items() if state != "unjudged"
            } == by_state
            assert test.denominator == applicable
            met, partly, failed = len(by_state["met"]), len(by_state["partly"]), len(by_state["not_met"])
            if test.test == "dominant_not_met":
                assert (test.numerator, test.satisfied) == (failed, failed >= 1)
            elif test.test == "significant_not_met":
                needed = max(2, -(-applicable // 4))
                assert (test.numerator, test.threshold, test.satisfied) == (failed, needed, failed >= needed)
            elif test.test == "all_met":
                assert (test.numerator, test.satisfied) == (met, met == applicable)
            else:
                credit = met + Fraction(1, 2) * partly
                assert test.numerator == float(credit)
                if applicable:
                    share = credit / applicable
                    assert test.share == float(share)
                    wanted = Fraction(4, 5) if test.comparator == ">=" else Fraction(1, 2)
                    assert test.satisfied == (share >= wanted if test.comparator == ">=" else share > wanted)
                else:
                    assert (test.share, test.satisfied) == (None, False)
        outcomes = [test.satisfied for test in rule.tests]
        assert rule.holds == (any(outcomes) if rule.combinator == "any" else all(outcomes))


@given(frameworks())
def test_it_gives_a_trace_that_survives_a_json_round_trip(default_rules, hmic_scale, framework):
    criteria, judgements, conditions = framework
    trace = propose(criteria, judgements, conditions, default_rules, hmic_scale).trace
    stored = json.loads(json.dumps(trace.to_dict()))
    assert Trace.from_dict(stored) == trace
    assert Trace.from_dict(stored).render_text() == trace.render_text()
