"""National moderation: one framework's grades across forces, the met shares behind them, outliers, and
the moderators' decisions."""

from __future__ import annotations

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import ModerationOutcome, Stage
from inspectorate.inspections.models import Inspection

# Six of CA's nine Good criteria met: a Good met share of 67%.
SOME_GOOD = {"CA-G07": "not_met", "CA-G08": "not_met", "CA-G09": "not_met"}


@pytest.fixture
def board_world(make_inspection, team, judge, advance):
    west_midlands = advance(make_inspection(force="west-midlands", frameworks=("CA",)), Stage.DRAFTING)
    judge(west_midlands, "CA", SOME_GOOD)
    services.award_grade(team["inspector"], west_midlands, "CA", "good")

    durham = advance(make_inspection(force="durham", frameworks=("CA",)), Stage.DRAFTING)
    judge(durham, "CA")
    services.award_grade(team["inspector"], durham, "CA", "fair", rationale="Too early to see the effect")

    ungraded = advance(make_inspection(force="cleveland", frameworks=("CA", "NP")), Stage.DRAFTING)
    make_inspection(force="kent", frameworks=("CA",))  # still planned: not on the board
    advance(make_inspection(force="surrey", frameworks=("NP",)), Stage.DRAFTING)  # CA not in scope
    return {"west_midlands": west_midlands, "durham": durham, "cleveland": ungraded}


@pytest.fixture
def ca(programme):
    return programme.frameworks.get(code="CA")


def test_it_lists_one_row_per_inspection_in_scope_from_drafting_on(board_world, programme, ca, make_persona):
    rows = services.moderation_board(programme, ca, make_persona("moderator"))

    assert [row.force for row in rows] == ["Cleveland Police", "Durham Constabulary", "West Midlands Police"]
    cleveland, durham, west_midlands = rows
    assert cleveland.award is None and cleveland.grade == "" and cleveland.outliers == []
    assert (durham.grade_name, durham.proposed_name, durham.departure, durham.status) == (
        "Fair",
        "Good",
        True,
        "Departure awaiting approval",
    )
    assert (west_midlands.grade, west_midlands.proposed_grade, west_midlands.departure) == (
        "good",
        "good",
        False,
    )
    assert west_midlands.shares["good"].met == 6 and west_midlands.shares["good"].not_met == 3
    assert west_midlands.shares["good"].share == pytest.approx(6 / 9)
    assert durham.shares["fair"].share == 1 and durham.shares["good"].share == 1
    assert west_midlands.latest_decision is None


def test_it_flags_a_higher_grade_given_on_lower_met_shares(board_world, programme, ca, make_persona):
    rows = {row.force: row for row in services.moderation_board(programme, ca, make_persona("moderator"))}

    assert rows["West Midlands Police"].outliers == [
        "Durham Constabulary was awarded Fair, a lower grade than Good, although its met shares are at least "
        "as high (Fair 100% against 100%, Good 100% against 67%)"
    ]
    assert rows["Durham Constabulary"].outliers == []


def test_it_never_measures_a_real_force_against_a_demonstration(board_world, programme, ca, make_persona):
    Inspection.objects.filter(pk=board_world["durham"].pk).update(is_demonstration=True)

    rows = {row.force: row for row in services.moderation_board(programme, ca, make_persona("moderator"))}

    assert rows["West Midlands Police"].outliers == []


@pytest.mark.parametrize("persona", ["public", "inspector", "lead", "force_a", "analyst"])
def test_it_shows_the_board_to_moderators_only(board_world, programme, ca, make_persona, persona):
    with pytest.raises(services.NotAllowed):
        services.moderation_board(programme, ca, make_persona(persona))


def test_it_records_decisions_by_moderators_with_a_reason_to_refer_back(
    board_world, programme, ca, make_persona, team
):
    moderator = make_persona("moderator")
    award = services.current_award(board_world["west_midlands"], ca)

    with pytest.raises(services.NotAllowed):
        services.record_moderation(team["lead"], award, ModerationOutcome.AGREED)
    with pytest.raises(services.Invalid) as invalid:
        services.record_moderation(moderator, award, ModerationOutcome.REFERRED_BACK)
    services.record_moderation(moderator, award, ModerationOutcome.REFERRED_BACK, "Compare with Durham")
    agreed = services.record_moderation(moderator, award, ModerationOutcome.AGREED, "Checked again")

    assert "reason" in invalid.value.errors
    row = next(
        r for r in services.moderation_board(programme, ca, moderator) if r.force == "West Midlands Police"
    )
    assert row.latest_decision == agreed
    event = AuditEvent.objects.for_object(agreed).get()
    assert (event.action, event.after["outcome"]) == ("moderation.decided", "agreed")


def test_it_does_not_agree_a_departure_that_awaits_approval(board_world, ca, make_persona):
    award = services.current_award(board_world["durham"], ca)

    with pytest.raises(services.Invalid) as invalid:
        services.record_moderation(make_persona("moderator"), award, ModerationOutcome.AGREED)

    assert "awaiting approval" in invalid.value.errors["outcome"]
