"""The workflow (METHODOLOGY §7): one step at a time, blockers in plain English, who moves, locking,
and demonstrations that can never be published."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import ModerationOutcome, Stage
from inspectorate.inspections.models import Inspection, StageChange

GOOD_CA = [f"CA-G0{n}" for n in range(1, 10)]


@pytest.fixture
def ca_inspection(make_inspection):
    return make_inspection(frameworks=("CA", "NP"))


def test_it_moves_one_step_at_a_time(ca_inspection, team):
    with pytest.raises(services.Invalid) as invalid:
        services.move(team["lead"], ca_inspection, Stage.DRAFTING)
    with pytest.raises(services.Invalid):
        services.move(team["lead"], ca_inspection, "somewhere")

    assert "one stage at a time" in invalid.value.errors["to_stage"]
    assert "forward to fieldwork" in invalid.value.errors["to_stage"]
    ca_inspection.refresh_from_db()
    assert ca_inspection.stage == Stage.PLANNED


def test_it_lets_team_members_start_fieldwork_and_drafting_and_records_the_change(ca_inspection, team):
    services.move(team["inspector"], ca_inspection, Stage.FIELDWORK)
    moved = services.move(team["inspector"], ca_inspection, Stage.DRAFTING, note="Fieldwork done")

    assert moved.stage == Stage.DRAFTING
    changes = [(c.from_stage, c.to_stage, c.by, c.note) for c in StageChange.objects.filter(inspection=moved)]
    assert changes == [
        ("planned", "fieldwork", team["inspector"], ""),
        ("fieldwork", "drafting", team["inspector"], "Fieldwork done"),
    ]
    events = AuditEvent.objects.for_object(moved).filter(action="inspection.stage_changed").order_by("id")
    assert [(e.before["stage"], e.after["stage"]) for e in events] == [
        ("planned", "fieldwork"),
        ("fieldwork", "drafting"),
    ]


@pytest.mark.parametrize("persona", ["public", "moderator", "force_a", "analyst"])
def test_it_refuses_people_off_the_team(ca_inspection, make_persona, persona):
    with pytest.raises(services.NotAllowed):
        services.move(make_persona(persona), ca_inspection, Stage.FIELDWORK)


def test_it_lists_every_blocker_before_moderation(ca_inspection, team, judge, verified_item, advance):
    advance(ca_inspection, Stage.DRAFTING)
    judge(ca_inspection, "CA", {code: "not_met" for code in GOOD_CA})
    award = services.award_grade(team["inspector"], ca_inspection, "CA", "good", rationale="Strong progress")
    # A met judgement whose only evidence is later reset loses its support.
    item = verified_item(ca_inspection, ["NP-F01"])
    services.record_judgement(team["inspector"], ca_inspection, "NP-F01", "met", evidence=[item])
    services.reset_verification(team["lead"], item, "The document was a draft")

    with pytest.raises(services.Blocked) as blocked:
        services.move(team["lead"], ca_inspection, Stage.MODERATION)

    assert blocked.value.blockers == [
        "NP Neighbourhood Policing has no awarded grade",
        "CA Child abuse: the award of Good departs from the proposal (Fair) and awaits approval by a lead "
        "inspector other than its author",
        "NP Neighbourhood Policing: criterion NP-F01 is judged met without verified evidence that can "
        "support it",
    ]
    assert services.blockers(ca_inspection, Stage.MODERATION) == blocked.value.blockers
    services.decide_departure(team["lead"], award, approve=False, note="The evidence says Fair")
    assert services.blockers(ca_inspection, Stage.MODERATION)[1] == (
        "CA Child abuse: the departure to Good was rejected; award the grade again"
    )
    ca_inspection.refresh_from_db()
    assert ca_inspection.stage == Stage.DRAFTING


def test_it_lets_only_the_lead_make_the_later_moves(ca_inspection, team, judge):
    for stage in (Stage.FIELDWORK, Stage.DRAFTING):
        services.move(team["inspector"], ca_inspection, stage)
    for framework in ("CA", "NP"):
        judge(ca_inspection, framework)
        services.award_grade(team["inspector"], ca_inspection, framework, "good")

    with pytest.raises(services.NotAllowed) as refusal:
        services.move(team["inspector"], ca_inspection, Stage.MODERATION)
    with pytest.raises(services.NotAllowed):
        services.move(team["inspector"], ca_inspection, Stage.FIELDWORK, note="More interviews")
    moved = services.move(team["lead"], ca_inspection, Stage.MODERATION)

    assert "only the inspection's lead inspector" in refusal.value.reason
    assert moved.stage == Stage.MODERATION


def test_it_needs_the_moderators_agreement_before_the_factual_accuracy_check(
    ca_inspection, team, advance, make_persona
):
    ca_inspection = advance(ca_inspection, Stage.MODERATION, judged=True)
    moderator = make_persona("moderator")
    ca_award = services.current_award(ca_inspection, ca_inspection.frameworks.get(code="CA"))
    services.record_moderation(moderator, ca_award, ModerationOutcome.REFERRED_BACK, "Compare with Durham")

    assert services.blockers(ca_inspection, Stage.FACTUAL_ACCURACY) == [
        "NP Neighbourhood Policing: the award of Good has no moderator's agreement yet",
        "CA Child abuse: the moderator referred the award of Good back: Compare with Durham",
    ]


def test_it_signs_off_and_locks_at_the_factual_accuracy_check(ca_inspection, team, advance, add_item):
    item = add_item(ca_inspection)
    ca_inspection = advance(ca_inspection, Stage.FACTUAL_ACCURACY)

    assert ca_inspection.signed_off_by == team["lead"]
    assert ca_inspection.signed_off_at is not None
    assert ca_inspection.is_locked
    refusals = [
        lambda: services.add_evidence(
            team["inspector"],
            ca_inspection,
            source_type="document",
            title="Late",
            summary="Late",
            collected_on=item.collected_on,
            effective_date=item.effective_date,
        ),
        lambda: services.update_evidence(team["inspector"], item, title="Changed"),
        lambda: services.verify_evidence(team["inspector"], item, "Checked"),
        lambda: services.record_judgement(team["inspector"], ca_inspection, "CA-F01", "partly"),
        lambda: services.set_condition(team["inspector"], ca_inspection, "CA", "beacon", present=False),
        lambda: services.award_grade(team["inspector"], ca_inspection, "CA", "fair", rationale="Late change"),
    ]
    for refused in refusals:
        with pytest.raises(services.NotAllowed) as refusal:
            refused()
        assert "signed off" in refusal.value.reason
    # Findings still take factual corrections.
    finding = services.add_finding(
        team["inspector"], ca_inspection, kind="strength", text="Good", framework="CA"
    )
    services.edit_finding(team["inspector"], finding, text="Good, corrected")


def test_it_lets_the_lead_send_an_inspection_back_with_a_reason(ca_inspection, team, advance):
    ca_inspection = advance(ca_inspection, Stage.FACTUAL_ACCURACY)

    with pytest.raises(services.NotAllowed):
        services.move(team["inspector"], ca_inspection, Stage.MODERATION, note="Error")
    with pytest.raises(services.Invalid) as invalid:
        services.move(team["lead"], ca_inspection, Stage.MODERATION)
    back = services.move(team["lead"], ca_inspection, Stage.MODERATION, note="A grade needs another look")

    assert "note" in invalid.value.errors
    assert back.stage == Stage.MODERATION and not back.is_locked
    assert back.signed_off_at is None and back.signed_off_by is None
    assert StageChange.objects.filter(inspection=back).last().note == "A grade needs another look"


def test_it_publishes_once_every_force_comment_is_answered(ca_inspection, team, advance, make_persona):
    ca_inspection = advance(ca_inspection, Stage.FACTUAL_ACCURACY)
    finding = services.add_finding(
        team["inspector"],
        ca_inspection,
        kind="area_for_improvement",
        text="Supervision of case files is weak",
        framework="CA",
    )
    comment = services.comment_on_finding(
        make_persona("force_a"), finding, "A new supervision policy started"
    )

    with pytest.raises(services.Blocked) as blocked:
        services.move(team["lead"], ca_inspection, Stage.PUBLISHED, via_publication=True)
    services.respond_to_comment(team["inspector"], comment, "Noted; the finding stands")
    published = services.move(team["lead"], ca_inspection, Stage.PUBLISHED, via_publication=True)

    assert blocked.value.blockers == [
        "CA Child abuse: the force's comment on the finding “Supervision of case files is weak” has not "
        "been answered"
    ]
    assert published.stage == Stage.PUBLISHED
    with pytest.raises(services.NotAllowed):
        services.move(team["lead"], published, Stage.FACTUAL_ACCURACY, note="Typo")
    with pytest.raises(services.NotAllowed):
        services.edit_finding(team["inspector"], finding, text="Changed after publication")


def test_it_never_publishes_a_demonstration(make_inspection, team, advance):
    demo = make_inspection(is_demonstration=True, demonstration_note="The 2007 West Midlands report, rebuilt")
    demo = advance(demo, Stage.FACTUAL_ACCURACY)

    with pytest.raises(services.Blocked) as blocked:
        services.move(team["lead"], demo, Stage.PUBLISHED, via_publication=True)

    assert blocked.value.blockers == [
        "this inspection is a reconstruction for demonstration and can never be published"
    ]
    demo.refresh_from_db()
    assert demo.stage == Stage.FACTUAL_ACCURACY


def test_it_never_publishes_a_demonstration_even_bypassing_the_services(make_inspection):
    demo = make_inspection(is_demonstration=True, demonstration_note="Rebuilt from the published report")

    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.filter(pk=demo.pk).update(stage=Stage.PUBLISHED)


def test_it_leaves_the_last_step_to_the_publication_service(ca_inspection, team, advance):
    ca_inspection = advance(ca_inspection, Stage.FACTUAL_ACCURACY)

    with pytest.raises(services.NotAllowed, match="Publish action"):
        services.move(team["lead"], ca_inspection, Stage.PUBLISHED)

    ca_inspection.refresh_from_db()
    assert ca_inspection.stage == Stage.FACTUAL_ACCURACY
