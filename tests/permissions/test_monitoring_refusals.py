"""Refused personas see no monitoring working (limits, flags, strengths, charts) in any answer of the
monitoring routes, error answers included."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from .matrix_monitoring import ROUTES, WORKING
from .test_matrix import world  # noqa: F401  (the matrix's world fixture)


def test_it_shows_refused_personas_no_monitoring_working(world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    leaks = []
    for route in ROUTES:
        url = reverse(route.name, kwargs=route.kwargs(world)) + route.query
        for persona, status in route.expect.items():
            if status not in (302, 403, 404):
                continue
            client = Client()
            user = world.make_persona(persona)
            if user is not None:
                client.force_login(user)
            data = route.data(world) if route.data else None
            extra = {"content_type": route.content_type} if route.content_type else {}
            send = getattr(client, route.method)
            response = send(url, data=data, **extra) if data else send(url, **extra)
            body = response.content.decode()
            leaks += [f"{route.id} as {persona}: {word!r}" for word in WORKING if word in body]
    assert not leaks, "\n".join(leaks)
