"""Every URL pattern and API operation, for every persona: allowed, denied, or scoped."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import world as world_module
from .routes import PERSONAS, Route


def _modules() -> dict[str, list[Route]]:
    found: dict[str, list[Route]] = {}
    package = importlib.import_module(__package__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("matrix_"):
            found[info.name] = importlib.import_module(f"{__package__}.{info.name}").ROUTES
    return found


MODULES = _modules()
ROUTES = [route for routes in MODULES.values() for route in routes]


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
    built = world_module.build(pack_2007, make_persona)
    for persona in PERSONAS:
        make_persona(persona)  # made before any request, so no request's rollback can undo them
    yield built
    for cleanup in reversed(built.cleanups):
        cleanup()


def _client(world, persona: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    user = world.make_persona(persona)
    if user is not None:
        client.force_login(user)
    return client


class _Undo(Exception):
    pass


def _answer(route: Route, world, persona: str) -> int:  # type: ignore[no-untyped-def]
    """One persona's answer, with whatever the request changed rolled back, so every persona meets the
    same state (a deletion by one persona does not turn into a 404 for the next)."""
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    client = _client(world, persona)
    data = route.data(world) if route.data else None
    extra = {"content_type": route.content_type} if route.content_type else {}
    send = getattr(client, route.method)
    status = 0
    try:
        with transaction.atomic():
            response = send(url, data=data, **extra) if data else send(url, **extra)
            status = response.status_code
            raise _Undo
    except _Undo:
        pass
    return status


# One world per matrix module: building it is the slow part, and every request is rolled back.
@pytest.mark.parametrize("module", sorted(MODULES))
def test_it_answers_each_persona_as_the_matrix_says(module: str, world) -> None:  # type: ignore[no-untyped-def]
    failures = []
    for route in MODULES[module]:
        for persona in PERSONAS:
            status = _answer(route, world, persona)
            if status != route.expect[persona]:
                failures.append(
                    f"{route.method.upper()} {route.id} as {persona}: expected {route.expect[persona]}, "
                    f"got {status}"
                )
    assert not failures, "\n".join(failures)


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
