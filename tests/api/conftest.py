"""The inspections API is exercised on the same objects as its permission matrix (see
tests/permissions/world_api_inspections.py and world_api_inspections_exchange.py), made through the
services."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.forces.models import Force
from tests.permissions import world_api_inspections, world_api_inspections_exchange


@pytest.fixture
def world(pack_2007: Any, make_persona: Callable[[str], Any]) -> SimpleNamespace:
    made = SimpleNamespace(
        programme=pack_2007,
        make_persona=make_persona,
        force_a=Force.objects.get(code="west-midlands"),
        force_b=Force.objects.get(code="durham"),
    )
    world_api_inspections.build(made)
    world_api_inspections_exchange.build(made)
    return made


Call = Callable[..., Any]


@pytest.fixture
def call(client_for: Callable[[str], Client]) -> Call:
    """`call(persona, method, url_name, body=None, query="", **url_kwargs)`: a JSON request to the API
    as one persona (signed in through the session, as the browser is)."""

    def send(persona: str, method: str, name: str, body: Any = None, query: str = "", **kwargs: Any) -> Any:
        client = client_for(persona)
        url = reverse(f"api-1:{name}", kwargs=kwargs) + query
        if body is None:
            return getattr(client, method)(url)
        return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")

    return send
