"""More than one machine, simulated: a web server process and a separate worker process share one
database (a file on SQLite; the CI's PostgreSQL when DATABASE_URL names it) and one media folder. The
lead publishes through the server over HTTP; the report is rendered and frozen by the other process,
and the server then shows the finished job and serves the published report."""

from __future__ import annotations

import http.cookiejar
import re
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.environment import CONSOLE_SCRIPT, ROOT, clean_environment, database_url_for_another_process
from tests.test_readme_commands import free_port

PASSWORD = "a-long-test-password"  # every persona's (tests/conftest.py)


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[int, str, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, str]:
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            return response.status, response.geturl(), response.read().decode()


@pytest.fixture
def server(tmp_path: Path) -> Any:
    def start(database_url: str) -> tuple[str, dict[str, str], subprocess.Popen[str]]:
        environment = clean_environment(
            DATABASE_URL=database_url,
            DEBUG="true",
            INSPECTORATE_VAR_DIR=str(tmp_path / "var"),
            INSPECTORATE_MEDIA_ROOT=str(tmp_path / "shared-media"),
            INSPECTORATE_TASK_BACKEND="database",
        )
        address = f"127.0.0.1:{free_port()}"
        log = (tmp_path / "server.log").open("w")
        process = subprocess.Popen(
            [CONSOLE_SCRIPT, "serve", address, "--noreload", "--no-worker"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        started.append(process)
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"http://{address}/healthz", timeout=5)
                break
            except urllib.error.HTTPError:
                break  # it answers (503 is an answer)
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"the server did not answer: {(tmp_path / 'server.log').read_text()}")
                time.sleep(0.3)
        return f"http://{address}", environment, process

    started: list[subprocess.Popen[str]] = []
    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_publication_queued_on_one_instance_on_a_worker_of_another(
    signed_off: Any, with_practice: Any, lead: Any, tmp_path: Path, server: Any, settings: Any
) -> None:
    inspection = signed_off()
    with_practice(inspection, 3)
    # The test settings' quick hasher is unknown to a server with the real settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    lead.set_password(PASSWORD)
    lead.save(update_fields=["password"])
    base, environment, web = server(database_url_for_another_process(tmp_path))
    browser = Browser(base)
    browser.get("/sign-in/")
    status, _, _ = browser.post("/sign-in/", {"username": lead.username, "password": PASSWORD})
    assert status == 200

    status, job_url, page = browser.post(f"/reports/publish/{inspection.pk}/", {"note": "Signed off"})

    job_path = urllib.parse.urlparse(job_url).path
    assert status == 200 and re.fullmatch(r"/jobs/\d+/", job_path), job_url
    assert "Queued" in page and 'hx-trigger="every 2s"' in page
    health = browser.get("/healthz")
    assert health[0] == 503 and '"worker": "failing"' in health[2]

    worker = subprocess.Popen(
        [CONSOLE_SCRIPT, "worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = worker.communicate(timeout=300)[0]
    assert worker.returncode == 0, output

    _, _, page = browser.get(job_path)
    assert "Succeeded" in page and "1 of 1" in page and "hx-trigger" not in page, page
    ran_on = re.search(r'data-testid="job-worker">([^<]+)<', page)
    assert ran_on and ran_on.group(1).endswith(f":{worker.pid}") and worker.pid != web.pid
    latest = "/published/hmic-2007/west-midlands/"
    assert f'href="{latest}"' in page
    status, _, report = browser.get(latest)
    assert status == 200 and "West Midlands" in report
    # Served from the shared media folder the worker wrote to.
    assert list((tmp_path / "shared-media").rglob("report.pdf"))
