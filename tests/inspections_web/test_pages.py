"""The inspection pages as each persona meets them: who sees what, the demonstration warning, the
workflow with its blockers, and the navigation and dashboard that lead to them."""

from __future__ import annotations

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import Inspection, StageChange

from .pages import by_testid, page, parsed

pytestmark = pytest.mark.django_db


def inspection_pages(w: SimpleNamespace) -> list[str]:
    pk = w.inspection.pk
    return [
        reverse("inspections:detail", args=[pk]),
        reverse("inspections:history", args=[pk]),
        reverse("inspections:evidence", args=[pk]),
        reverse("inspections:evidence_add", args=[pk]),
        reverse("inspections:evidence_detail", args=[pk, w.evidence.pk]),
        reverse("inspections:evidence_edit", args=[pk, w.evidence.pk]),
        reverse("inspections:judgements", args=[pk, "CA"]),
        reverse("inspections:grade", args=[pk, "CA"]),
        reverse("inspections:findings", args=[pk, "CA"]),
        reverse("inspections:group_findings", args=[pk, "PVP"]),
        reverse("inspections:finding_edit", args=[pk, w.finding.pk]),
    ]


@pytest.mark.parametrize("persona", ["inspector", "lead"])
def test_it_renders_every_page_of_the_inspection_for_the_team(
    world: SimpleNamespace, client_for: Any, persona: str
) -> None:
    client = client_for(persona)
    for url in inspection_pages(world):
        document = page(client, url)
        assert document.find("h1").text, url
        assert by_testid(document, "inspection-nav"), url


def test_it_sends_the_public_to_sign_in_and_hides_the_draft_from_others(
    world: SimpleNamespace, client_for: Any
) -> None:
    public, force_b, force_a, analyst = (client_for(p) for p in ("public", "force_b", "force_a", "analyst"))
    for url in inspection_pages(world):
        response = public.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
        for client in (force_b, force_a, analyst):
            assert client.get(url).status_code == 404, url


def test_it_shows_force_b_nothing_of_force_a_at_the_factual_accuracy_check(
    fa_world: SimpleNamespace, client_for: Any
) -> None:
    url = reverse("inspections:detail", args=[fa_world.fa_inspection.pk])
    assert client_for("force_a").get(url).status_code == 200
    assert client_for("force_b").get(url).status_code == 404
    listed = page(client_for("force_b"), reverse("inspections:list"))
    assert not listed.find_all(data_testid="inspection-row")


def test_it_lists_inspections_with_their_stage_and_the_demonstration_tag(
    world: SimpleNamespace, client_for: Any
) -> None:
    lead = world.make_persona("lead")
    demo = services.create_inspection(
        lead,
        force=world.force_b,
        programme=world.programme,
        frameworks=["NP"],
        lead=lead,
        is_demonstration=True,
        demonstration_note="Rebuilt from the published 2007 report.",
    )
    document = page(client_for("lead"), reverse("inspections:list"))
    rows = document.find_all(data_testid="inspection-row")
    assert len(rows) == 2
    by_force = {row.find("a").text: row for row in rows}
    assert by_force["West Midlands Police"].find(data_testid="stage-tag").text == "Drafting"
    assert by_force["Durham Constabulary"].find(data_testid="stage-tag").text == "Planned"
    assert by_force["Durham Constabulary"].find(data_testid="demonstration-tag")
    assert not by_force["West Midlands Police"].find_all(data_testid="demonstration-tag")
    assert demo.is_demonstration


def test_it_shows_the_demonstration_banner_on_every_inspection_page(
    world: SimpleNamespace, client_for: Any
) -> None:
    Inspection.objects.filter(pk=world.inspection.pk).update(
        is_demonstration=True, demonstration_note="Rebuilt from the published 2007 report."
    )
    client = client_for("inspector")
    for url in inspection_pages(world):
        banner = by_testid(page(client, url), "demonstration-banner")
        assert "Reconstruction for demonstration" in banner.text, url
        assert "Rebuilt from the published 2007 report." in banner.text, url


def test_it_shows_no_demonstration_banner_on_a_real_inspection(
    world: SimpleNamespace, client_for: Any
) -> None:
    document = page(client_for("inspector"), reverse("inspections:detail", args=[world.inspection.pk]))
    assert not document.find_all(data_testid="demonstration-banner")


def test_it_lists_the_open_inspections_on_the_dashboard(world: SimpleNamespace, client_for: Any) -> None:
    mine = by_testid(page(client_for("inspector"), "/"), "my-inspections")
    assert "West Midlands Police" in mine.text
    assert mine.find(data_testid="stage-tag").text == "Drafting"
    assert mine.find("a").get("href") == reverse("inspections:detail", args=[world.inspection.pk])
    # Nothing at drafting is shown to the inspected force yet.
    assert by_testid(page(client_for("force_a"), "/"), "no-inspections")


def test_it_offers_inspections_in_the_navigation_to_whoever_the_rules_let_see_them(
    world: SimpleNamespace, client_for: Any
) -> None:
    def nav_labels(persona: str) -> list[str]:
        document = page(client_for(persona), "/")
        return [a.text for a in document.find("ul", id="navigation").find_all("a")]

    assert "Inspections" in nav_labels("inspector")
    assert "Inspections" in nav_labels("moderator")
    # A force liaison officer sees their force's inspection from the factual accuracy check on, so
    # the list (empty until then) is offered; approvals and moderation are not.
    assert "Inspections" in nav_labels("force_a")
    assert "Approvals" not in nav_labels("force_a")
    assert "Moderation" not in nav_labels("force_a")
    assert "Approvals" in nav_labels("lead")
    assert "Approvals" not in nav_labels("inspector")
    assert "Moderation" in nav_labels("moderator")
    assert "Inspections" not in nav_labels("public")


def test_it_shows_the_workflow_and_what_blocks_the_next_move(world: SimpleNamespace, client_for: Any) -> None:
    document = page(client_for("lead"), reverse("inspections:detail", args=[world.inspection.pk]))
    workflow = by_testid(document, "workflow")
    assert [li.find("span").text for li in workflow.find_all("li")] == [
        "1. Planned",
        "2. Fieldwork",
        "3. Drafting",
        "4. Moderation",
        "5. Factual accuracy check",
        "6. Published",
    ]
    assert workflow.find(aria_current="step").text == "3. Drafting"
    blockers = by_testid(document, "blockers").text
    assert "DV Domestic violence has no awarded grade" in blockers
    assert "awaits approval" in blockers
    button = by_testid(document, "move-form").find("button")
    assert button.text == "Move to moderation" and "disabled" in button.attrs


def test_it_answers_a_blocked_move_with_the_blockers(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:move", args=[world.inspection.pk])
    response = client_for("lead").post(url, {"to_stage": "moderation"})
    assert response.status_code == 409
    assert "DV Domestic violence has no awarded grade" in by_testid(parsed(response), "blockers").text
    assert Inspection.objects.get(pk=world.inspection.pk).stage == Stage.DRAFTING


def test_it_shows_the_reason_when_an_inspector_may_not_move_on(
    world: SimpleNamespace, client_for: Any
) -> None:
    url = reverse("inspections:move", args=[world.inspection.pk])
    response = client_for("inspector").post(url, {"to_stage": "moderation"})
    assert response.status_code == 403
    reason = by_testid(parsed(response), "refusal-reason").text
    assert (
        reason
        == "Only the inspection's lead inspector moves an inspection on from drafting and sends it back."
    )


def test_it_moves_an_inspection_on_when_nothing_blocks_it(
    pack_2007: Any, client_for: Any, make_persona: Any, forces: None
) -> None:
    lead = make_persona("lead")
    inspection = services.create_inspection(
        lead,
        force=Force.objects.get(code="durham"),
        programme=pack_2007,
        frameworks=["NP"],
        lead=lead,
        fieldwork_starts=datetime.date(2007, 5, 1),
    )
    response = client_for("lead").post(
        reverse("inspections:move", args=[inspection.pk]), {"to_stage": "fieldwork"}
    )
    assert response.status_code == 302
    assert Inspection.objects.get(pk=inspection.pk).stage == Stage.FIELDWORK


def test_it_lets_only_the_lead_send_an_inspection_back_with_a_reason(
    world: SimpleNamespace, client_for: Any
) -> None:
    url = reverse("inspections:send_back", args=[world.inspection.pk])
    assert client_for("inspector").post(url, {"note": "More fieldwork"}).status_code == 403
    refused = client_for("lead").post(url, {"note": ""})
    assert refused.status_code == 400
    assert "say why the inspection goes back" in by_testid(parsed(refused), "error-summary").text
    assert client_for("lead").post(url, {"note": "More interviews are needed."}).status_code == 302
    change = StageChange.objects.filter(inspection=world.inspection).latest("at")
    assert (change.from_stage, change.to_stage, change.note) == (
        "drafting",
        "fieldwork",
        "More interviews are needed.",
    )


def test_it_plans_an_inspection_through_the_form(world: SimpleNamespace, client_for: Any) -> None:
    lead = world.make_persona("lead")
    data = {
        "force": world.force_b.pk,
        "programme": world.programme.pk,
        "frameworks": ["NP", "PM"],
        "lead": lead.pk,
    }
    response = client_for("lead").post(reverse("inspections:new"), data)
    assert response.status_code == 302
    planned = Inspection.objects.get(force=world.force_b)
    assert sorted(planned.frameworks.values_list("code", flat=True)) == ["NP", "PM"]
    refused = client_for("lead").post(
        reverse("inspections:new"), {**data, "frameworks": ["MP"], "is_demonstration": "on"}
    )
    assert refused.status_code == 400
    assert "say what this demonstration reconstructs" in by_testid(parsed(refused), "error-summary").text
