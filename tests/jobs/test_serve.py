"""`inspectorate serve` (what `make run` runs) starts a job worker beside the development server, so
the quick start stays one command: /healthz sees the worker, and the worker stops with the server,
whether the server is stopped or killed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.environment import CONSOLE_SCRIPT, ROOT, clean_environment
from tests.test_readme_commands import free_port


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("serve")
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}", DEBUG="true", INSPECTORATE_VAR_DIR=str(var)
    )
    migrated = subprocess.run(
        [CONSOLE_SCRIPT, "migrate", "-v", "0"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    return environment


def health(address: str) -> dict[str, str]:
    try:
        with urllib.request.urlopen(f"http://{address}/healthz", timeout=5) as response:
            return dict(json.loads(response.read())["checks"])
    except urllib.error.HTTPError as error:
        return dict(json.loads(error.read())["checks"])


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child that has exited but is not yet reaped by its parent is no longer running.
    status = Path(f"/proc/{pid}/status")
    return not (status.is_file() and "State:\tZ" in status.read_text())


def wait_for(condition, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.3)


@pytest.fixture
def served(environment: dict[str, str], tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, int]]:
    address = f"127.0.0.1:{free_port()}"
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [CONSOLE_SCRIPT, "serve", address, "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
    )

    def worker_pid() -> int | None:
        found = re.search(r"A job worker runs beside the server \(process (\d+)\)", log.read_text())
        return int(found.group(1)) if found else None

    wait_for(lambda: worker_pid() is not None or server.poll() is not None, 60, "the worker to start")
    pid = worker_pid()
    assert pid is not None, log.read_text()

    def worker_seen() -> bool:
        try:
            return health(address)["worker"] == "ok"
        except OSError:
            return False

    wait_for(worker_seen, 90, "/healthz to see the worker")
    yield server, address, pid
    if server.poll() is None:
        server.kill()
    server.wait(timeout=30)


def test_it_starts_a_worker_with_the_server_and_stops_it_with_the_server(
    served: tuple[subprocess.Popen[str], str, int],
) -> None:
    server, address, worker = served
    assert health(address) == {"database": "ok", "media": "ok", "worker": "ok"}

    server.terminate()
    server.wait(timeout=60)

    wait_for(lambda: not running(worker), 40, "the worker to stop with the server")


def test_it_stops_the_worker_when_the_server_is_killed(
    served: tuple[subprocess.Popen[str], str, int],
) -> None:
    server, _address, worker = served

    server.kill()
    server.wait(timeout=30)

    # The worker watches the server's process and stops within a heartbeat or two.
    wait_for(lambda: not running(worker), 40, "the worker to notice the server is gone")
