"""Load: the production server (gunicorn, several workers) on SQLite and on PostgreSQL, beside the
development server on the same data in the same run.

For each database this loads the demo data (scripts/demo-data) into a folder of its own, adds a
load inspection in fieldwork with ten inspector accounts on its team, and then drives each server
with locust (as a library, headless) through two mixes:

- public: USERS anonymous clients (50 by default) for DURATION seconds over the published reports
  (page, versions, PDF), the national summary, the open data and the API's reads, each client
  pausing 0.5-1.5 s between requests as a reader does;
- staff: STAFF inspectors (10), signed in through the sign-in page, recording judgements (API PUT,
  with the session's CSRF token) and adding findings (API POST) on that one inspection as fast as
  they are answered. Afterwards every write the server accepted is looked up in the database: each
  judgement in the audit trail with its comment, each criterion's stored judgement the one its
  latest audit event records, each finding present with its text. One missing is a lost update.

The table gives requests, p50, p95 and p99 (milliseconds) and errors for each mix, database and
server, beside the goals: public p95 <= 250 ms and no error; staff no error and no lost update.
The load generator runs on the same machine as the servers, so the figures are upper bounds.

PostgreSQL: DATABASE_URL names a server whose role may create databases (a database per run is
made and dropped), or, without it, a throwaway cluster is started with initdb and pg_ctl in a
temporary folder, as .ci/run does.

Run: uv run --frozen python bench/load.py [--users 50] [--staff 10] [--duration 60] [--workers 4]
"""

from __future__ import annotations

# locust runs on gevent, which must patch the standard library before anything else imports it.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import secrets  # noqa: E402
import shutil  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager, nullcontext  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CONSOLE_SCRIPT = Path(sys.executable).parent / "inspectorate"
PUBLIC_P95_GOAL_MS = 250.0
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


# --- the mixes ------------------------------------------------------------------------------------


class PublicReader(HttpUser):
    wait_time = between(0.5, 1.5)
    paths: list[str] = []

    @task(4)
    def report(self) -> None:
        path = random.choice(self.paths)
        self.client.get(path, name="/published/<programme>/<force>/[versions/]")

    @task(2)
    def national_summary(self) -> None:
        self.client.get("/published/hmic-2007/", name="/published/<programme>/")

    @task(1)
    def index(self) -> None:
        self.client.get("/published/")

    @task(1)
    def open_data(self) -> None:
        path = random.choice(["/published/open-data/grades.csv", "/published/open-data/grades.json"])
        self.client.get(path, name="/published/open-data/grades.*")

    @task(2)
    def api(self) -> None:
        path = random.choice(
            [
                "/api/reports/",
                "/api/forces/",
                "/api/programmes/",
                "/api/programmes/hmic-2007",
                "/api/forces/durham",
            ]
        )
        self.client.get(path, name="/api/<reads>")


class Writes:
    """The writes the server accepted, for the lost-update check."""

    def __init__(self) -> None:
        self.judgements: list[str] = []
        self.findings: list[str] = []
        self.sign_in_failures: list[str] = []


class Inspector(HttpUser):
    wait_time = constant(0)
    site: Site
    writes: Writes
    tag = ""
    numbers: Iterator[int] = itertools.count(1)
    usernames: Iterator[int] = itertools.count(1)

    def on_start(self) -> None:
        self.username = f"{STAFF_PREFIX}{next(self.usernames)}"
        self.client.get("/sign-in/", name="/sign-in/")
        token = self.client.cookies.get("csrftoken", "")
        answer = self.client.post(
            "/sign-in/",
            data={"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/sign-in/"},
            name="/sign-in/",
            allow_redirects=False,
        )
        if answer.status_code != 302 or "sessionid" not in self.client.cookies:
            self.writes.sign_in_failures.append(f"{self.username}: {answer.status_code}")
        self.csrf = self.client.cookies.get("csrftoken", "")

    def _headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.csrf, "Referer": f"{self.host}/"}

    @task(3)
    def judge(self) -> None:
        criterion = random.choice(self.site.criteria)
        comment = f"{self.tag} {self.username} write {next(self.numbers)}"
        path = (
            f"/api/inspections/{self.site.inspection}/frameworks/{self.site.framework}/judgements/{criterion}"
        )
        with self.client.put(
            path,
            json={"value": random.choice(["partly", "not_met", "na"]), "comment": comment},
            headers=self._headers(),
            name="PUT judgement",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200:
                self.writes.judgements.append(comment)
                answer.success()
            else:
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")

    @task(1)
    def find(self) -> None:
        text = f"{self.tag} {self.username} finding {next(self.numbers)}."
        with self.client.post(
            f"/api/inspections/{self.site.inspection}/findings",
            json={"kind": "strength", "text": text, "framework": self.site.framework},
            headers=self._headers(),
            name="POST finding",
            catch_response=True,
        ) as answer:
            if answer.status_code == 201:
                self.writes.findings.append(text)
                answer.success()
            else:
                answer.failure(f"{answer.status_code}: {answer.text[:200]}")


@dataclass
class Result:
    mix: str
    database: str
    server: str
    requests: int
    p50: float
    p95: float
    p99: float
    errors: int
    verdict: str
    failures: list[str] = field(default_factory=list)


def drive(user_class: type[HttpUser], url: str, users: int, duration: float) -> Environment:
    environment = Environment(user_classes=[user_class], host=url)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.spawn_later(duration, runner.quit)
    runner.greenlet.join()
    return environment


def figures(environment: Environment) -> tuple[int, float, float, float, int, list[str]]:
    total = environment.stats.total
    failures = [
        f"{e.method} {e.name}: {e.error} (x{e.occurrences})" for e in environment.stats.errors.values()
    ]
    return (
        total.num_requests,
        total.get_response_time_percentile(0.5) or 0.0,
        total.get_response_time_percentile(0.95) or 0.0,
        total.get_response_time_percentile(0.99) or 0.0,
        total.num_failures,
        failures,
    )


def public_mix(site: Site, server_name: str, url: str, users: int, duration: float) -> Result:
    PublicReader.paths = site.report_paths
    requests, p50, p95, p99, errors, failures = figures(drive(PublicReader, url, users, duration))
    met = p95 <= PUBLIC_P95_GOAL_MS and errors == 0
    verdict = "goal met" if met else "goal NOT met"
    return Result("public", site.database, server_name, requests, p50, p95, p99, errors, verdict, failures)


def staff_mix(site: Site, server_name: str, url: str, users: int, duration: float, folder: Path) -> Result:
    writes = Writes()
    Inspector.site, Inspector.writes = site, writes
    Inspector.tag = f"[{server_name}]"
    Inspector.usernames = itertools.cycle(range(1, users + 1))
    requests, p50, p95, p99, errors, failures = figures(drive(Inspector, url, users, duration))
    record = folder / f"writes-{site.database}-{server_name}.json"
    record.write_text(
        json.dumps(
            {"inspection": site.inspection, "judgements": writes.judgements, "findings": writes.findings}
        )
    )
    checked = shell(
        VERIFY.replace("WRITES", repr(str(record))), site.environment, "VERIFY", "the lost-update check"
    )
    lost = checked["lost"]
    failures += writes.sign_in_failures + lost[:5]
    met = errors == 0 and not lost and not writes.sign_in_failures
    verdict = f"{checked['checked']} writes, {len(lost)} lost; " + ("goal met" if met else "goal NOT met")
    return Result("staff", site.database, server_name, requests, p50, p95, p99, errors, verdict, failures)


def table(results: list[Result], arguments: argparse.Namespace) -> str:
    header = (
        "mix",
        "database",
        "server",
        "requests",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "against the goal",
    )
    rows = [
        (r.mix, r.database, r.server, str(r.requests), f"{r.p50:.0f}", f"{r.p95:.0f}", f"{r.p99:.0f}",
         str(r.errors), r.verdict)
        for r in results
    ]  # fmt: skip
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    goals = (
        f"Goals: public p95 <= {PUBLIC_P95_GOAL_MS:.0f} ms and 0 errors; staff 0 errors and no lost update. "
        f"public: {arguments.users} clients, staff: {arguments.staff} inspectors, "
        f"{arguments.duration:.0f} s each; "
        f"production = gunicorn with {arguments.workers} workers, development = `inspectorate serve` "
        f"(runserver, threaded), same settings (DEBUG off). Client and servers share {os.cpu_count()} cores."
    )
    return "\n".join([*lines, "", goals])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="public clients (default 50)")
    parser.add_argument("--staff", type=int, default=10, help="inspectors writing at once (default 10)")
    parser.add_argument(
        "--duration", type=float, default=60, help="seconds for each mix and server (default 60)"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="which databases, comma-separated (default both)"
    )
    arguments = parser.parse_args()
    chosen = [d.strip() for d in arguments.databases.split(",") if d.strip()]
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="inspectorate-load.") as scratch:
        folder = Path(scratch)
        for database in chosen:
            if database == "sqlite":
                var = folder / "sqlite"
                site = Site("SQLite", environment_for(var, f"sqlite:///{var / 'inspectorate.sqlite3'}"))
                results += measure(site, arguments, folder)
            elif database == "postgresql":
                given = os.environ.get("DATABASE_URL", "")
                server_url = nullcontext(given) if given.startswith("postgres") else throwaway_postgresql()
                with server_url as url, database_for_run(url) as run_url:
                    site = Site("PostgreSQL", environment_for(folder / "postgresql", run_url))
                    results += measure(site, arguments, folder)
            else:
                raise SystemExit(f"unknown database {database!r}: choose sqlite or postgresql")
    print()
    print(table(results, arguments))
    failing = [r for r in results if r.failures]
    for r in failing:
        print(f"\n{r.mix} / {r.database} / {r.server}:")
        for failure in r.failures[:10]:
            print(f"  {failure}")


def measure(site: Site, arguments: argparse.Namespace, folder: Path) -> list[Result]:
    prepare(site, arguments.staff)
    results = []
    for server_name, production in (("production", True), ("development", False)):
        with server(site, production, arguments.workers) as url:
            if not site.report_paths:
                site.report_paths = published_paths(url)
            say(f"{site.database} / {server_name}: public mix")
            results.append(public_mix(site, server_name, url, arguments.users, arguments.duration))
            say(f"{site.database} / {server_name}: staff mix")
            results.append(staff_mix(site, server_name, url, arguments.staff, arguments.duration, folder))
    return results


if __name__ == "__main__":
    main()
