"""Changing an inspection through the API: token and session authentication (CSRF on the session),
the services' refusals as 403, 409 and 422 with their documented shapes, and each kind of change."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.accounts.models import ApiToken
from inspectorate.inspections.models import Evidence, Finding, GradeAward

from .conftest import Call

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "source_type": "observation",
    "title": "Observed a neighbourhood tasking meeting",
    "summary": "Partners brought data and took actions away.",
    "collected_on": "2007-06-06",
    "effective_date": "2007-05-30",
    "criteria": ["NP-F10"],
}


def evidence_url(world: SimpleNamespace) -> str:
    return reverse("api-1:add_evidence", kwargs={"inspection_id": world.api_draft.pk})


# Authentication


def test_it_accepts_a_bearer_token_without_a_csrf_token(world: SimpleNamespace) -> None:
    _, raw = ApiToken.issue(world.make_persona("inspector"), "script")
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        evidence_url(world),
        data=json.dumps(EVIDENCE),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 201, response.content
    created = Evidence.objects.get(inspection=world.api_draft, reference=response.json()["reference"])
    assert created.collected_by.get_username() == "isla.inspector"


def test_it_refuses_a_revoked_token(world: SimpleNamespace) -> None:
    token, raw = ApiToken.issue(world.make_persona("inspector"), "script")
    token.revoked_at = token.created_at
    token.save()

    response = Client().post(
        evidence_url(world),
        data=json.dumps(EVIDENCE),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )

    assert response.status_code == 401
    assert not Evidence.objects.filter(title=EVIDENCE["title"]).exists()


def test_it_needs_the_csrf_token_for_a_session_post(world: SimpleNamespace) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.make_persona("inspector"))
    client.get(reverse("login"))  # any page that sets the CSRF cookie
    client.get(reverse("home"))

    without = client.post(evidence_url(world), data=json.dumps(EVIDENCE), content_type="application/json")
    token = client.cookies["csrftoken"].value
    with_token = client.post(
        evidence_url(world),
        data=json.dumps(EVIDENCE),
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert without.status_code == 401
    assert with_token.status_code == 201
    assert Evidence.objects.filter(title=EVIDENCE["title"]).count() == 1


def test_it_lets_a_session_read_without_a_csrf_token(world: SimpleNamespace) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.make_persona("inspector"))

    response = client.get(reverse("api-1:list_evidence", kwargs={"inspection_id": world.api_draft.pk}))

    assert response.status_code == 200


def test_it_asks_the_public_to_authenticate_before_any_change(world: SimpleNamespace, call: Call) -> None:
    response = call("public", "post", "add_evidence", EVIDENCE, inspection_id=world.api_draft.pk)

    assert response.status_code == 401


# The shapes of refusals


def test_it_answers_a_refusal_with_403_and_the_reason(world: SimpleNamespace, call: Call) -> None:
    response = call("moderator", "post", "add_evidence", EVIDENCE, inspection_id=world.api_draft.pk)

    assert response.status_code == 403
    assert response.json() == {"detail": "Moderators do not change inspections", "errors": {}}


def test_it_answers_bad_input_with_422_and_every_field(world: SimpleNamespace, call: Call) -> None:
    bad = {**EVIDENCE, "source_type": "rumour", "title": " ", "criteria": ["XX-F01"]}

    response = call("inspector", "post", "add_evidence", bad, inspection_id=world.api_draft.pk)

    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert set(body["errors"]) == {"source_type", "title", "criteria"}
    assert "XX-F01" in body["errors"]["criteria"]


def test_it_answers_a_blocked_move_with_409_and_every_blocker(world: SimpleNamespace, call: Call) -> None:
    response = call(
        "lead", "post", "move_stage", {"to_stage": "moderation"}, inspection_id=world.api_draft.pk
    )

    assert response.status_code == 409
    body = response.json()
    assert set(body) == {"detail", "errors", "blockers"} and body["errors"] == {}
    assert "NP Neighbourhood Policing has no awarded grade" in body["blockers"]
    assert any("awaits approval" in blocker for blocker in body["blockers"])
    listed = call(
        "lead", "get", "get_blockers", query="?to_stage=moderation", inspection_id=world.api_draft.pk
    )
    assert listed.json()["blockers"] == body["blockers"]


# Evidence and judgements


def test_it_moves_an_item_through_verification(world: SimpleNamespace, call: Call) -> None:
    url = {"inspection_id": world.api_draft.pk, "reference": "E003"}

    corroborated = call(
        "inspector",
        "post",
        "change_verification",
        {"to_state": "corroborated", "corroborating": "E001"},
        **url,
    )
    verified = call(
        "lead", "post", "change_verification", {"to_state": "verified", "note": "Records seen"}, **url
    )
    again = call("lead", "post", "change_verification", {"to_state": "verified", "note": "Again"}, **url)
    unknown = call("lead", "post", "change_verification", {"to_state": "proven"}, **url)

    assert corroborated.json()["verification"] == "corroborated"
    assert (verified.json()["verification"], verified.json()["verified_by"]) == ("verified", "leonard.lead")
    assert again.status_code == 422 and "already verified" in again.json()["errors"]["to_state"]
    assert unknown.status_code == 422 and set(unknown.json()["errors"]) == {"to_state"}


def test_it_judges_met_only_on_verified_evidence(world: SimpleNamespace, call: Call) -> None:
    url = {"inspection_id": world.api_draft.pk, "code": "NP", "criterion": "NP-F03"}

    refused = call("inspector", "put", "record_judgement", {"value": "met", "evidence": ["E003"]}, **url)
    call(
        "inspector",
        "post",
        "change_verification",
        {"to_state": "verified", "note": "Rosters checked"},
        inspection_id=world.api_draft.pk,
        reference="E003",
    )
    accepted = call(
        "inspector",
        "put",
        "record_judgement",
        {"value": "met", "comment": "Policy applied", "evidence": ["E003"]},
        **url,
    )

    assert refused.status_code == 422 and "verified" in refused.json()["errors"]["value"]
    assert accepted.status_code == 200
    assert (accepted.json()["value"], accepted.json()["evidence"]) == ("met", ["E003"])


def test_it_answers_404_for_a_criterion_of_another_framework(world: SimpleNamespace, call: Call) -> None:
    response = call(
        "inspector",
        "put",
        "record_judgement",
        {"value": "partly"},
        inspection_id=world.api_draft.pk,
        code="NP",
        criterion="CA-F03",
    )

    assert response.status_code == 404


# Grades


def test_it_awards_and_approves_a_departure(world: SimpleNamespace, call: Call) -> None:
    draft = world.api_draft.pk
    without = call("inspector", "post", "award_grade", {"grade": "good"}, inspection_id=draft, code="NP")
    awarded = call(
        "inspector",
        "post",
        "award_grade",
        {"grade": "good", "rationale": "Teams cover every area"},
        inspection_id=draft,
        code="NP",
    )
    award_id = awarded.json()["id"]

    by_author = call("inspector", "post", "approve_departure", {}, inspection_id=draft, award_id=award_id)
    approved = call(
        "lead", "post", "approve_departure", {"note": "Agreed"}, inspection_id=draft, award_id=award_id
    )

    assert without.status_code == 422 and "rationale" in without.json()["errors"]
    body = awarded.json()
    assert (body["status"], body["proposed_grade"], body["proposal_reason"]) == (
        "pending",
        None,
        "incomplete",
    )
    assert body["trace"]["outcome"] == "incomplete"
    assert by_author.status_code == 403
    assert (approved.json()["status"], approved.json()["decided_by"]) == ("approved", "leonard.lead")


def test_it_needs_a_note_to_reject_a_departure(world: SimpleNamespace, call: Call) -> None:
    url = {"inspection_id": world.api_draft.pk, "award_id": world.api_award.pk}

    silent = call("lead", "post", "reject_departure", {}, **url)
    rejected = call("lead", "post", "reject_departure", {"note": "Judge the criteria first"}, **url)

    assert silent.status_code == 422 and set(silent.json()["errors"]) == {"note"}
    assert rejected.json()["status"] == "rejected"
    assert GradeAward.objects.get(pk=world.api_award.pk).decision_note == "Judge the criteria first"


# Findings


def test_it_adds_edits_moves_and_deletes_findings(world: SimpleNamespace, call: Call) -> None:
    draft = world.api_draft.pk
    added = call(
        "inspector",
        "post",
        "create_finding",
        {"kind": "strength", "text": "Surveys shape priorities.", "framework": "NP", "evidence": ["E001"]},
        inspection_id=draft,
    )
    new_id = added.json()["id"]

    edited = call(
        "inspector",
        "patch",
        "update_finding",
        {"text": "Surveys shape local priorities."},
        inspection_id=draft,
        finding_id=new_id,
    )
    moved = call(
        "inspector", "post", "move_finding", {"direction": "up"}, inspection_id=draft, finding_id=new_id
    )
    deleted = call("lead", "delete", "delete_finding", inspection_id=draft, finding_id=world.api_finding.pk)

    assert added.status_code == 201 and added.json()["position"] == 2 and added.json()["evidence"] == ["E001"]
    assert edited.json()["text"] == "Surveys shape local priorities."
    assert moved.json()["position"] == 1
    assert deleted.status_code == 204
    listed = call(
        "lead", "get", "list_findings", query="?framework=NP&kind=strength", inspection_id=draft
    ).json()
    assert [f["text"] for f in listed] == ["Surveys shape local priorities.", "Partners join tasking."]
    assert not Finding.objects.filter(pk=world.api_finding.pk).exists()


def test_it_shows_finding_evidence_only_as_far_as_the_caller_may_see_it(
    world: SimpleNamespace, call: Call
) -> None:
    created = call(
        "inspector",
        "post",
        "create_finding",
        {"kind": "strength", "text": "Referrals are audited.", "framework": "CA", "evidence": ["E002"]},
        inspection_id=world.api_draft.pk,
    ).json()

    def evidence_seen(persona: str) -> Any:
        listed = call(
            persona, "get", "list_findings", query="?framework=CA", inspection_id=world.api_draft.pk
        )
        return [f["evidence"] for f in listed.json() if f["id"] == created["id"]]

    assert evidence_seen("lead") == [["E002"]]
    assert evidence_seen("moderator") == [[]]


# Workflow


def test_it_moves_an_inspection_once_nothing_blocks_it(world: SimpleNamespace, call: Call) -> None:
    fac = world.api_fac.pk

    back = call(
        "lead",
        "post",
        "move_stage",
        {"to_stage": "moderation", "note": "A grade needs another look"},
        inspection_id=fac,
    )
    forward = call("lead", "post", "move_stage", {"to_stage": "factual_accuracy"}, inspection_id=fac)
    too_far = call("lead", "post", "move_stage", {"to_stage": "planned"}, inspection_id=fac)

    assert (back.status_code, back.json()["stage"]) == (200, "moderation")
    assert (forward.status_code, forward.json()["stage"]) == (200, "factual_accuracy")
    assert too_far.status_code == 422 and set(too_far.json()["errors"]) == {"to_stage"}


# Text that no format could render


@pytest.mark.parametrize(
    ("name", "body", "field"),
    [
        ("add_evidence", {**EVIDENCE, "summary": "Partners\x00 brought data."}, "summary"),
        ("add_evidence", {**EVIDENCE, "criteria": ["NP-F10\x01"]}, "criteria"),
        (
            "create_finding",
            {"kind": "strength", "text": "Surveys\x0c shape priorities.", "framework": "NP"},
            "text",
        ),
    ],
)
def test_it_refuses_a_control_character_naming_the_field(
    world: SimpleNamespace, call: Call, name: str, body: dict[str, Any], field: str
) -> None:
    evidence, findings = Evidence.objects.count(), Finding.objects.count()

    response = call("inspector", "post", name, body, inspection_id=world.api_draft.pk)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {field}
    problem = response.json()["errors"][field]
    assert "control character" in problem and "remove it" in problem
    assert not problem.startswith("Value error")
    assert (Evidence.objects.count(), Finding.objects.count()) == (evidence, findings)


def test_it_refuses_a_control_character_in_a_change(world: SimpleNamespace, call: Call) -> None:
    url = {"inspection_id": world.api_draft.pk, "finding_id": world.api_finding.pk}
    before = world.api_finding.text

    response = call("inspector", "patch", "update_finding", {"text": "Partners\x1f join."}, **url)

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"text"}
    assert Finding.objects.get(pk=world.api_finding.pk).text == before
