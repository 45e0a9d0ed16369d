"""Every URL pattern and API operation, for every persona: allowed, denied, or scoped."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import world as world_module
from .routes import PERSONAS, Route


def _all_routes() -> list[Route]:
    routes: list[Route] = []
    package = importlib.import_module(__package__)
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("matrix_"):
            routes.extend(importlib.import_module(f"{__package__}.{info.name}").ROUTES)
    return routes


ROUTES = _all_routes()


def _named_patterns(resolver: URLResolver, namespace: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else f"{namespace}<unnamed {entry.pattern}>"


def test_it_has_an_entry_for_every_route() -> None:
    # The admin's own routes are covered by test_it_keeps_the_admin_to_administrators.
    patterns = {name for name in _named_patterns(get_resolver()) if not name.startswith("admin:")}
    listed = {route.name for route in ROUTES}
    assert sorted(patterns - listed) == [], "routes without a permission-matrix entry"
    assert sorted(listed - patterns) == [], "matrix entries for routes that do not exist"


def test_it_names_every_persona_in_every_entry() -> None:
    for route in ROUTES:
        assert set(route.expect) == set(PERSONAS), route.id


@pytest.fixture
def world(pack_2007, make_persona):  # type: ignore[no-untyped-def]
    return world_module.build(pack_2007, make_persona)


def _client(world, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = world.make_persona(persona)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_it_answers_each_persona_as_the_matrix_says(route: Route, world) -> None:  # type: ignore[no-untyped-def]
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    failures = []
    for persona in PERSONAS:
        client = _client(world, persona)
        data = route.data(world) if route.data else None
        response = (
            getattr(client, route.method)(url, data=data) if data else getattr(client, route.method)(url)
        )
        if response.status_code != route.expect[persona]:
            failures.append(f"{persona}: expected {route.expect[persona]}, got {response.status_code}")
    assert not failures, f"{route.method.upper()} {url}\n" + "\n".join(failures)


def test_it_keeps_the_admin_to_administrators(world) -> None:  # type: ignore[no-untyped-def]
    urls = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    for persona in PERSONAS:
        client = _client(world, persona)
        for url in urls:
            response = client.get(url)
            if persona == "admin":
                assert response.status_code == 200, (persona, url)
            else:
                # Everyone else is sent to the admin's sign-in page and sees nothing.
                assert response.status_code == 302, (persona, url)
                assert "/admin/login/" in response["Location"], (persona, url)
