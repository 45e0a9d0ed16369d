"""Reading inspections through the API: each persona sees what the access rules allow and nothing else;
evidence is described but never delivered; proposals and awards come with their traces."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from inspectorate.inspections import services

from .conftest import Call

pytestmark = pytest.mark.django_db


def ids(response: object) -> set[int]:
    return {item["id"] for item in response.json()}  # type: ignore[attr-defined]


def test_it_lists_for_each_persona_only_the_inspections_they_may_see(
    world: SimpleNamespace, call: Call
) -> None:
    draft, fac, published = world.api_draft.pk, world.api_fac.pk, world.api_published.pk

    assert ids(call("public", "get", "list_inspections")) == {published}
    assert ids(call("analyst", "get", "list_inspections")) == {published}
    assert ids(call("force_a", "get", "list_inspections")) == {fac, published}
    assert ids(call("force_b", "get", "list_inspections")) == {published}
    assert ids(call("inspector", "get", "list_inspections")) == {draft, fac, published}
    assert ids(call("moderator", "get", "list_inspections")) == {draft, fac, published}


def test_it_filters_inspections_by_force_and_stage(world: SimpleNamespace, call: Call) -> None:
    assert ids(call("admin", "get", "list_inspections", query="?force=durham")) == {world.api_published.pk}
    assert ids(call("admin", "get", "list_inspections", query="?stage=drafting")) == {world.api_draft.pk}


def test_it_describes_an_inspection(world: SimpleNamespace, call: Call) -> None:
    body = call("inspector", "get", "get_inspection", inspection_id=world.api_draft.pk).json()

    assert body["force"] == {"code": "west-midlands", "name": world.force_a.name}
    assert body["frameworks"] == ["NP", "CA"]
    assert (body["stage"], body["stage_label"]) == ("drafting", "Drafting")
    assert body["lead"] == "leonard.lead" and body["inspectors"] == ["isla.inspector"]
    assert body["is_demonstration"] is False


def test_it_answers_404_for_an_inspection_the_caller_may_not_see(world: SimpleNamespace, call: Call) -> None:
    response = call("force_b", "get", "get_inspection", inspection_id=world.api_fac.pk)

    assert response.status_code == 404
    assert call("force_a", "get", "get_inspection", inspection_id=world.api_fac.pk).status_code == 200


def test_it_gives_file_metadata_but_never_the_contents(world: SimpleNamespace, call: Call) -> None:
    content = b"%PDF-1.4\nthe duty rosters for every neighbourhood team\n%%EOF\n"
    services.attach_file(world.make_persona("inspector"), world.api_e003, content, "rosters.pdf")

    response = call("inspector", "get", "get_evidence", inspection_id=world.api_draft.pk, reference="E003")

    body = response.json()
    assert body["file"]["original_name"] == "rosters.pdf"
    assert body["file"]["media_type"] == "application/pdf"
    assert body["file"]["size"] == len(content)
    assert len(body["file"]["sha256"]) == 64
    assert b"duty rosters" not in response.content


def test_it_filters_the_evidence_register(world: SimpleNamespace, call: Call) -> None:
    def refs(query: str) -> list[str]:
        response = call("inspector", "get", "list_evidence", query=query, inspection_id=world.api_draft.pk)
        return [item["reference"] for item in response.json()]

    assert refs("") == ["E001", "E002", "E003"]
    assert refs("?verification=verified") == ["E001"]
    assert refs("?marking=official_sensitive") == ["E002"]
    assert refs("?framework=CA") == ["E002"]
    assert refs("?criterion=NP-F03") == ["E003"]
    assert refs("?outside_period=true") == []
    assert refs("?outside_period=false&source_type=document") == ["E001", "E002", "E003"]


def test_it_keeps_sensitive_evidence_from_moderators(world: SimpleNamespace, call: Call) -> None:
    listed = call("moderator", "get", "list_evidence", inspection_id=world.api_draft.pk).json()

    assert [item["reference"] for item in listed] == ["E001", "E003"]
    assert {item["marking"] for item in listed} == {"official"}


def test_it_lists_every_criterion_of_a_framework_with_its_judgement(
    world: SimpleNamespace, call: Call
) -> None:
    rows = call("moderator", "get", "list_judgements", inspection_id=world.api_draft.pk, code="NP").json()

    assert len(rows) == 22
    first = rows[0]
    assert (first["criterion"], first["value"], first["evidence"]) == ("NP-F01", "met", ["E001"])
    assert first["judged_by"] == "isla.inspector"
    assert rows[1]["value"] == "" and rows[1]["value_label"] == "Not yet judged"


def test_it_explains_the_live_proposal(world: SimpleNamespace, call: Call) -> None:
    body = call("lead", "get", "get_proposal", inspection_id=world.api_draft.pk, code="NP").json()

    assert body["grade"] is None and body["reason"] == "incomplete"
    assert "NP-F02" in body["unjudged"] and "NP-F01" not in body["unjudged"]
    assert body["trace"]["outcome"] == "incomplete"
    assert any("not yet judged" in line for line in body["explanation"])


def test_it_shows_the_force_its_grades_and_findings_but_not_the_working(
    world: SimpleNamespace, call: Call
) -> None:
    fac = world.api_fac.pk

    answer = call("force_a", "get", "list_awards", inspection_id=fac)
    awards = answer.json()
    findings = call("force_a", "get", "list_findings", inspection_id=fac).json()

    # The current grade only: not the award it replaced, nor the trace, rationale or decision note.
    assert [(a["framework"], a["grade"], a["current"]) for a in awards] == [("CA", "fair", True)]
    assert {key: awards[0][key] for key in ("trace", "rationale", "decision_note", "status")} == {
        "trace": None,
        "rationale": None,
        "decision_note": None,
        "status": None,
    }
    assert "First view before the referral audit" not in answer.content.decode()
    assert "Judged from the audit" not in answer.content.decode()
    assert [f["text"] for f in findings] == ["Strategy meetings are prompt."]
    judgements = call("force_a", "get", "list_judgements", inspection_id=fac, code="CA")
    assert judgements.status_code == 403
    assert "stays within its team" in judgements.json()["detail"]
    assert call("force_a", "get", "get_proposal", inspection_id=fac, code="CA").status_code == 403
    assert call("force_b", "get", "list_awards", inspection_id=fac).status_code == 404


def test_it_shows_the_team_every_award_with_its_working(world: SimpleNamespace, call: Call) -> None:
    awards = call("inspector", "get", "list_awards", inspection_id=world.api_fac.pk).json()

    assert [(a["grade"], a["current"], a["rationale"]) for a in awards] == [
        ("fair", True, "Judged from the audit; criteria unfinished"),
        ("poor", False, "First view before the referral audit"),
    ]
    assert awards[0]["trace"]["outcome"] == "incomplete"
    assert awards[0]["decision_note"] == "Agreed on the evidence seen"


def test_it_refuses_an_evidence_filter_that_is_not_a_choice(world: SimpleNamespace, call: Call) -> None:
    # The register page and the API share one filter set; the API says which value it cannot use.
    answer = call(
        "inspector", "get", "list_evidence", query="?verification=nearly", inspection_id=world.api_draft.pk
    )
    refused = call(
        "force_a", "get", "list_evidence", query="?criterion=CA-F03", inspection_id=world.api_fac.pk
    )

    assert answer.status_code == 422
    assert "verification" in answer.json()["errors"]
    # Criteria are the team's working: the force cannot filter by them.
    assert refused.status_code == 422
    assert set(refused.json()["errors"]) == {"criterion"}
