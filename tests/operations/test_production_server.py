"""`inspectorate serve --production`: gunicorn serving pages, hashed long-cached static files and
`/healthz`, started as the README says in a process of its own; and its refusals."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.environment import CONSOLE_SCRIPT, ROOT, clean_environment
from tests.test_readme_commands import free_port

_STATIC_CSS = re.compile(r'href="(/static/[^"]+\.css)"')


def server_environment(var: Path, **values: str) -> dict[str, str]:
    production = {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(45),
        "INSPECTORATE_VAR_DIR": str(var),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP here; behind a TLS proxy the redirect stays on.
        "SECURE_SSL_REDIRECT": "false",
    }
    return clean_environment(**{**production, **values})


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    var = tmp_path_factory.mktemp("production")
    environment = server_environment(var)
    migrated = subprocess.run(
        [CONSOLE_SCRIPT, "migrate", "-v", "0"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        [CONSOLE_SCRIPT, "serve", "--production", address, "--workers", "2"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # Collecting and compressing the static files comes first, which takes a while on a busy machine.
    deadline = time.monotonic() + 240
    while True:
        try:
            fetch(f"http://{address}/healthz")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the production server did not answer: {server.communicate()[0]}")
            time.sleep(0.5)
    yield f"http://{address}"
    server.terminate()
    output = server.communicate(timeout=60)[0]
    assert "Starting gunicorn" in output, output


def test_it_serves_pages_through_gunicorn(production_server: str) -> None:
    status, headers, body = fetch(f"{production_server}/")

    assert status == 200
    assert headers["Server"] == "gunicorn"
    assert "Inspectorate" in body.decode()


def test_it_serves_static_files_hashed_compressed_and_cached_for_a_year(production_server: str) -> None:
    page = fetch(f"{production_server}/")[2].decode()
    stylesheet = _STATIC_CSS.search(page)
    assert stylesheet, "the page links no stylesheet"
    url = stylesheet.group(1)
    # The content hash in the name is what makes a year's caching safe.
    assert re.search(r"\.[0-9a-f]{12}\.css$", url), url

    status, headers, body = fetch(f"{production_server}{url}", **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert "max-age=315360000" in headers["Cache-Control"]
    assert "public" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    assert headers.get("Content-Encoding") == "gzip"
    assert body[:2] == b"\x1f\x8b"


def test_it_reports_its_health(production_server: str) -> None:
    status, _, body = fetch(f"{production_server}/healthz")

    # `serve --production` starts no worker and no job waits: healthy, the worker not seen
    # (tests/publication/test_publish_worker.py shows "failing" once a job waits without one).
    assert status == 200
    assert json.loads(body) == {
        "status": "ok",
        "checks": {"database": "ok", "media": "ok", "worker": "not seen"},
    }


def run_production(environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CONSOLE_SCRIPT, "serve", "--production", f"127.0.0.1:{free_port()}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_serve_with_debug_on(tmp_path: Path) -> None:
    result = run_production(server_environment(tmp_path, DEBUG="true"))

    assert result.returncode != 0
    assert "Refusing to serve in production. DEBUG is on" in result.stderr
    assert "Traceback" not in result.stderr


def test_it_refuses_to_serve_without_a_secret_key(tmp_path: Path) -> None:
    environment = server_environment(tmp_path)
    del environment["SECRET_KEY"]

    result = run_production(environment)

    assert result.returncode != 0
    assert "Refusing to serve in production: SECRET_KEY must be set when DEBUG is off." in result.stderr
    assert "Traceback" not in result.stderr


def test_it_refuses_the_development_key(tmp_path: Path) -> None:
    environment = server_environment(tmp_path, INSPECTORATE_ALLOW_DEV_SECRET="true")
    del environment["SECRET_KEY"]

    result = run_production(environment)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
