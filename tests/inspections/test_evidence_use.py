"""The evidence a judgement rests on (METHODOLOGY §5): only the chosen items count for the met gate,
the moderation blockers and an award's basis; conditions and findings keep their chosen evidence."""

from __future__ import annotations

import pytest

from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import ConditionRecord, Evidence
from inspectorate.inspections.services.evidence_use import by_use, uses_of
from inspectorate.inspections.services.judgements import unsupported_met


@pytest.fixture
def ca_inspection(make_inspection):
    return make_inspection(frameworks=("CA", "NP"))


@pytest.fixture
def drafting(make_inspection, advance):
    return advance(make_inspection(frameworks=("CA",)), Stage.DRAFTING)


def _met_on(team, inspection, code, item):
    return services.record_judgement(team["inspector"], inspection, code, "met", evidence=[item])


def test_it_blocks_moderation_when_the_chosen_item_loses_its_verification_whatever_else_is_linked(
    ca_inspection, team, verified_item, advance
):
    advance(ca_inspection, Stage.DRAFTING)
    chosen = verified_item(ca_inspection, ["NP-F01"], title="Chosen")
    verified_item(ca_inspection, ["NP-F01"], title="Linked, not chosen")
    _met_on(team, ca_inspection, "NP-F01", chosen)
    assert not [b for b in services.blockers(ca_inspection, Stage.MODERATION) if "NP-F01" in b]

    services.reset_verification(team["inspector"], chosen, "The original could not be found")

    found = [b for b in services.blockers(ca_inspection, Stage.MODERATION) if "NP-F01" in b]
    assert found == [
        "NP Neighbourhood Policing: criterion NP-F01 is judged met without verified evidence "
        "that can support it"
    ]
    assert [j.criterion.code for j in unsupported_met(ca_inspection)] == ["NP-F01"]


def test_it_drops_an_item_from_the_choice_when_it_is_unlinked_from_the_criterion(
    inspection_a, team, verified_item
):
    item = verified_item(inspection_a, ["CA-F01"])
    judgement = _met_on(team, inspection_a, "CA-F01", item)

    services.unlink_criteria(team["inspector"], item, ["CA-F01"])

    assert list(judgement.evidence.all()) == []
    assert [j.criterion.code for j in unsupported_met(inspection_a)] == ["CA-F01"]


def test_it_names_a_changed_choice_among_the_changes_since_an_award(drafting, judge, team, verified_item):
    judge(drafting, "CA")
    award = services.award_grade(team["inspector"], drafting, "CA", "good")
    other = verified_item(drafting, ["CA-F01"], title="Strategy minutes")
    linked_only = verified_item(drafting, ["CA-F02"], title="Linked but not chosen")

    services.record_judgement(team["inspector"], drafting, "CA-F01", "met", evidence=[other])

    standing = services.award_standing(award)
    first = Evidence.objects.get(inspection=drafting, title="CA file review")
    assert standing.changes == (
        f"evidence for CA-F01: {first.reference} no longer chosen",
        f"evidence for CA-F01: {other.reference} chosen (verified)",
    )
    assert linked_only.reference not in " ".join(standing.changes)
    # The proposal did not move, so the award still stands (like a changed comment).
    assert not standing.stale


def test_it_keeps_a_conditions_evidence_when_none_is_given(inspection_a, team, verified_item):
    item = verified_item(inspection_a, ["CA-F01"])
    services.set_condition(
        team["inspector"], inspection_a, "CA", "beacon", present=True, rationale="Adopted", evidence=[item]
    )

    services.set_condition(
        team["inspector"], inspection_a, "CA", "beacon", present=True, rationale="Adopted twice"
    )

    record = ConditionRecord.objects.get(inspection=inspection_a, condition__code="beacon")
    assert list(record.evidence.all()) == [item]


def test_it_says_what_rests_on_an_item_and_filters_by_that_use(inspection_a, team, verified_item, add_item):
    item = verified_item(inspection_a, ["CA-F01", "CA-F02"])
    partly = add_item(inspection_a, criteria=["CA-F02"], title="Interview")
    spare = add_item(inspection_a, title="Spare")
    _met_on(team, inspection_a, "CA-F01", item)
    services.record_judgement(team["inspector"], inspection_a, "CA-F02", "partly", evidence=[item, partly])
    finding = services.add_finding(
        team["inspector"],
        inspection_a,
        kind="strength",
        text="Sound policy.",
        framework="CA",
        evidence=[partly],
    )

    uses = uses_of(team["inspector"], item)
    assert [(j.criterion.code, j.value) for j in uses.judgements] == [("CA-F01", "met"), ("CA-F02", "partly")]
    assert uses_of(team["inspector"], partly).findings == [finding]
    assert not uses_of(team["inspector"], spare)
    register = Evidence.objects.filter(inspection=inspection_a).order_by("reference")

    def refs(use):
        return [e.reference for e in by_use(register, use)]

    assert refs("judgement") == [item.reference, partly.reference]
    assert refs("met") == [item.reference]
    assert refs("finding") == [partly.reference]
    assert refs("unused") == [spare.reference]


@pytest.mark.parametrize("persona", ["moderator", "force_a", "force_b"])
def test_it_shows_no_judgement_resting_on_an_item_to_those_outside_the_team(
    persona, inspection_a, team, verified_item, make_persona
):
    item = verified_item(inspection_a, ["CA-F01"])
    _met_on(team, inspection_a, "CA-F01", item)

    # At fieldwork the moderator sees no working; the force never does.
    assert not uses_of(make_persona(persona), item)
