"""The API's optimistic locking: reads return `version`, changes accept it, and a change over a later
save by someone else is answered 409 in the one error shape with the record as it now stands."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from inspectorate.inspections import services
from inspectorate.inspections.models import CriterionJudgement, Evidence, Finding

pytestmark = pytest.mark.django_db


def _judgement_url(world: SimpleNamespace) -> dict[str, Any]:
    return {"inspection_id": world.api_draft.pk, "code": "NP", "criterion": "NP-F02"}


def test_it_returns_versions_with_what_it_reads(world: SimpleNamespace, call: Any) -> None:
    draft = world.api_draft.pk
    rows = call("inspector", "get", "list_judgements", inspection_id=draft, code="NP").json()
    by_code = {row["criterion"]: row["version"] for row in rows}
    assert by_code["NP-F01"] == 1 and by_code["NP-F02"] == 0

    evidence = call("inspector", "get", "get_evidence", inspection_id=draft, reference="E001").json()
    assert evidence["version"] == Evidence.objects.get(pk=world.api_e001.pk).version == 2
    findings = call("inspector", "get", "list_findings", inspection_id=draft).json()
    assert {f["version"] for f in findings} == {1}
    awards = call("inspector", "get", "list_awards", inspection_id=draft).json()
    assert [a["version"] for a in awards] == [1]


def test_it_answers_a_stale_judgement_409_with_the_other_change(world: SimpleNamespace, call: Any) -> None:
    first = call(
        "lead", "put", "record_judgement", {"value": "partly", "version": 0}, **_judgement_url(world)
    )
    assert first.status_code == 200 and first.json()["version"] == 1

    second = call(
        "inspector", "put", "record_judgement", {"value": "not_met", "version": 0}, **_judgement_url(world)
    )

    assert second.status_code == 409
    body = second.json()
    assert set(body) == {"detail", "errors", "current", "changed_by", "changed_at"}
    assert body["errors"] == {}
    assert body["changed_by"] == "leonard.lead" and body["changed_at"]
    assert body["current"]["value"] == "partly" and body["current"]["version"] == 1
    stored = CriterionJudgement.objects.get(inspection=world.api_draft, criterion__code="NP-F02")
    assert stored.value == "partly"

    again = call(
        "inspector", "put", "record_judgement", {"value": "not_met", "version": 1}, **_judgement_url(world)
    )
    assert again.status_code == 200 and again.json()["version"] == 2


def test_it_skips_the_check_when_no_version_is_sent(world: SimpleNamespace, call: Any) -> None:
    services.record_judgement(world.make_persona("lead"), world.api_draft, "NP-F02", "partly")

    response = call("inspector", "put", "record_judgement", {"value": "not_met"}, **_judgement_url(world))

    assert response.status_code == 200 and response.json()["version"] == 2


def test_it_refuses_stale_finding_changes(world: SimpleNamespace, call: Any) -> None:
    finding = world.api_finding
    services.edit_finding(world.make_persona("lead"), finding, text="Each neighbourhood has a team.")
    where = {"inspection_id": world.api_draft.pk, "finding_id": finding.pk}

    patched = call("inspector", "patch", "update_finding", {"text": "Mine", "version": 1}, **where)
    moved = call("inspector", "post", "move_finding", {"direction": "down", "version": 1}, **where)
    deleted = call("inspector", "delete", "delete_finding", query="?version=1", **where)

    assert [r.status_code for r in (patched, moved, deleted)] == [409, 409, 409]
    assert patched.json()["current"]["text"] == "Each neighbourhood has a team."
    assert Finding.objects.get(pk=finding.pk).text == "Each neighbourhood has a team."
    assert call("inspector", "delete", "delete_finding", query="?version=2", **where).status_code == 204


def test_it_refuses_a_stale_verification(world: SimpleNamespace, call: Any) -> None:
    services.verify_evidence(world.make_persona("lead"), world.api_e002, "Read the audit")
    body = {"to_state": "unverified", "note": "Wrong file", "version": 1}

    response = call(
        "inspector", "post", "change_verification", body, inspection_id=world.api_draft.pk, reference="E002"
    )

    assert response.status_code == 409
    assert response.json()["current"]["verification"] == "verified"
    assert Evidence.objects.get(pk=world.api_e002.pk).verification == "verified"


def test_it_refuses_an_award_or_decision_over_a_newer_award(world: SimpleNamespace, call: Any) -> None:
    draft = world.api_draft.pk
    newer = services.award_grade(world.make_persona("lead"), world.api_draft, "CA", "good", "Reconsidered")

    awarded = call(
        "inspector",
        "post",
        "award_grade",
        {"grade": "poor", "rationale": "x", "version": 1},
        inspection_id=draft,
        code="CA",
    )
    decided = call(
        "lead", "post", "approve_departure", {"version": 1}, inspection_id=draft, award_id=world.api_award.pk
    )

    assert awarded.status_code == 409 and decided.status_code == 409
    assert awarded.json()["current"]["id"] == newer.pk
    assert "trace" not in awarded.json()["current"]
    assert services.current_award(world.api_draft, newer.framework).pk == newer.pk


def test_it_documents_the_conflict_answer(client: Any) -> None:
    schema = client.get("/api/openapi.json").json()
    conflict = schema["components"]["schemas"]["ConflictOut"]
    assert set(conflict["properties"]) == {"detail", "errors", "current", "changed_by", "changed_at"}
    put = next(p for url, p in schema["paths"].items() if url.endswith("/judgements/{criterion}"))["put"]
    refs = {
        option["$ref"] for option in put["responses"]["409"]["content"]["application/json"]["schema"]["anyOf"]
    }
    assert "#/components/schemas/ConflictOut" in refs
    assert "version" in schema["components"]["schemas"]["JudgementIn"]["properties"]


def test_it_gives_refused_personas_no_conflict(world: SimpleNamespace, call: Any) -> None:
    services.record_judgement(world.make_persona("lead"), world.api_draft, "NP-F02", "partly", comment="Q7")

    for persona in ("force_a", "force_b", "analyst", "moderator", "public"):
        response = call(
            persona, "put", "record_judgement", {"value": "na", "version": 0}, **_judgement_url(world)
        )
        assert response.status_code in (401, 403, 404), persona
        assert b"Q7" not in response.content and b"current" not in response.content, persona
