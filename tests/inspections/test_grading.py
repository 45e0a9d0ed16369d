"""Awarded grades: the engine's proposal from the database, stored traces, departures and approval."""

from __future__ import annotations

import pytest

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus
from inspectorate.inspections.models import GradeAward
from inspectorate.methodology.engine import Trace

# CA-F03 is CA's dominant criterion; its Good criteria are CA-G01 to CA-G09.
GOOD_CA = [f"CA-G0{n}" for n in range(1, 10)]


@pytest.fixture
def ca(programme):
    return programme.frameworks.get(code="CA")


def test_it_builds_the_proposal_from_the_recorded_judgements(inspection_a, ca, judge):
    assert services.framework_proposal(inspection_a, ca).reason == "incomplete"

    judge(inspection_a, "CA", {code: "not_met" for code in GOOD_CA})
    fair = services.framework_proposal(inspection_a, ca)
    judge(inspection_a, "CA", {"CA-F03": "not_met"})
    poor = services.framework_proposal(inspection_a, ca)

    assert (fair.grade, fair.trace.decided_by) == ("fair", "fair")
    assert poor.grade == "poor"


def test_it_counts_recorded_conditions_towards_excellent(inspection_a, ca, judge, team):
    judge(inspection_a, "CA")
    assert services.framework_proposal(inspection_a, ca).grade == "good"

    for condition in ("beacon", "innovation"):
        services.set_condition(
            team["inspector"], inspection_a, "CA", condition, present=True, rationale="Shown"
        )

    assert services.framework_proposal(inspection_a, ca).grade == "excellent"


def test_it_stores_the_proposal_and_trace_with_an_agreeing_award(inspection_a, ca, judge, team):
    judge(inspection_a, "CA", {code: "not_met" for code in GOOD_CA})

    award = services.award_grade(team["inspector"], inspection_a, ca, "fair")

    assert (award.proposed_grade, award.grade, award.status) == ("fair", "fair", AwardStatus.NOT_NEEDED)
    trace = Trace.from_dict(award.trace)
    assert trace.decided_by == "fair"
    assert "Proposed grade: Fair" in trace.render_text()
    event = AuditEvent.objects.for_object(award).get()
    assert (event.action, event.before, event.after["grade"]) == ("grade.awarded", None, "fair")


def test_it_keeps_the_trace_of_the_time_of_award(inspection_a, ca, judge, team):
    judge(inspection_a, "CA", {code: "not_met" for code in GOOD_CA})
    award = services.award_grade(team["inspector"], inspection_a, ca, "fair")

    judge(inspection_a, "CA")

    award.refresh_from_db()
    assert award.trace["decided_by"] == "fair"
    assert services.framework_proposal(inspection_a, ca).grade == "good"


def test_it_needs_a_rationale_for_a_departure_and_holds_it_for_approval(inspection_a, ca, judge, team):
    judge(inspection_a, "CA", {code: "not_met" for code in GOOD_CA})

    with pytest.raises(services.Invalid) as invalid:
        services.award_grade(team["inspector"], inspection_a, ca, "good")
    award = services.award_grade(
        team["inspector"], inspection_a, ca, "good", rationale="Strong recent progress"
    )

    assert "the engine proposed Fair" in invalid.value.errors["rationale"]
    assert (award.proposed_grade, award.status, award.rationale) == (
        "fair",
        "pending",
        "Strong recent progress",
    )


def test_it_treats_an_award_without_a_proposal_as_a_departure(inspection_a, ca, team):
    with pytest.raises(services.Invalid) as invalid:
        services.award_grade(team["inspector"], inspection_a, ca, "fair")
    award = services.award_grade(team["inspector"], inspection_a, ca, "fair", rationale="Judged on the whole")

    assert "proposed no grade" in invalid.value.errors["rationale"]
    assert (award.proposed_grade, award.proposal_reason, award.status) == ("", "incomplete", "pending")


def test_it_lets_a_different_lead_on_the_team_approve_a_departure(inspection_a, ca, judge, team, second_lead):
    services.update_team(team["lead"], inspection_a, inspectors=[team["inspector"], second_lead])
    judge(inspection_a, "CA", {code: "not_met" for code in GOOD_CA})
    award = services.award_grade(team["lead"], inspection_a, ca, "good", rationale="Strong recent progress")

    assert list(services.approval_queue(second_lead)) == [award]
    assert list(services.approval_queue(team["lead"])) == []
    with pytest.raises(services.NotAllowed) as own:
        services.decide_departure(team["lead"], award, approve=True)
    with pytest.raises(services.NotAllowed):
        services.decide_departure(team["inspector"], award, approve=True)
    decided = services.decide_departure(second_lead, award, approve=True, note="Agreed on the evidence")

    assert "other than its author" in own.value.reason
    assert (decided.status, decided.decided_by, decided.decision_note) == (
        "approved",
        second_lead,
        "Agreed on the evidence",
    )
    assert list(services.approval_queue(second_lead)) == []
    event = AuditEvent.objects.for_object(award).get(action="grade.departure_approved")
    assert (event.before["status"], event.after["status"]) == ("pending", "approved")


def test_it_refuses_a_lead_who_is_not_on_the_team(inspection_a, ca, team, second_lead):
    award = services.award_grade(team["inspector"], inspection_a, ca, "fair", rationale="Judged on the whole")

    with pytest.raises(services.NotAllowed):
        services.decide_departure(second_lead, award, approve=True)
    assert list(services.approval_queue(second_lead)) == []
    assert list(services.approval_queue(team["lead"])) == [award]


def test_it_needs_a_reason_to_reject_and_decides_only_pending_departures(inspection_a, ca, judge, team):
    judge(inspection_a, "CA", {code: "not_met" for code in GOOD_CA})
    agreeing = services.award_grade(team["inspector"], inspection_a, ca, "fair")
    with pytest.raises(services.Invalid):
        services.decide_departure(team["lead"], agreeing, approve=True)
    departure = services.award_grade(team["inspector"], inspection_a, ca, "good", rationale="Progress")

    with pytest.raises(services.Invalid) as invalid:
        services.decide_departure(team["lead"], departure, approve=False)
    rejected = services.decide_departure(
        team["lead"], departure, approve=False, note="The evidence says Fair"
    )

    assert "note" in invalid.value.errors
    assert rejected.status == "rejected"
    assert AuditEvent.objects.for_object(departure).filter(action="grade.departure_rejected").count() == 1


def test_it_supersedes_the_previous_award_and_keeps_the_history(inspection_a, ca, judge, team):
    judge(inspection_a, "CA", {code: "not_met" for code in GOOD_CA})
    first = services.award_grade(team["inspector"], inspection_a, ca, "good", rationale="Progress")
    second = services.award_grade(team["inspector"], inspection_a, ca, "fair")

    first.refresh_from_db()
    assert first.status == AwardStatus.SUPERSEDED and first.grade == "good"
    assert services.current_award(inspection_a, ca) == second
    assert GradeAward.objects.filter(inspection=inspection_a, framework=ca).count() == 2
    event = AuditEvent.objects.for_object(second).get()
    assert (event.before["id"], event.before["grade"]) == (first.pk, "good")


def test_it_refuses_an_unknown_grade_or_a_framework_out_of_scope(make_inspection, team, programme):
    inspection = make_inspection(frameworks=("NP",))

    with pytest.raises(services.Invalid) as invalid:
        services.award_grade(team["inspector"], inspection, "CA", "superb")

    assert set(invalid.value.errors) == {"framework", "grade"}


def test_it_counts_met_shares_per_level(inspection_a, ca, judge):
    values = {"CA-F01": "partly", "CA-F02": "na", "CA-G01": "not_met", "CA-G02": "partly", "CA-G03": "na"}
    judge(inspection_a, "CA", values)

    shares = services.met_shares(inspection_a, ca)

    assert list(shares) == ["fair", "good"]
    fair, good = shares["fair"], shares["good"]
    assert (fair.name, fair.met, fair.partly, fair.not_met, fair.na, fair.unjudged) == (
        "Fair",
        10,
        1,
        0,
        1,
        0,
    )
    assert fair.share == pytest.approx(10.5 / 11)
    assert (good.met, good.partly, good.not_met, good.na) == (6, 1, 1, 1)
    assert good.share == pytest.approx(6.5 / 8)


def test_it_counts_unjudged_criteria_as_applicable(inspection_a, ca):
    shares = services.met_shares(inspection_a, ca)

    assert (shares["fair"].unjudged, shares["fair"].share) == (12, 0)
