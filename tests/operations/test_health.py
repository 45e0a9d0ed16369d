"""`/healthz` over HTTP: its documented shape, 503 when a check fails, and nothing internal shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_it_reports_every_check_when_healthy(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "media": "ok", "worker": "not configured"},
    }
    # A cached "healthy" would hide an outage from the load balancer.
    assert "no-store" in response["Cache-Control"]


def test_it_answers_503_without_saying_where_when_the_media_folder_is_unusable(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = blocker / "media"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "media": "failing", "worker": "not configured"},
    }
    assert str(tmp_path) not in response.content.decode()


def test_it_answers_503_when_the_database_does_not_answer(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise connection.OperationalError("connection refused to secret-db-host.internal")

    # The view's own query fails as an unreachable database would; Django's session and auth
    # machinery is not asked, since the public request has no session.
    monkeypatch.setattr("inspectorate.operations.health.connection.cursor", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failing"
    assert "secret-db-host" not in response.content.decode()


def test_it_refuses_anything_but_a_read(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


def test_it_answers_a_load_balancer_over_plain_http_when_pages_redirect_to_https(
    client: Client, settings: Any
) -> None:
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
