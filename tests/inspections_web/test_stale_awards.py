"""A stale award on the pages: the warning on the inspection and grade pages (with what changed on the
team's grade page), and approval and moderation refused with the reason."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus
from inspectorate.inspections.models import ModerationDecision
from inspectorate.methodology.models import Criterion

from .pages import by_testid, page, parsed

pytestmark = pytest.mark.django_db

REASON = (
    "the judgements behind it changed after the award: the proposal moved from no grade (incomplete) to Poor"
)
SHOWN = "Stale: T" + REASON[1:]


def _judge_the_rest_not_met(world: SimpleNamespace) -> None:
    """The world's CA award was made on incomplete judgements; judging the rest moves the proposal."""
    inspector = world.make_persona("inspector")
    judged = set(world.inspection.judgements.values_list("criterion__code", flat=True))
    for criterion in Criterion.objects.filter(framework__programme=world.programme, framework__code="CA"):
        if criterion.code not in judged:
            services.record_judgement(inspector, world.inspection, criterion, "not_met")


def test_it_shows_a_stale_award_on_the_inspection_page(world: SimpleNamespace, client_for: Any) -> None:
    before = page(client_for("inspector"), reverse("inspections:detail", args=[world.inspection.pk]))
    assert before.find_all(data_testid="award-stale") == []

    _judge_the_rest_not_met(world)

    document = page(client_for("inspector"), reverse("inspections:detail", args=[world.inspection.pk]))
    warning = by_testid(document.find("tr", data_framework="CA"), "award-stale")
    assert SHOWN in warning.text
    assert document.find_all(data_testid="award-changes") == []  # listed on the grade page
    assert "no longer rests on what it was made from" in by_testid(document, "blockers").text


def test_it_lists_what_changed_on_the_grade_page(world: SimpleNamespace, client_for: Any) -> None:
    _judge_the_rest_not_met(world)

    document = page(client_for("inspector"), reverse("inspections:grade", args=[world.inspection.pk, "CA"]))

    current = document.find("tr", id=f"award-{world.award.pk}")
    assert SHOWN in by_testid(current, "award-stale").text
    changes = [item.text.strip() for item in by_testid(current, "award-changes").find_all("li")]
    assert "Criterion CA-F03: not yet judged → not met" in changes


def test_it_refuses_to_approve_a_stale_departure_on_the_approvals_page(
    world: SimpleNamespace, client_for: Any
) -> None:
    _judge_the_rest_not_met(world)
    queue = page(client_for("lead"), reverse("inspections:approvals"))
    card = queue.find(data_award=str(world.award.pk))
    assert SHOWN in by_testid(card, "award-stale").text

    response = client_for("lead").post(
        reverse("inspections:approval_decide", args=[world.award.pk]),
        {f"award-{world.award.pk}-decision": "approve", f"award-{world.award.pk}-note": "Fine"},
    )

    assert response.status_code == 400
    assert "this award cannot be approved: " + REASON in by_testid(parsed(response), "error-summary").text
    world.award.refresh_from_db()
    assert world.award.status == AwardStatus.PENDING


def test_it_refuses_to_agree_a_stale_award_on_the_moderation_board(
    world: SimpleNamespace, client_for: Any
) -> None:
    services.decide_departure(world.make_persona("lead"), world.award, approve=True)
    _judge_the_rest_not_met(world)
    programme = world.programme
    board = reverse("moderation:board", args=[programme.code, programme.version, "CA"])
    shown = page(client_for("moderator"), board)
    assert SHOWN in by_testid(by_testid(shown, f"award-{world.award.pk}"), "award-stale").text

    response = client_for("moderator").post(
        reverse("moderation:decide", args=[world.award.pk]), {"outcome": "agreed"}
    )

    assert response.status_code == 400
    assert "this award cannot be agreed: " + REASON in by_testid(parsed(response), "error-summary").text
    assert not ModerationDecision.objects.exists()


def test_it_says_on_the_grid_that_a_moderators_agreement_locks_the_judgements(
    world: SimpleNamespace, client_for: Any
) -> None:
    grid = reverse("inspections:judgements", args=[world.inspection.pk, "CA"])
    assert page(client_for("inspector"), grid).find_all(data_testid="moderation-lock") == []
    services.decide_departure(world.make_persona("lead"), world.award, approve=True)
    services.record_moderation(world.make_persona("moderator"), world.award, "agreed")

    notice = by_testid(page(client_for("inspector"), grid), "moderation-lock")
    refused = client_for("inspector").post(
        reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F03"]), {"value": "met"}
    )

    assert "Judgements of CA Child abuse are locked: a moderator agreed its award of Fair" in notice.text
    assert refused.status_code == 403
    assert "are locked: a moderator agreed" in refused.content.decode()


def test_it_refuses_a_moderation_decision_made_on_judgements_that_changed_since_the_board_was_shown(
    world: SimpleNamespace, client_for: Any
) -> None:
    services.decide_departure(world.make_persona("lead"), world.award, approve=True)
    programme = world.programme
    board = reverse("moderation:board", args=[programme.code, programme.version, "CA"])
    moderator = client_for("moderator")
    form = by_testid(page(moderator, board), f"decision-form-{world.award.pk}")
    seen = form.find("input", name="basis").get("value")
    # The team changes a judgement after the board was shown (the proposal stays incomplete).
    services.record_judgement(world.make_persona("inspector"), world.inspection, "CA-F03", "not_met")
    decide = reverse("moderation:decide", args=[world.award.pk])

    late = moderator.post(decide, {"outcome": "agreed", "basis": seen})
    fresh = by_testid(page(moderator, board), f"decision-form-{world.award.pk}")
    again = moderator.post(
        decide, {"outcome": "agreed", "basis": fresh.find("input", name="basis").get("value")}
    )

    assert late.status_code == 400
    assert "changed after the board was shown" in by_testid(parsed(late), "error-summary").text
    assert again.status_code == 302
    assert ModerationDecision.objects.get().basis_hash != seen


def test_it_says_in_the_draft_report_that_a_stale_grade_must_be_awarded_again(
    world: SimpleNamespace, client_for: Any
) -> None:
    draft = reverse("reports:draft", args=[world.inspection.pk])
    assert "a new award is needed" not in client_for("inspector").get(draft).content.decode()

    _judge_the_rest_not_met(world)

    body = client_for("inspector").get(draft).content.decode()
    assert "The judgements changed after this grade was awarded: a new award is needed" in body
