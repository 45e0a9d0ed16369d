"""Awards rest on what they were made from: the basis kept with an award, staleness when a later change
moves the proposal, the blockers and refusals that follow, and the lock after moderation agrees."""

from __future__ import annotations

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus, ModerationOutcome, Stage
from inspectorate.inspections.models import GradeAward, ModerationDecision
from inspectorate.inspections.services.basis import canonical, digest

GOOD_CA = [f"CA-G0{n}" for n in range(1, 10)]


@pytest.fixture
def drafting(make_inspection, advance):
    """A CA-only inspection at drafting, every criterion judged met (the engine proposes Good)."""
    inspection = make_inspection(frameworks=("CA",))
    return advance(inspection, Stage.DRAFTING)


@pytest.fixture
def moderator(make_persona):
    return make_persona("moderator")


def _good_award(inspection, judge, team):
    judge(inspection, "CA")
    return services.award_grade(team["inspector"], inspection, "CA", "good")


def test_it_keeps_the_basis_of_an_award_with_its_hash(drafting, judge, team):
    award = _good_award(drafting, judge, team)

    basis = award.basis
    assert basis["framework"] == "CA"
    assert set(basis["judgements"].values()) == {"met"}
    assert basis["conditions"] == {"beacon": False, "innovation": False}
    assert basis["evidence"]["CA-F03"] == {"E001": "verified"}
    assert award.basis_hash == digest(basis) and len(award.basis_hash) == 64
    assert canonical(basis) == canonical(dict(reversed(list(basis.items()))))


def test_it_marks_an_agreeing_award_stale_when_the_proposal_moves_and_blocks_moderation(
    drafting, judge, team
):
    # The finding: after the award the judgements still change, the proposal moves to Poor, and the
    # award went on saying "agrees with the proposal" with nothing to stop the inspection moving on.
    award = _good_award(drafting, judge, team)
    assert services.blockers(drafting, Stage.MODERATION) == []

    services.record_judgement(team["inspector"], drafting, "CA-F03", "not_met")

    award.refresh_from_db()
    standing = services.award_standing(award)
    assert award.stale_since is not None
    assert standing.stale
    assert standing.reason == (
        "the judgements behind it changed after the award: the proposal moved from Good to Poor"
    )
    assert standing.changes == ("criterion CA-F03: met → not met",)
    blockers = services.blockers(drafting, Stage.MODERATION)
    assert blockers == [
        "CA Child abuse: the award of Good no longer rests on what it was made from "
        f"({standing.reason}); award a grade again (a departure from the new proposal needs a new approval)"
    ]
    with pytest.raises(services.Blocked):
        services.move(team["lead"], drafting, Stage.MODERATION)
    event = AuditEvent.objects.for_object(award).get(action="grade.award_stale")
    assert event.after["basis_changes"] == ["criterion CA-F03: met → not met"]
    assert event.after["proposed_grade_now"] == "poor"
    assert event.actor == team["inspector"]


def test_it_leaves_an_award_alone_when_a_change_keeps_the_proposal(drafting, judge, team):
    award = _good_award(drafting, judge, team)

    services.record_judgement(team["inspector"], drafting, "CA-G01", "partly")

    award.refresh_from_db()
    standing = services.award_standing(award)
    assert (award.stale_since, standing.stale) == (None, False)
    assert standing.changes == ("criterion CA-G01: met → partly met",)
    assert not AuditEvent.objects.filter(action="grade.award_stale").exists()
    assert services.blockers(drafting, Stage.MODERATION) == []


def test_it_marks_a_stale_award_when_a_condition_moves_the_proposal(drafting, judge, team):
    award = _good_award(drafting, judge, team)
    for condition in ("beacon", "innovation"):
        services.set_condition(team["inspector"], drafting, "CA", condition, present=True, rationale="Shown")

    standing = services.award_standing(GradeAward.objects.get(pk=award.pk))

    assert standing.stale and "from Good to Excellent" in standing.reason
    names = dict(drafting.programme.conditions.values_list("code", "name"))
    assert standing.changes == (
        f"condition {names['beacon']}: absent → present",
        f"condition {names['innovation']}: absent → present",
    )


def test_it_keeps_an_award_stale_until_a_grade_is_awarded_again(drafting, judge, team):
    award = _good_award(drafting, judge, team)
    services.record_judgement(team["inspector"], drafting, "CA-F03", "not_met")
    services.record_judgement(team["inspector"], drafting, "CA-F03", "met")

    award.refresh_from_db()
    standing = services.award_standing(award)
    assert standing.stale
    assert standing.reason.endswith("it is Good again, but the grade must be awarded again")
    assert services.blockers(drafting, Stage.MODERATION)

    again = services.award_grade(team["inspector"], drafting, "CA", "good")

    assert not services.award_standing(again).stale
    assert services.blockers(drafting, Stage.MODERATION) == []


def test_it_refuses_to_approve_a_departure_that_went_stale_and_asks_for_a_new_one(
    drafting, judge, team, second_lead
):
    judge(drafting, "CA", {code: "not_met" for code in GOOD_CA})
    award = services.award_grade(team["inspector"], drafting, "CA", "good", rationale="Strong progress")
    services.record_judgement(team["inspector"], drafting, "CA-F03", "not_met")

    with pytest.raises(services.Invalid) as invalid:
        services.decide_departure(team["lead"], award, approve=True)

    assert invalid.value.errors["award"] == (
        "this award cannot be approved: the judgements behind it changed after the award: the proposal "
        "moved from Fair to Poor; the team must award a grade again"
    )
    award.refresh_from_db()
    assert award.status == AwardStatus.PENDING
    again = services.award_grade(team["inspector"], drafting, "CA", "good", rationale="Still strong")
    assert (again.proposed_grade, again.status) == ("poor", AwardStatus.PENDING)


def test_it_makes_an_approved_departure_stale_when_the_proposal_moves(drafting, judge, team):
    judge(drafting, "CA", {code: "not_met" for code in GOOD_CA})
    award = services.award_grade(team["inspector"], drafting, "CA", "good", rationale="Strong progress")
    services.decide_departure(team["lead"], award, approve=True)

    services.record_judgement(team["inspector"], drafting, "CA-F03", "not_met")

    award.refresh_from_db()
    assert award.status == AwardStatus.APPROVED
    assert services.award_standing(award).stale
    assert any("no longer rests" in b for b in services.blockers(drafting, Stage.MODERATION))


def test_it_refuses_to_agree_a_stale_award_but_lets_a_moderator_refer_it_back(
    drafting, judge, team, moderator
):
    award = _good_award(drafting, judge, team)
    services.move(team["lead"], drafting, Stage.MODERATION)
    services.record_judgement(team["inspector"], drafting, "CA-F03", "not_met")

    with pytest.raises(services.Invalid) as invalid:
        services.record_moderation(moderator, award, ModerationOutcome.AGREED)
    referred = services.record_moderation(
        moderator, award, ModerationOutcome.REFERRED_BACK, reason="The proposal moved"
    )

    assert invalid.value.errors["award"].startswith("this award cannot be agreed: the judgements behind it")
    assert list(ModerationDecision.objects.all()) == [referred]


def test_it_records_what_the_moderator_saw(drafting, judge, team, moderator):
    award = _good_award(drafting, judge, team)
    services.move(team["lead"], drafting, Stage.MODERATION)

    decision = services.record_moderation(moderator, award, ModerationOutcome.AGREED)

    assert decision.basis == award.basis
    assert decision.basis_hash == award.basis_hash


def test_it_locks_judgements_once_moderation_agrees_until_the_inspection_is_sent_back(
    drafting, judge, team, moderator
):
    award = _good_award(drafting, judge, team)
    services.move(team["lead"], drafting, Stage.MODERATION)
    services.record_moderation(moderator, award, ModerationOutcome.AGREED)

    with pytest.raises(services.NotAllowed) as locked:
        services.record_judgement(team["inspector"], drafting, "CA-F03", "not_met")
    with pytest.raises(services.NotAllowed):
        services.set_condition(team["inspector"], drafting, "CA", "beacon", present=True, rationale="Shown")

    assert locked.value.reason.startswith(
        "Judgements of CA Child abuse are locked: a moderator agreed its award of Good on "
    )
    assert locked.value.reason.endswith("only if the inspection's lead inspector sends the inspection back")
    assert services.blockers(drafting, Stage.FACTUAL_ACCURACY) == []

    services.move(team["lead"], drafting, Stage.DRAFTING, note="The CA case files need a second look")
    services.record_judgement(team["inspector"], drafting, "CA-F03", "not_met")

    award.refresh_from_db()
    assert services.award_standing(award).stale
    with pytest.raises(services.Blocked) as blocked:
        services.move(team["lead"], drafting, Stage.MODERATION)
    assert any("no longer rests on what it was made from" in b for b in blocked.value.blockers)


def test_it_no_longer_counts_an_agreement_whose_judgements_changed_after_a_send_back(
    drafting, judge, team, moderator
):
    award = _good_award(drafting, judge, team)
    services.move(team["lead"], drafting, Stage.MODERATION)
    services.record_moderation(moderator, award, ModerationOutcome.AGREED)
    services.move(team["lead"], drafting, Stage.DRAFTING, note="Another look at CA-G01")
    services.record_judgement(team["inspector"], drafting, "CA-G01", "partly")  # Good all the same
    services.move(team["lead"], drafting, Stage.MODERATION)

    assert services.blockers(drafting, Stage.FACTUAL_ACCURACY) == [
        "CA Child abuse: the judgements changed after the moderator agreed the award of Good; "
        "a moderator must agree it again"
    ]
    services.record_moderation(moderator, award, ModerationOutcome.AGREED)
    assert services.blockers(drafting, Stage.FACTUAL_ACCURACY) == []


def test_it_finds_an_award_stale_when_judgement_rows_change_outside_the_services(drafting, judge, team):
    award = _good_award(drafting, judge, team)

    award.inspection.judgements.filter(criterion__code="CA-F03").update(value="not_met")

    award.refresh_from_db()
    assert award.stale_since is None  # no service ran, so nothing was marked
    assert services.award_standing(award).stale
    assert services.blockers(drafting, Stage.MODERATION)


def test_it_never_finds_an_award_stale_that_rests_on_no_recorded_judgements(drafting, team):
    # As an imported report's awards: no judgements, no trace and no basis.
    award = GradeAward.objects.create(
        inspection=drafting,
        framework=drafting.frameworks.get(code="CA"),
        trace={},
        grade="good",
        status=AwardStatus.APPROVED,
        author=team["lead"],
    )

    standing = services.award_standing(award)

    assert (standing.stale, standing.checked) == (False, False)
    assert not any("rests" in b for b in services.blockers(drafting, Stage.MODERATION))
