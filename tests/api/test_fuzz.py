"""The API against its own OpenAPI document, fuzzed by schemathesis: whatever a client sends, as the
public and as a signed-in inspector, the API never fails with a server error, and every answer is one
the document lists for that operation, of the media type and the schema it gives.

Each operation is fuzzed three ways: with valid requests, with invalid ones, and with valid requests
whose path names real objects of the inspections API's world (tests/permissions/world_api_inspections.py),
so that the answers of found objects are checked as well as the refusals. Requests go to the Django
WSGI application; whatever one changes is rolled back before the next, so every request meets the
same world. The examples are few and derandomized, so the run is bounded and the same on every
machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from inspectorate.accounts.models import ApiToken
from inspectorate.wsgi import application

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 3

FUZZING = hypothesis_settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
)


class _Undo(Exception):
    pass


@pytest.fixture
def wsgi(settings: Any) -> Iterator[None]:
    """Requests straight to the WSGI application inside the test's transaction: as Django's test
    client does, the connection is not closed at the end of each request."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis's WSGI host
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _real_objects(world: SimpleNamespace) -> dict[str, Any]:
    """Path parameters naming objects of the world, by the names the operations give them."""
    return {
        "inspection_id": world.api_draft.pk,
        "reference": world.api_e001.reference,
        "code": "NP",
        "criterion": "NP-F03",
        "finding_id": world.api_finding.pk,
        "award_id": world.api_award.pk,
        "programme": world.programme.code,
        "force": world.force_a.code,
    }


def _fuzz(
    operation: Any, strategy: Any, headers: dict[str, str], failures: list[str], seen: list[int], who: str
) -> None:
    @given(case=strategy)
    @FUZZING
    def run(case: Any) -> None:
        # The document names bearer authentication, so generated requests carry made-up tokens: the
        # public sends none, the inspector its own.
        case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
        try:
            with transaction.atomic():
                response = case.call(headers=headers)
                raise _Undo
        except _Undo:
            pass
        seen.append(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (KeyboardInterrupt, SystemExit):
            raise
        # Schemathesis reports every failed check at once, in a group that is not an Exception.
        except BaseException as failure:
            failures.append(f"{operation.label} ({who}): {failure}")
            raise

    try:
        run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        pass  # recorded in `failures`, so every operation is fuzzed before the test fails


def fuzz(
    schema: Any, persona: str, headers: dict[str, str], real: dict[str, Any]
) -> tuple[list[str], list[int]]:
    """Every operation of the document, fuzzed as one caller (`headers`), also with the path naming
    the `real` objects: the failures found, and the status of every answer."""
    failures: list[str] = []
    seen: list[int] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        named = {p.name for p in operation.path_parameters}
        found = {name: value for name, value in real.items() if name in named}
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        if found:
            strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=found))
        for strategy in strategies:
            _fuzz(operation, strategy, headers, failures, seen, persona)
    return failures, seen


# One test for both callers: building the world is the slow part.
def test_it_answers_every_request_as_its_document_says(world: SimpleNamespace, wsgi: None) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    assert len(list(schema.get_all_operations())) > 40, "the document lists every operation"
    failures, seen = [], []
    _, raw = ApiToken.issue(world.make_persona("inspector"), "fuzzing")
    callers = {"public": {}, "inspector": {"Authorization": f"Bearer {raw}"}}
    for persona, headers in callers.items():
        found, statuses = fuzz(schema, persona, headers, _real_objects(world))
        failures += found
        seen += statuses
    assert not failures, "\n\n".join(failures)
    # The fuzzing reaches the world's objects, not only refusals.
    assert sum(1 for status in seen if 200 <= status < 300) > 100


def test_it_finds_an_answer_its_document_does_not_list(forces: None, wsgi: None) -> None:
    """The fuzzing can fail: with the 404 of one force left out of the document, it says so."""
    document = schemathesis.openapi.from_wsgi("/api/openapi.json", application).raw_schema
    del document["paths"]["/api/forces/{code}"]["get"]["responses"]["404"]
    document["paths"] = {"/api/forces/{code}": document["paths"]["/api/forces/{code}"]}
    schema = schemathesis.openapi.from_dict(document)
    schema.app = application

    failures, _ = fuzz(schema, "public", {}, {})

    assert failures and all("Undocumented status code" in failure for failure in failures)
    assert "Received: 404" in failures[0]
