"""A NUL character (`%00`) in an address's path or query string is answered 400 with a reason, on
every route: PostgreSQL cannot compare text holding one, so a filter or lookup built from it would
otherwise fail there as a server error (SQLite would quietly match nothing)."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.forces.models import Force
from tests.permissions.world_inspections import build_drafting

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(pack_2007: Any, make_persona: Callable[[str], Any]) -> SimpleNamespace:
    found = SimpleNamespace(
        programme=pack_2007,
        make_persona=make_persona,
        force_a=Force.objects.get(code="west-midlands"),
        force_b=Force.objects.get(code="durham"),
    )
    build_drafting(found)
    return found


def test_it_refuses_a_nul_in_a_filter_of_the_evidence_register(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    url = reverse("inspections:evidence", args=[world.inspection.pk])
    client = client_for("inspector")
    assert client.get(url + "?framework=DV").status_code == 200

    response = client.get(url + "?framework=%00")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "query string contains a NUL character (%00)" in response.content.decode()
    assert response["X-Request-ID"]


def test_it_refuses_a_nul_in_the_apis_query_string_as_json(
    world: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    client = client_for("inspector")
    assert client.get("/api/inspections/?force=west-midlands").status_code == 200

    response = client.get("/api/inspections/?force=%00")

    assert response.status_code == 400
    assert "query string contains a NUL character" in response.json()["detail"]


def test_it_refuses_a_nul_in_a_parameters_name_and_among_other_parameters(forces: None) -> None:
    for query in ("?%00=west-midlands", "?programme=hmic-2007&force=west%00midlands"):
        response = Client().get("/api/inspections/" + query)

        assert response.status_code == 400, query


@pytest.mark.parametrize("path", ["/forces/west-midlands%00/", "/api/forces/%00", "/%00"])
def test_it_refuses_a_nul_in_the_path(forces: None, path: str) -> None:
    response = Client().get(path)

    assert response.status_code == 400
    assert "path contains a NUL character" in response.content.decode()


def test_it_lets_an_encoded_percent_sign_through(forces: None) -> None:
    # `%2500` is the text "%00", not a NUL: an ordinary (if odd) value.
    response = Client().get("/api/inspections/?force=%2500")

    assert response.status_code == 200
    assert response.json() == []
