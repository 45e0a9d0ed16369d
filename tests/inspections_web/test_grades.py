"""Awarding a grade against the proposal, the award history, and the lead inspector's approval queue."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus
from inspectorate.inspections.models import GradeAward

from .pages import by_testid, page, parsed

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_lead(world: SimpleNamespace) -> User:
    """Another lead inspector on the team, to decide departures the first lead awarded."""
    helen = User.objects.create_user(
        username="helen.hmi", password="a-long-test-password", role=Role.LEAD_INSPECTOR
    )
    services.update_team(
        world.make_persona("lead"), world.inspection, inspectors=[world.make_persona("inspector"), helen]
    )
    return helen


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queued(client: Any) -> list[str]:
    document = page(client, reverse("inspections:approvals"))
    return [card.get("data-award") for card in document.find_all(data_testid="departure")]


def test_it_needs_a_rationale_to_depart_from_the_proposal(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:grade", args=[world.inspection.pk, "DV"])
    refused = client_for("inspector").post(url, {"grade": "good", "rationale": ""})
    assert refused.status_code == 400
    summary = by_testid(parsed(refused), "error-summary")
    assert "the engine proposed no grade: this award needs a written rationale" in summary.text
    assert summary.find("a", href="#id_rationale")
    assert not GradeAward.objects.filter(inspection=world.inspection, framework__code="DV").exists()

    done = client_for("inspector").post(url, {"grade": "good", "rationale": "Strong partnership work seen."})
    assert done.status_code == 302
    award = GradeAward.objects.get(inspection=world.inspection, framework__code="DV")
    assert (award.grade, award.status) == ("good", AwardStatus.PENDING)


def test_it_shows_the_proposal_and_the_award_history(world: SimpleNamespace, client_for: Any) -> None:
    client = client_for("inspector")
    url = reverse("inspections:grade", args=[world.inspection.pk, "CA"])
    client.post(url, {"grade": "good", "rationale": "Second thoughts after the reality tests."})
    document = page(client, url)
    assert by_testid(document, "proposal-panel")
    history = by_testid(document, "award-history")
    statuses = [tag.text for tag in history.find_all(data_testid="award-status-tag")]
    assert statuses == ["Departure awaiting approval", "Superseded by a later award"]
    assert "Second thoughts after the reality tests." in history.text
    # Each award keeps the trace it was made with.
    assert len(history.find_all(data_testid="trace")) == 2


def test_it_queues_a_departure_for_another_lead_and_not_for_its_author(
    world: SimpleNamespace, second_lead: User, client_for: Any
) -> None:
    lead = world.make_persona("lead")
    own = services.award_grade(lead, world.inspection, "DV", "fair", "Referrals wait too long.")
    assert queued(client_for("lead")) == [str(world.award.pk)]
    assert queued(signed_in(second_lead)) == [str(world.award.pk), str(own.pk)]
    card = page(signed_in(second_lead), reverse("inspections:approvals")).find(data_award=str(own.pk))
    assert "Referrals wait too long." in card.text
    assert "No grade" in card.text and "Fair" in card.text
    assert card.find_all(data_testid="trace")


def test_it_refuses_the_queue_to_everyone_but_lead_inspectors(
    world: SimpleNamespace, client_for: Any
) -> None:
    for persona in ("inspector", "moderator", "admin", "force_a"):
        response = client_for(persona).get(reverse("inspections:approvals"))
        assert response.status_code == 403, persona
    assert client_for("public").get(reverse("inspections:approvals")).status_code == 302


def test_it_records_a_decision_from_the_queue(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:approval_decide", args=[world.award.pk])
    prefix = f"award-{world.award.pk}"
    refused = client_for("lead").post(url, {f"{prefix}-decision": "reject", f"{prefix}-note": ""})
    assert refused.status_code == 400
    assert "say why the departure is rejected" in by_testid(parsed(refused), "error-summary").text
    response = client_for("lead").post(
        url, {f"{prefix}-decision": "approve", f"{prefix}-note": "Fair stands."}
    )
    assert response.status_code == 302
    award = GradeAward.objects.get(pk=world.award.pk)
    assert (award.status, award.decided_by, award.decision_note) == (
        AwardStatus.APPROVED,
        world.make_persona("lead"),
        "Fair stands.",
    )
    assert queued(client_for("lead")) == []
