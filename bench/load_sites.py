"""The sites the load benchmark (bench/load.py) drives: a throwaway PostgreSQL or a new database, the
demo data with the load accounts and their inspection, and the production or development server on
it. Imported by bench/load.py after gevent has patched the standard library."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONSOLE_SCRIPT = Path(sys.executable).parent / "inspectorate"
PASSWORD = "load-test-" + secrets.token_urlsafe(12)
STAFF_PREFIX = "load-inspector-"

# Run inside `inspectorate shell`: ten inspectors (exempt from the second factor, like the demo
# accounts) and an inspection in fieldwork with them on its team, made through the services.
SETUP = """
import json
from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import Stage
from inspectorate.methodology.models import Programme
lead = User.objects.get(username="lead")
team = []
for n in range(1, STAFF + 1):
    user, _ = User.objects.update_or_create(
        username=f"PREFIX{n}",
        defaults={"role": Role.INSPECTOR, "is_active": True, "otp_exempt": True, "first_name": "Load",
                  "last_name": f"Inspector {n}"},
    )
    user.set_password(PASSWORD)
    user.save()
    team.append(user)
programme = Programme.objects.filter(code="hmic-2007").order_by("-version").first()
framework = programme.frameworks.order_by("position").first()
inspection = services.create_inspection(
    lead, force=Force.objects.get(code="durham"), programme=programme, frameworks=[framework.code],
    lead=lead, inspectors=team, title="Load test",
)
services.move(team[0], inspection, Stage.FIELDWORK)
criteria = list(framework.criteria.order_by("position").values_list("code", flat=True))
print("SETUP " + json.dumps({"inspection": inspection.pk, "framework": framework.code, "criteria": criteria}))
"""

# Run inside `inspectorate shell` after a staff mix: which accepted writes are not in the database.
VERIFY = """
import json
from inspectorate.accounts.models import AuditEvent
from inspectorate.inspections.models import CriterionJudgement, Finding
writes = json.loads(open(WRITES).read())
lost = []
judged = {}
latest = {}
for event in AuditEvent.objects.filter(action="judgement.recorded").order_by("id"):
    judged[(event.after or {}).get("comment")] = event
    latest[event.object_id] = event
for comment in writes["judgements"]:
    if comment not in judged:
        lost.append(f"judgement {comment}: no audit event")
for judgement in CriterionJudgement.objects.filter(inspection_id=writes["inspection"]):
    event = latest.get(str(judgement.pk))
    if event is not None and event.after.get("comment") != judgement.comment:
        lost.append(f"criterion {judgement.criterion.code}: holds {judgement.comment!r}, "
                    f"its latest audit event {event.after.get('comment')!r}")
texts = set(Finding.objects.filter(inspection_id=writes["inspection"]).values_list("text", flat=True))
for text in writes["findings"]:
    if text not in texts:
        lost.append(f"finding {text}: not in the database")
print("VERIFY " + json.dumps({"checked": len(writes["judgements"]) + len(writes["findings"]), "lost": lost}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def say(message: str) -> None:
    print(f"== {message}", flush=True)


def run(args: list[str | Path], environment: dict[str, str], what: str) -> str:
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{what} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def shell(code: str, environment: dict[str, str], marker: str, what: str) -> Any:
    output = run([CONSOLE_SCRIPT, "shell", "-c", code], environment, what)
    for line in output.splitlines():
        if line.startswith(marker + " "):
            return json.loads(line[len(marker) + 1 :])
    raise SystemExit(f"{what} printed no result:\n{output[-3000:]}")


# --- databases ------------------------------------------------------------------------------------


@contextmanager
def throwaway_postgresql() -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder, as .ci/run starts one; its URL, then it stops."""
    initdb = shutil.which("initdb") or max(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin/initdb")),
        key=lambda p: int(Path(p).parts[-3]),
        default="",
    )
    if not initdb:
        raise SystemExit("PostgreSQL is not installed (initdb not found); give DATABASE_URL instead")
    binaries = Path(initdb).parent
    work = Path(tempfile.mkdtemp(prefix="inspectorate-load-pg."))
    run_as: list[str] = []
    if os.getuid() == 0:  # PostgreSQL refuses to run as root
        account = "inspectorate-ci"
        if subprocess.run(["id", "-u", account], capture_output=True).returncode != 0:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", account],
                check=True,
            )
        shutil.chown(work, account)
        run_as = ["runuser", "-u", account, "--"]
    port = free_port()
    subprocess.run(
        [*run_as, binaries / "initdb", "-D", work / "data", "-U", "inspectorate", "--auth=trust",
         "-E", "UTF8", "--no-locale"],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [*run_as, binaries / "pg_ctl", "-D", work / "data", "-l", work / "server.log", "-w", "-o",
         f"-h 127.0.0.1 -p {port} -k {work} -c autovacuum=off", "start"],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgres://inspectorate@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*run_as, binaries / "pg_ctl", "-D", work / "data", "-m", "fast", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


def _psql_database(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def database_for_run(url: str) -> Iterator[str]:
    """A fresh database beside the one `url` names, dropped afterwards."""
    parts = urllib.parse.urlsplit(url)
    name = f"inspectorate_load_{secrets.token_hex(4)}"
    _psql_database(url, f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        _psql_database(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- servers --------------------------------------------------------------------------------------


@dataclass
class Site:
    database: str  # "SQLite" or "PostgreSQL"
    environment: dict[str, str]
    inspection: int = 0
    framework: str = ""
    criteria: list[str] = field(default_factory=list)
    report_paths: list[str] = field(default_factory=list)


def environment_for(var: Path, database_url: str) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("INSPECTORATE_", "DJANGO_")) and k != "DATABASE_URL"
    }
    environment.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "INSPECTORATE_VAR_DIR": str(var),
            "INSPECTORATE_MEDIA_ROOT": str(var / "media"),
            "INSPECTORATE_DEMO_PASSWORD": PASSWORD,
            # Plain HTTP on the loopback: no redirect to HTTPS, cookies sent without TLS.
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    return environment


def prepare(site: Site, staff: int) -> None:
    say(f"{site.database}: demo data (scripts/demo-data)")
    started = time.monotonic()
    # The demo accounts are made only with DEBUG on, as on a laptop; the servers then run with it off.
    run([ROOT / "scripts" / "demo-data"], {**site.environment, "DEBUG": "true"}, "scripts/demo-data")
    setup = (
        SETUP.replace("STAFF", str(staff)).replace("PREFIX", STAFF_PREFIX).replace("PASSWORD", repr(PASSWORD))
    )
    made = shell(setup, site.environment, "SETUP", "the load inspection")
    site.inspection, site.framework, site.criteria = made["inspection"], made["framework"], made["criteria"]
    say(f"{site.database}: loaded in {time.monotonic() - started:.0f} s")


@contextmanager
def server(site: Site, production: bool, workers: int) -> Iterator[str]:
    address = f"127.0.0.1:{free_port()}"
    if production:
        command = [CONSOLE_SCRIPT, "serve", "--production", address, "--workers", str(workers)]
    else:
        command = [CONSOLE_SCRIPT, "serve", address, "--noreload"]
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed when the server stops)
    process = subprocess.Popen(command, cwd=ROOT, env=site.environment, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{address}"
    deadline = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=10) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            raise SystemExit(f"the server did not start:\n{log.read()[-3000:]}")
        time.sleep(0.5)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def published_paths(url: str) -> list[str]:
    """Every published report's latest page, versions page, version page and PDF, from the API's list."""
    with urllib.request.urlopen(f"{url}/api/reports/", timeout=30) as answer:
        reports = json.loads(answer.read())
    if not reports:
        raise SystemExit("no published report is served: the public mix has nothing to read")
    found = []
    for report in reports:
        base, version = report["url"], report["latest_version"]
        found += [base, f"{base}versions/", f"{base}v{version}/", f"{base}v{version}.pdf"]
    return found
