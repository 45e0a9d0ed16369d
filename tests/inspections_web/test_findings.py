"""The findings editor: lists by kind, adding, changing, reordering (with and without htmx), deleting;
the force's comments at the factual accuracy check and the team's answers."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.inspections.models import Finding, FindingComment

from .pages import HTMX, by_testid, page, parsed

pytestmark = pytest.mark.django_db


def in_order(section: Any) -> list[str]:
    return [li.find("p").text for li in section.find("ol").find_all("li") if li.get("data-finding")]


def strengths(document: Any) -> list[str]:
    return in_order(by_testid(document, "findings-strength"))


def findings_url(world: SimpleNamespace) -> str:
    return reverse("inspections:findings", args=[world.inspection.pk, "CA"])


def test_it_lists_findings_by_kind_in_order(world: SimpleNamespace, client_for: Any) -> None:
    document = page(client_for("inspector"), findings_url(world))
    headings = [h.text for h in document.find("main").find_all("h2", **{"class": "govuk-heading-l"})]
    assert headings[:4] == ["Strengths", "Work in progress", "Areas for improvement", "Recommendations"]
    assert strengths(document) == [
        "A clear child protection policy.",
        "Prompt strategy discussions.",
        "Trained staff.",
    ]


def test_it_adds_a_finding_with_its_criteria(world: SimpleNamespace, client_for: Any) -> None:
    data = {"kind": "recommendation", "text": "Audit referrals monthly.", "criteria": ["CA-F03"]}
    assert client_for("lead").post(findings_url(world), data).status_code == 302
    added = Finding.objects.get(inspection=world.inspection, kind="recommendation")
    assert list(added.criteria.values_list("code", flat=True)) == ["CA-F03"]
    refused = client_for("lead").post(findings_url(world), {"kind": "strength", "text": "  "})
    assert refused.status_code == 400
    assert by_testid(parsed(refused), "error-summary")


def test_it_moves_a_finding_with_htmx_and_returns_the_list(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:finding_move", args=[world.inspection.pk, world.finding.pk])
    response = client_for("inspector").post(url, {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    fragment = parsed(response)
    assert not fragment.find_all("html")
    section = fragment.find("section", id="findings-strength")
    assert in_order(section) == [
        "Prompt strategy discussions.",
        "A clear child protection policy.",
        "Trained staff.",
    ]
    # Already first: nothing moves and the list says why.
    again = client_for("inspector").post(url, {"direction": "up"}, **HTMX)
    assert again.status_code == 400
    assert "the finding is already first" in parsed(again).text.lower()


def test_it_moves_a_finding_without_javascript(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:finding_move", args=[world.inspection.pk, world.finding.pk])
    response = client_for("inspector").post(url, {"direction": "down"})
    assert response.status_code == 302 and response["Location"] == findings_url(world)
    assert strengths(page(client_for("inspector"), findings_url(world)))[-1] == "Prompt strategy discussions."
    move_form = page(client_for("inspector"), findings_url(world)).find("form", action=url)
    assert move_form.get("hx-target") == "#findings-strength" and move_form.get("method") == "post"


def test_it_changes_and_deletes_a_finding(world: SimpleNamespace, client_for: Any) -> None:
    edit = reverse("inspections:finding_edit", args=[world.inspection.pk, world.finding.pk])
    form = page(client_for("inspector"), edit).find(data_testid="finding-form")
    assert form.find("textarea", name="text").text == "Prompt strategy discussions."
    data = {
        "kind": "work_in_progress",
        "text": "Strategy discussions are being speeded up.",
        "criteria": ["CA-F03"],
    }
    assert client_for("inspector").post(edit, data).status_code == 302
    changed = Finding.objects.get(pk=world.finding.pk)
    assert (changed.kind, changed.text) == ("work_in_progress", "Strategy discussions are being speeded up.")
    delete = reverse("inspections:finding_delete", args=[world.inspection.pk, world.finding.pk])
    assert client_for("inspector").post(delete).status_code == 302
    assert not Finding.objects.filter(pk=world.finding.pk).exists()


def test_it_keeps_the_group_overview_apart(world: SimpleNamespace, client_for: Any) -> None:
    document = page(
        client_for("inspector"), reverse("inspections:group_findings", args=[world.inspection.pk, "PVP"])
    )
    assert "Share risk data." in by_testid(document, "findings-area_for_improvement").text
    assert "Prompt strategy discussions." not in document.text
    assert (
        client_for("inspector")
        .get(reverse("inspections:group_findings", args=[world.inspection.pk, "NOPE"]))
        .status_code
        == 404
    )


def test_it_shows_force_a_the_draft_read_only_with_a_comment_form(
    fa_world: SimpleNamespace, client_for: Any
) -> None:
    url = reverse("inspections:findings", args=[fa_world.fa_inspection.pk, "CA"])
    document = page(client_for("force_a"), url)
    assert "Draft grade: Poor" in by_testid(document, "draft-grade").text
    assert not document.find_all(data_testid="finding-form")
    assert not [a for a in document.find_all("a") if "/edit/" in a.get("href")]
    assert document.find_all(data_testid="comment-form")
    assert "The waiting times were halved in June." in by_testid(document, "force-comment").text
    assert client_for("force_b").get(url).status_code == 404


def test_it_records_a_force_comment_and_the_team_answer(fa_world: SimpleNamespace, client_for: Any) -> None:
    finding = fa_world.fa_finding
    comment_url = reverse("inspections:finding_comment", args=[fa_world.fa_inspection.pk, finding.pk])
    field = f"finding-{finding.pk}-text"
    assert (
        client_for("force_a").post(comment_url, {field: "August figures show no waiting list."}).status_code
        == 302
    )
    assert client_for("inspector").post(comment_url, {field: "A team comment"}).status_code == 403
    refused = client_for("force_a").post(comment_url, {field: " "})
    assert refused.status_code == 400

    comment = FindingComment.objects.get(text="August figures show no waiting list.")
    answer_url = reverse("inspections:comment_respond", args=[fa_world.fa_inspection.pk, comment.pk])
    answer = {f"comment-{comment.pk}-response": "The report now gives the August figures."}
    assert client_for("force_a").post(answer_url, answer).status_code == 403
    assert client_for("lead").post(answer_url, answer).status_code == 302
    document = page(
        client_for("force_a"), reverse("inspections:findings", args=[fa_world.fa_inspection.pk, "CA"])
    )
    answers = [node.text for node in document.find_all(data_testid="comment-answer")]
    assert answers == ["The report now gives the August figures."]


def test_it_refuses_a_control_character_in_a_finding_so_the_word_draft_still_renders(
    world: SimpleNamespace, client_for: Any
) -> None:
    refused = client_for("lead").post(findings_url(world), {"kind": "strength", "text": "Prompt\x0b work."})

    assert refused.status_code == 400
    summary = by_testid(parsed(refused), "error-summary")
    assert summary.find("a", href="#id_text")
    assert "U+000B (vertical tab)" in summary.text
    assert not Finding.objects.filter(inspection=world.inspection, text__startswith="Prompt\x0b").exists()
    draft = client_for("lead").get(
        reverse("reports:draft_docx", kwargs={"inspection_id": world.inspection.pk})
    )
    assert draft.status_code == 200 and draft.content.startswith(b"PK")
