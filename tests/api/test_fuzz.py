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
EXAMPLES = 5

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


def _fuzz(operation: Any, strategy: Any, headers: dict[str, str], failures: list[str]) -> None:
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
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Exception as failure:  # schemathesis reports every failed check at once
            failures.append(f"{operation.label}: {failure}")
            raise

    try:
        run()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        pass  # recorded in `failures`, so every operation is fuzzed before the test fails


@pytest.mark.parametrize("persona", ["public", "inspector"])
def test_it_answers_every_request_as_its_document_says(
    persona: str, world: SimpleNamespace, wsgi: None
) -> None:
    headers: dict[str, str] = {}
    if persona != "public":
        _, raw = ApiToken.issue(world.make_persona(persona), "fuzzing")
        headers = {"Authorization": f"Bearer {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    real = _real_objects(world)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        named = {p.name for p in operation.path_parameters}
        found = {name: value for name, value in real.items() if name in named}
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        if found:
            strategies.append(operation.as_strategy(GenerationMode.POSITIVE, path_parameters=found))
        for strategy in strategies:
            _fuzz(operation, strategy, headers, failures)
    assert operations > 40, "the document lists every operation"
    assert not failures, "\n\n".join(failures)
