"""Reading pages the way a user does: by landmark, test id and link, not by raw text."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.web.dom import Node, parse

# What htmx sends with every request it makes.
HTMX = {"HTTP_HX_REQUEST": "true"}


def page(client: Client, url: str, status: int = 200, **extra: Any) -> Node:
    response = client.get(url, **extra)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return parse(response.content)


def by_testid(document: Node, name: str) -> Node:
    return document.find(data_testid=name)


def parsed(response: Any) -> Node:
    return parse(response.content)
