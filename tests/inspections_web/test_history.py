"""An inspection's audit history: newest first, who did what, and what changed, limited to what the
reader may see."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.inspections import services

from .pages import by_testid, page

pytestmark = pytest.mark.django_db


def history(client: Any, world: SimpleNamespace) -> Any:
    return by_testid(page(client, reverse("inspections:history", args=[world.inspection.pk])), "history")


def actions(table: Any) -> list[str]:
    return [row.get("data-action") for row in table.find("tbody").find_all("tr")]


def test_it_lists_changes_newest_first_with_what_changed(world: SimpleNamespace, client_for: Any) -> None:
    services.record_judgement(
        world.make_persona("lead"),
        world.inspection,
        "CA-F02",
        "not_met",
        comment="No audit of the policy's use.",
    )
    table = history(client_for("inspector"), world)
    listed = actions(table)
    assert listed[0] == "judgement.recorded"
    assert listed[-1] == "inspection.created"
    assert {
        "evidence.added",
        "evidence.verification_changed",
        "evidence.file_attached",
        "grade.awarded",
        "finding.added",
        "inspection.stage_changed",
    } <= set(listed)
    newest = table.find("tbody").find_all("tr")[0]
    assert "leonard.lead" in newest.text
    assert "Value: partly → not_met" in newest.text
    assert "Comment: — → No audit of the policy's use." in newest.text


def test_it_leaves_out_what_the_reader_may_not_see(world: SimpleNamespace, client_for: Any) -> None:
    team_view = history(client_for("inspector"), world).text
    moderator_view = history(client_for("moderator"), world).text
    assert "Victim interview" in team_view
    assert "Victim interview" not in moderator_view
    assert "Referral audit" in moderator_view
    assert (
        client_for("force_a").get(reverse("inspections:history", args=[world.inspection.pk])).status_code
        == 404
    )


def test_it_keeps_deleted_findings_in_the_team_history(world: SimpleNamespace, client_for: Any) -> None:
    services.delete_finding(world.make_persona("inspector"), world.finding)
    table = history(client_for("lead"), world)
    assert actions(table)[0] == "finding.deleted"
    assert "Prompt strategy discussions. → —" in table.find("tbody").find_all("tr")[0].text


def test_it_never_shows_an_awards_basis_in_the_history(fa_world: SimpleNamespace, client_for: Any) -> None:
    # The award's audit events carry its basis (every criterion's judgement): working, which the
    # history leaves out whoever reads it (the grade page shows it to those who may see it).
    document = history(client_for("lead"), SimpleNamespace(inspection=fa_world.fa_inspection))
    rows = [row.text for row in document.find_all("tr", data_action="grade.awarded")]
    assert rows
    assert not any("CA-F0" in text or "Basis: " in text for text in rows), rows
    assert all("Basis hash: " in text for text in rows)
