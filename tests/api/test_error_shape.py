"""Every refusal under /api/ has one shape, `{"detail": str, "errors": {field: message}}` (plus
`blockers` for a 409), whoever refuses it: the services, django-ninja's validation and
authentication, unknown paths and methods, and unreadable bodies; and the OpenAPI document says so
on every operation."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.api.errors import service_refusal
from inspectorate.inspections.services import Conflict

from .conftest import Call

pytestmark = pytest.mark.django_db


def _shape(response: Any) -> dict[str, Any]:
    body: dict[str, Any] = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["errors"], dict)
    assert response["Content-Type"].startswith("application/json")
    return body


def test_it_names_each_field_of_a_body_that_does_not_validate(world: SimpleNamespace, call: Call) -> None:
    kwargs = {"inspection_id": world.api_draft.pk, "code": "NP", "criterion": "NP-F03"}

    response = call("inspector", "put", "record_judgement", {"value": 3, "evidence": ["E001", 7]}, **kwargs)

    assert response.status_code == 422
    errors = _shape(response)["errors"]
    assert set(errors) == {"value", "evidence.1"}
    assert "string" in errors["value"]


def test_it_names_a_query_or_path_parameter(world: SimpleNamespace, call: Call) -> None:
    query = call(
        "inspector", "get", "list_evidence", query="?outside_period=perhaps", inspection_id=world.api_draft.pk
    )
    path = Client().get("/api/inspections/first/evidence")

    assert query.status_code == 422 and set(_shape(query)["errors"]) == {"outside_period"}
    assert path.status_code == 422 and set(_shape(path)["errors"]) == {"inspection_id"}


def test_it_names_the_fields_of_an_empty_body_and_a_body_not_json(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    url = reverse("api-1:create_finding", kwargs={"inspection_id": world.api_draft.pk})
    client = client_for("inspector")

    missing = client.post(url, data="{}", content_type="application/json")
    broken = client.post(url, data="{not json", content_type="application/json")

    assert missing.status_code == 422 and set(_shape(missing)["errors"]) == {"kind", "text"}
    assert broken.status_code == 400 and set(_shape(broken)["errors"]) == {"body"}


def test_it_answers_wrong_credentials_and_the_public_s_write_with_401(world: SimpleNamespace) -> None:
    url = reverse("api-1:create_finding", kwargs={"inspection_id": world.api_draft.pk})

    wrong = Client().get("/api/forces/", headers={"Authorization": "Bearer not-a-token"})
    anonymous = Client().post(url, data=json.dumps({}), content_type="application/json")

    assert wrong.status_code == 401 and _shape(wrong)["errors"] == {}
    assert anonymous.status_code == 401 and "Bearer" in _shape(anonymous)["detail"]


def test_it_answers_what_is_not_there_with_404(world: SimpleNamespace, call: Call) -> None:
    hidden = call("force_b", "get", "get_inspection", inspection_id=world.api_draft.pk)
    unknown = Client().get("/api/no-such-operation")
    nested = Client().get("/api/inspections/1/no/such/thing")

    for response in (hidden, unknown, nested):
        assert response.status_code == 404 and _shape(response)["errors"] == {}
    assert "no-such-operation" in unknown.json()["detail"]


def test_it_still_adds_the_slash_a_path_lacks() -> None:
    response = Client().get("/api/forces?region=x")

    assert response.status_code == 301 and response["Location"] == "/api/forces/?region=x"


def test_it_answers_a_method_the_path_does_not_take_with_405() -> None:
    response = Client().delete("/api/forces/")

    assert response.status_code == 405 and _shape(response)["errors"] == {}
    assert "GET" in response["Allow"]


def test_it_answers_a_refusal_a_blocker_and_a_nul_in_the_same_shape(
    world: SimpleNamespace, call: Call
) -> None:
    refused = call(
        "moderator",
        "post",
        "create_finding",
        {"kind": "strength", "text": "x", "framework": "NP"},
        inspection_id=world.api_draft.pk,
    )
    blocked = call("lead", "post", "move_stage", {"to_stage": "moderation"}, inspection_id=world.api_draft.pk)
    nul = Client().get("/api/forces/?region=%00")

    assert refused.status_code == 403 and _shape(refused)["errors"] == {}
    assert blocked.status_code == 409 and _shape(blocked)["blockers"]
    assert nul.status_code == 400 and set(_shape(nul)["errors"]) == {"query"}


def test_it_documents_the_shape_on_every_operation() -> None:
    document = Client().get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]

    assert set(schemas["ErrorOut"]["required"]) == {"detail", "errors"}
    assert set(schemas["BlockedOut"]["required"]) == {"detail", "errors", "blockers"}
    assert set(schemas["ConflictOut"]["required"]) == {
        "detail",
        "errors",
        "current",
        "changed_by",
        "changed_at",
    }
    assert '"errors"' in document["info"]["description"]
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            refusals = {
                code: answer for code, answer in operation["responses"].items() if code.startswith("4")
            }
            assert {"400", "401"} <= set(refusals), f"{method} {path}"
            if "{" in path:
                assert "404" in refusals, f"{method} {path}"
            for code, answer in refusals.items():
                schema = answer["content"]["application/json"]["schema"]
                refs = [option["$ref"] for option in schema.get("anyOf", [schema])]
                expected = ["BlockedOut", "ConflictOut"] if code == "409" else ["ErrorOut"]
                assert refs == [f"#/components/schemas/{name}" for name in expected], (
                    f"{method} {path} {code}"
                )


def test_it_answers_a_body_over_django_s_limit_with_413(
    world: SimpleNamespace, client_for: Callable[[str], Client], settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64
    url = reverse("api-1:create_finding", kwargs={"inspection_id": world.api_draft.pk})
    body = {"kind": "strength", "text": "Partners join tasking. " * 10, "framework": "NP"}

    response = client_for("inspector").post(url, data=json.dumps(body), content_type="application/json")

    assert response.status_code == 413 and set(_shape(response)["errors"]) == {"body"}


def test_it_answers_a_conflict_with_the_record_as_it_now_stands() -> None:
    at = datetime.datetime(2007, 6, 6, 10, 30, tzinfo=datetime.UTC)
    clash = Conflict("the judgement of NP-F03", {"value": "met", "version": 3}, "leonard.lead", at)

    answer = service_refusal(clash)

    assert answer is not None and answer.status_code == 409
    body = json.loads(answer.content)
    assert body["errors"] == {} and "changed by leonard.lead" in body["detail"]
    assert body["current"] == {"value": "met", "version": 3}
    assert (body["changed_by"], body["changed_at"]) == ("leonard.lead", "2007-06-06T10:30:00+00:00")
