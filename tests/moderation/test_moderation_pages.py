"""The national moderation pages: one framework's grades across forces side by side, outliers flagged
with the reason, decisions recorded through the service, and who may use the pages at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.inspections.models import GradeAward, ModerationDecision
from tests.web.dom import Node, parse

from .conftest import Judged

pytestmark = pytest.mark.django_db

ALL_MET_FAIR = ["met"] * 12
Clients = Callable[[str], Client]


def board_url(programme: Any, framework: str = "CA") -> str:
    return reverse("moderation:board", args=[programme.code, programme.version, framework])


@pytest.fixture
def two_forces(judged: Judged) -> tuple[GradeAward, GradeAward]:
    """West Midlands: Good, as proposed, on Good criteria 5 of 9. Durham: Fair, departing from a
    proposed Good, although 6.5 of its 9 Good criteria are met."""
    midlands = judged("west-midlands", fair=ALL_MET_FAIR, good=["met"] * 5 + ["not_met"] * 4, grade="good")
    durham = judged(
        "durham",
        fair=ALL_MET_FAIR,
        good=["met"] * 6 + ["partly"] + ["not_met"] * 2,
        grade="fair",
        rationale="Supervision of the specialist teams was too thin to call Good.",
    )
    return midlands, durham


def by_testid(page: Node, testid: str) -> Node:
    return page.find(None, data_testid=testid)


def row_text(page: Node, award: GradeAward) -> str:
    return by_testid(page, f"board-row-{award.inspection.pk}").text


def test_it_shows_each_force_side_by_side(
    two_forces: tuple[GradeAward, GradeAward], client_for: Clients, pack_2007: Any
) -> None:
    midlands, durham = two_forces

    response = client_for("moderator").get(board_url(pack_2007))

    assert response.status_code == 200
    page = parse(response.content)
    midlands_row, durham_row = row_text(page, midlands), row_text(page, durham)
    assert "Good" in midlands_row and "12 of 12 (100%)" in midlands_row and "5 of 9 (56%)" in midlands_row
    assert "6.5 of 9 (72%)" in durham_row
    assert "Departure approved" in durham_row
    assert "Supervision of the specialist teams was too thin to call Good." in durham_row
    assert "Awaiting a decision" in durham_row
    headers = [th.text for th in by_testid(page, "moderation-board").find("thead").find_all("th")]
    assert headers == [
        "Force",
        "Proposal",
        "Award",
        "Departure",
        "Fair criteria met",
        "Good criteria met",
        "Moderation",
    ]


def test_it_flags_a_force_graded_higher_than_one_with_shares_at_least_as_high(
    two_forces: tuple[GradeAward, GradeAward], client_for: Clients, pack_2007: Any
) -> None:
    midlands, durham = two_forces

    page = parse(client_for("moderator").get(board_url(pack_2007)).content)

    assert "Outlier" in row_text(page, midlands)
    assert "Outlier" not in row_text(page, durham)
    text = by_testid(by_testid(page, f"award-{midlands.pk}"), "outlier-explanation").text
    assert "Durham Constabulary was awarded Fair, a lower grade than Good" in text
    assert "at least as high" in text


def test_it_does_not_flag_grades_that_follow_the_shares(
    judged: Judged, client_for: Clients, pack_2007: Any
) -> None:
    judged("west-midlands", fair=ALL_MET_FAIR, good=["met"] * 7 + ["not_met"] * 2, grade="good")
    judged("durham", fair=ALL_MET_FAIR, good=["met"] * 3 + ["not_met"] * 6, grade="fair")

    page = parse(client_for("moderator").get(board_url(pack_2007)).content)

    assert page.find_all(None, data_testid="outlier-tag") == []
    assert page.find_all(None, data_testid="outlier-warning") == []


def test_it_records_an_agreement_and_shows_it_in_the_history(
    two_forces: tuple[GradeAward, GradeAward], client_for: Clients, pack_2007: Any
) -> None:
    midlands, _ = two_forces
    client = client_for("moderator")

    response = client.post(reverse("moderation:decide", args=[midlands.pk]), {"outcome": "agreed"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"{board_url(pack_2007)}#award-{midlands.pk}")
    decision = ModerationDecision.objects.get(award=midlands)
    assert (decision.outcome, decision.moderator.username) == ("agreed", "morag.moderator")
    page = parse(client.get(board_url(pack_2007)).content)
    history = by_testid(page, "decision-history").text
    assert "West Midlands Police Good Agreed" in history


def test_it_needs_a_reason_to_refer_a_grade_back(
    two_forces: tuple[GradeAward, GradeAward], client_for: Clients, pack_2007: Any
) -> None:
    midlands, _ = two_forces
    client = client_for("moderator")
    url = reverse("moderation:decide", args=[midlands.pk])

    silent = client.post(url, {"outcome": "referred_back"})
    explained = client.post(url, {"outcome": "referred_back", "reason": "Durham's shares are higher"})

    assert silent.status_code == 400
    summary = by_testid(parse(silent.content), "error-summary").text
    assert "say why the grade is referred back" in summary
    assert explained.status_code == 302
    assert [d.reason for d in ModerationDecision.objects.filter(award=midlands)] == [
        "Durham's shares are higher"
    ]


def test_it_lets_administrators_read_but_not_decide(
    two_forces: tuple[GradeAward, GradeAward], client_for: Clients, pack_2007: Any
) -> None:
    midlands, _ = two_forces
    client = client_for("admin")

    page = parse(client.get(board_url(pack_2007)).content)
    refused = client.post(reverse("moderation:decide", args=[midlands.pk]), {"outcome": "agreed"})

    assert [f for f in page.find_all("form") if f.get("data-testid").startswith("decision-form")] == []
    assert refused.status_code == 403
    assert "Only moderators record moderation decisions" in refused.content.decode()
    assert not ModerationDecision.objects.exists()


def test_it_refuses_a_decision_once_the_grades_are_signed_off(
    two_forces: tuple[GradeAward, GradeAward], client_for: Clients
) -> None:
    midlands, _ = two_forces
    inspection = midlands.inspection
    type(inspection).objects.filter(pk=inspection.pk).update(stage="factual_accuracy")

    response = client_for("moderator").post(
        reverse("moderation:decide", args=[midlands.pk]), {"outcome": "agreed"}
    )

    assert response.status_code == 403
    assert "Moderation is over" in response.content.decode()


def test_it_summarises_every_programmed_framework(
    two_forces: tuple[GradeAward, GradeAward], client_for: Clients, pack_2007: Any
) -> None:
    page = parse(client_for("moderator").get(reverse("moderation:index")).content)

    table = by_testid(page, f"programme-{pack_2007.code}-v{pack_2007.version}")
    rows = {
        tr.get("data-testid"): [td.text for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }
    assert list(rows) == [f"framework-{code}" for code in ("NP", "PM", "CA", "DV", "PP", "MP")]
    # inspections, awarded, agreed, referred back, awaiting a decision, outliers
    assert rows["framework-CA"] == ["2", "2", "0", "0", "2", "1"]
    assert rows["framework-NP"] == ["0", "0", "0", "0", "0", "0"]


@pytest.mark.parametrize("persona", ["inspector", "lead", "analyst", "force_a"])
def test_it_refuses_everyone_but_moderators_and_administrators(
    persona: str, client_for: Clients, pack_2007: Any
) -> None:
    response = client_for(persona).get(board_url(pack_2007))

    assert response.status_code == 403
    assert "for moderators and administrators" in response.content.decode()


def test_it_sends_the_public_to_sign_in(pack_2007: Any) -> None:
    response = Client().get(board_url(pack_2007))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
