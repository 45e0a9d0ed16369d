"""Two server instances, as on two machines behind a load balancer: two `inspectorate serve
--production` processes on different ports sharing one database and one media folder. A report the
lead inspector publishes through instance A (signed in there, over HTTP), rendered by a worker process
beside them, is served by instance B: its page, its PDF (the very bytes frozen into the shared media
folder) and the national summary.

On PostgreSQL both use the test database; on SQLite a file copy of it, which both servers open (one
machine's way of sharing, with the write-ahead log)."""

from __future__ import annotations

import hashlib
import http.cookiejar
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from inspectorate.accounts.models import User
from tests.environment import CONSOLE_SCRIPT, ROOT
from tests.operations.databases import rows, shared_test_database
from tests.operations.test_production_server import server_environment
from tests.publication.conftest import signed_off, with_practice  # noqa: F401 (fixtures)
from tests.test_readme_commands import free_port

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def start(environment: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    address = f"127.0.0.1:{free_port()}"
    process = subprocess.Popen(
        [CONSOLE_SCRIPT, "serve", "--production", address, "--workers", "1", "--no-collectstatic"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, f"http://{address}"


def wait_for(process: subprocess.Popen[str], url: str) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server at {url} did not answer: {process.communicate()[0]}")
            time.sleep(0.3)


@pytest.fixture
def two_instances(tmp_path: Path) -> Iterator[Callable[[], tuple[str, str, str, dict[str, str]]]]:
    """Starts the two instances over the world built so far: A's and B's addresses, the shared
    database's URL and the environment both run with."""
    servers: list[tuple[subprocess.Popen[str], str]] = []

    def launch() -> tuple[str, str, str, dict[str, str]]:
        database = shared_test_database(tmp_path / "shared")
        environment = server_environment(
            tmp_path / "var",
            DATABASE_URL=database,
            INSPECTORATE_MEDIA_ROOT=str(settings.MEDIA_ROOT),
            INSPECTORATE_STATIC_ROOT=str(tmp_path / "static"),
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
        )
        # Collected once for both, as a deployment's image would carry them.
        collected = subprocess.run(
            [CONSOLE_SCRIPT, "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
        )
        assert collected.returncode == 0, collected.stderr
        servers.extend([start(environment), start(environment)])
        for process, url in servers:
            wait_for(process, url)
        return servers[0][1], servers[1][1], database, environment

    try:
        yield launch
    finally:
        for process, _ in servers:
            process.terminate()
        for process, _ in servers:
            try:
                process.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def signed_in(url: str, username: str) -> tuple[urllib.request.OpenerDirector, dict[str, str]]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{url}/sign-in/", timeout=30) as page:
        token = _CSRF.search(page.read().decode())
    assert token, "the sign-in page has no CSRF token"
    form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
    with opener.open(f"{url}/sign-in/", urllib.parse.urlencode(form).encode(), timeout=30) as answer:
        assert "/sign-in/" not in answer.url, "the sign-in was refused"
    return opener, {cookie.name: cookie.value or "" for cookie in jar}


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_it_serves_through_one_instance_what_was_published_through_the_other(
    signed_off: Any,  # noqa: F811
    with_practice: Any,  # noqa: F811
    two_instances: Any,
) -> None:
    inspection = signed_off("west-midlands")
    with_practice(inspection)
    lead = inspection.lead
    # Signing in through the form, with DEBUG off: the second factor is not what is tested here, and
    # the servers know only the production password hashers, not the tests' fast one.
    password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt(), iterations=1000)
    User.objects.filter(pk=lead.pk).update(otp_exempt=True, password=password)
    a, b, database, environment = two_instances()

    before = get(f"{b}/published/hmic-2007/west-midlands/")
    assert before[0] == 404, "published before the test published it"

    lead_on_a, cookies = signed_in(a, lead.get_username())
    form = {"csrfmiddlewaretoken": cookies["csrftoken"], "note": "Published through instance A"}
    with lead_on_a.open(
        f"{a}/reports/publish/{inspection.pk}/", urllib.parse.urlencode(form).encode(), timeout=120
    ) as answer:
        assert answer.status == 200

    # Publication is queued (docs/jobs.md): a worker with the same environment, as on a third machine,
    # takes the job, renders and freezes the report into the shared media folder, and exits.
    worker = subprocess.run(
        [CONSOLE_SCRIPT, "worker", "--batch", "--no-startup-delay", "--no-reload"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr

    status, _, page = get(f"{b}/published/hmic-2007/west-midlands/")
    assert status == 200
    assert "West Midlands Police" in page.decode()

    status, headers, pdf = get(f"{b}/published/hmic-2007/west-midlands/v1.pdf")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")
    # The bytes A froze, as recorded when it published them.
    recorded = rows(database, "SELECT pdf_sha256 FROM reports_publishedreport")
    assert [(hashlib.sha256(pdf).hexdigest(),)] == recorded

    status, _, summary = get(f"{b}/published/hmic-2007/")
    assert status == 200
    assert "West Midlands Police" in summary.decode()
