"""What the inspected force sees: nothing of the draft before the factual accuracy check, then its
grades and findings (never the criterion-level working), and it comments on findings. Another force
never sees any of it."""

from __future__ import annotations

import pytest

from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import (
    CriterionJudgement,
    Evidence,
    Finding,
    FindingComment,
    GradeAward,
    Inspection,
)


@pytest.fixture
def drafted(make_inspection, team, advance):
    inspection = advance(make_inspection(frameworks=("CA",)), Stage.MODERATION)
    finding = services.add_finding(
        team["inspector"],
        inspection,
        kind="strength",
        text="Referrals are screened within a day",
        framework="CA",
    )
    return inspection, finding


def _sees(user, inspection):
    return {
        "inspection": Inspection.objects.restrict(user).filter(pk=inspection.pk).exists(),
        "awards": GradeAward.objects.restrict(user).filter(inspection=inspection).exists(),
        "findings": Finding.objects.restrict(user).filter(inspection=inspection).exists(),
        "judgements": CriterionJudgement.objects.restrict(user).filter(inspection=inspection).exists(),
        "evidence": Evidence.objects.restrict(user).filter(inspection=inspection).exists(),
    }


NOTHING = {"inspection": False, "awards": False, "findings": False, "judgements": False, "evidence": False}


def test_it_shows_the_force_nothing_before_the_factual_accuracy_check(drafted, make_persona):
    inspection, finding = drafted

    assert _sees(make_persona("force_a"), inspection) == NOTHING
    with pytest.raises(services.NotAllowed):
        services.comment_on_finding(make_persona("force_a"), finding, "Too early")


def test_it_shows_the_force_its_grades_and_findings_from_the_factual_accuracy_check(
    drafted, advance, make_persona
):
    inspection, _ = drafted
    inspection = advance(inspection, Stage.FACTUAL_ACCURACY)

    assert _sees(make_persona("force_a"), inspection) == {
        "inspection": True,
        "awards": True,
        "findings": True,
        "judgements": False,
        "evidence": False,
    }
    assert _sees(make_persona("force_b"), inspection) == NOTHING


def test_it_takes_comments_from_the_inspected_force_only(drafted, team, make_persona, advance):
    inspection, finding = drafted
    inspection = advance(inspection, Stage.FACTUAL_ACCURACY)

    comment = services.comment_on_finding(
        make_persona("force_a"), finding, "The unit now screens within hours"
    )
    for outsider in ("force_b", "inspector", "moderator", "public"):
        with pytest.raises(services.NotAllowed):
            services.comment_on_finding(make_persona(outsider), finding, "Not mine to say")
    with pytest.raises(services.Invalid):
        services.comment_on_finding(make_persona("force_a"), finding, " ")

    assert list(FindingComment.objects.restrict(make_persona("force_a"))) == [comment]
    assert not FindingComment.objects.restrict(make_persona("force_b")).exists()
    assert not FindingComment.objects.restrict(None).exists()


def test_it_lets_the_team_answer_a_comment(drafted, team, make_persona, advance):
    inspection, finding = drafted
    inspection = advance(inspection, Stage.FACTUAL_ACCURACY)
    comment = services.comment_on_finding(make_persona("force_a"), finding, "Please add the date")

    with pytest.raises(services.NotAllowed):
        services.respond_to_comment(make_persona("force_a"), comment, "Answering myself")
    with pytest.raises(services.Invalid):
        services.respond_to_comment(team["lead"], comment, "")
    answered = services.respond_to_comment(team["lead"], comment, "Added: from March 2007")

    assert (answered.response, answered.responded_by) == ("Added: from March 2007", team["lead"])
    assert answered.responded_at is not None


def test_it_keeps_a_finding_the_force_has_commented_on(drafted, team, make_persona, advance):
    inspection, finding = drafted
    advance(inspection, Stage.FACTUAL_ACCURACY)
    services.comment_on_finding(make_persona("force_a"), finding, "This is out of date")

    with pytest.raises(services.NotAllowed) as refusal:
        services.delete_finding(team["lead"], finding)

    assert "commented" in refusal.value.reason
    assert Finding.objects.filter(pk=finding.pk).exists()
