"""Every URL pattern and API operation, for every persona: allowed, denied, or scoped."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from . import world as world_module
from .routes import PERSONAS, Route
from .working import body_text, leaks


def _modules() -> tuple[dict[str, list[Route]], dict[str, tuple[str, ...] | None]]:
    found: dict[str, list[Route]] = {}
    sees: dict[str, tuple[str, ...] | None] = {}
    package = importlib.import_module(__package__)
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("matrix_"):
            module = importlib.import_module(f"{__package__}.{info.name}")
            found[info.name] = module.ROUTES
            sees[info.name] = getattr(module, "SEES_WORKING", None)
    return found, sees


MODULES, SEES_WORKING = _modules()
ROUTES = [route for routes in MODULES.values() for route in routes]
WRITES = ("post", "put", "patch")


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


def _answer(route: Route, world, persona: str, empty: bool = False) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """One persona's answer (status and body as text), with whatever the request changed rolled back,
    so every persona meets the same state (a deletion by one persona does not turn into a 404 for the
    next). `empty` sends the request with its body left out: invalid input, so an error answer."""
    url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
    client = _client(world, persona)
    data = None if empty or not route.data else route.data(world)
    extra = {"content_type": route.content_type} if route.content_type else {}
    send = getattr(client, route.method)
    status, text = 0, ""
    try:
        with transaction.atomic():
            response = send(url, data=data, **extra) if data else send(url, **extra)
            status, text = response.status_code, body_text(response)
            raise _Undo
    except _Undo:
        pass
    return status, text


def _refused_working(module: str, route: Route) -> tuple[str, ...]:
    """The personas who may not see the working on this route (none when the module says nothing)."""
    sees = route.sees_working if route.sees_working is not None else SEES_WORKING[module]
    return () if sees is None else tuple(p for p in PERSONAS if p not in sees)


# One world per matrix module: building it is the slow part, and every request is rolled back.
@pytest.mark.parametrize("module", sorted(MODULES))
def test_it_answers_each_persona_as_the_matrix_says(module: str, world) -> None:  # type: ignore[no-untyped-def]
    failures = []
    for route in MODULES[module]:
        refused = _refused_working(module, route)
        for persona in PERSONAS:
            status, text = _answer(route, world, persona)
            if status != route.expect[persona]:
                failures.append(
                    f"{route.method.upper()} {route.id} as {persona}: expected {route.expect[persona]}, "
                    f"got {status}"
                )
            if persona in refused:
                failures += _leaks(route, persona, status, text)
                if route.method in WRITES and route.data is not None:
                    empty_status, empty_text = _answer(route, world, persona, empty=True)
                    failures += _leaks(route, persona, empty_status, empty_text, "with an empty body")
    assert not failures, "\n".join(failures)


def _leaks(route: Route, persona: str, status: int, text: str, how: str = "") -> list[str]:
    found = leaks(text)
    if not found:
        return []
    request = f"{route.method.upper()} {route.id}{' ' + how if how else ''}"
    return [f"{request} as {persona} ({status}) shows the team's working: {', '.join(found[:8])}"]


def test_it_finds_working_in_every_format(pack_2007, make_persona) -> None:  # type: ignore[no-untyped-def]
    """The content check reads pages, JSON, PDF and Word documents, or it could not fail on them: a
    draft whose finding names a criterion is found out in each format."""
    from django.http import HttpResponse

    from inspectorate.forces.models import Force
    from inspectorate.inspections.models import Finding, Inspection
    from inspectorate.reports.builder import build_report
    from inspectorate.reports.data import report_inputs
    from inspectorate.reports.render import MEDIA_TYPES, render

    lead = make_persona("lead")
    inspection = Inspection.objects.create(
        force=Force.objects.get(code="west-midlands"), programme=pack_2007, lead=lead, created_by=lead
    )
    inspection.frameworks.set(pack_2007.frameworks.filter(code="CA"))
    Finding.objects.create(
        inspection=inspection,
        framework=pack_2007.frameworks.get(code="CA"),
        kind="area_for_improvement",
        text="Referrals judged under CA-F03 wait too long.",
        created_by=lead,
    )
    report = build_report(**{**report_inputs(inspection), "draft": True})
    for fmt in ("html", "json", "pdf", "docx"):
        response = HttpResponse(render(report, fmt), content_type=MEDIA_TYPES[fmt])
        assert "CA-F03" in leaks(body_text(response)), fmt
