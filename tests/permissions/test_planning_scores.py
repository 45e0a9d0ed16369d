"""No score or factor value reaches an inspector, a moderator, a force user or the public: not on the
planning pages and API, not in refusals, not on the force page or the next inspection's page where
planning adds its panels (METHODOLOGY §10: scores are not shown to inspection teams)."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from . import world as world_module
from .matrix_planning import ROUTES
from .routes import PERSONAS
from .test_matrix import _Undo

HIDDEN_FROM = ("inspector", "moderator", "force_a", "force_b", "public")
WORDS = ("risk score", "contribution", "Last published grade", "Capacity and capability", "inspector-days")


@pytest.fixture
def world(pack_2007, make_persona):  # type: ignore[no-untyped-def]
    built = world_module.build(pack_2007, make_persona)
    for persona in PERSONAS:
        make_persona(persona)
    yield built
    for cleanup in reversed(built.cleanups):
        cleanup()


def _secrets(world) -> set[str]:  # type: ignore[no-untyped-def]
    """Every score and non-zero factor value of the plan, as the pages and the API print them."""
    found = set()
    for score in world.planning_result["scores"].values():
        if score["force"] != "west-midlands":
            continue
        found |= {f"{score['score']:.3f}", json.dumps(score["score"])}
        for factor in score["factors"]:
            if factor["contribution"]:
                found |= {f"{factor['contribution']:.3f}", json.dumps(factor["contribution"])}
    return {s for s in found if s not in ("0.000", "0", "0.0", "1.000", "1.0", "1")}


def _pages(world):  # type: ignore[no-untyped-def]
    for route in ROUTES:
        yield route.method, reverse(route.name, kwargs=route.kwargs(world)) + route.query, route
    yield "get", reverse("forces:detail", kwargs={"code": "west-midlands"}), None
    yield "get", reverse("inspections:detail", kwargs={"pk": world.planning_next.pk}), None


def _content(world, persona: str, method: str, url: str, route) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    user = world.make_persona(persona)
    if user is not None:
        client.force_login(user)
    body = ""
    extra = {"content_type": route.content_type} if route is not None and route.content_type else {}
    data = route.data(world) if route is not None and route.data else None
    try:
        from django.db import transaction

        with transaction.atomic():
            response = (
                getattr(client, method)(url, data=data, **extra)
                if data
                else getattr(client, method)(url, **extra)
            )
            body = response.content.decode()
            raise _Undo
    except _Undo:
        pass
    return body


def test_it_shows_no_score_or_factor_value_to_anyone_outside_the_planners(world) -> None:  # type: ignore[no-untyped-def]
    secrets = _secrets(world)
    assert secrets, "the world should have non-trivial scores"
    leaks = []
    for method, url, route in _pages(world):
        for persona in HIDDEN_FROM:
            body = _content(world, persona, method, url, route)
            leaks += [
                f"{method.upper()} {url} as {persona}: {s!r}" for s in secrets | set(WORDS) if s in body
            ]
    assert not leaks, "\n".join(leaks)


def test_it_shows_the_scores_to_a_lead_inspector(world) -> None:  # type: ignore[no-untyped-def]
    """The check above can fail: the same strings are on the planners' pages."""
    secrets = _secrets(world)
    url = reverse("planning:register") + "?as_of=2008-04-01&cell=west-midlands|CA"
    body = _content(world, "lead", "get", url, None)
    assert "contribution" in body.lower()
    plan = _content(world, "analyst", "get", reverse("planning:plan", kwargs={"code": "matrix-plan"}), None)
    assert any(s in plan for s in secrets)
