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
import tempfile  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import nullcontext  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

PUBLIC_P95_GOAL_MS = 250.0

from load_sites import (  # noqa: E402  (beside this script; imported after the patching above)
    PASSWORD,
    STAFF_PREFIX,
    VERIFY,
    Site,
    database_for_run,
    environment_for,
    prepare,
    published_paths,
    say,
    server,
    shell,
    throwaway_postgresql,
)

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
