"""Two people saving the same judgement at the same moment, really in parallel: two processes, each
with its own database connection, both starting from the same version and released together. Exactly
one save wins, the other is refused with a Conflict naming the winner, and no update is lost: on
SQLite (a database file in WAL mode with IMMEDIATE transactions, as deployed) and on PostgreSQL
(SELECT ... FOR UPDATE), whichever the suite runs on."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from inspectorate.inspections import services

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 2

# One person saving: sign in (as it were), say "ready", wait for the start, save from `expected`.
WORKER = """
import json, os, sys, time
import django
django.setup()
from inspectorate.accounts.models import User
from inspectorate.inspections import services
from inspectorate.inspections.models import Inspection
username, inspection_id, code, value, expected, go = sys.argv[1:]
actor = User.objects.get(username=username)
inspection = Inspection.objects.get(pk=int(inspection_id))
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.001)
try:
    saved = services.record_judgement(
        actor, inspection, code, value, comment=f"{username} {expected}", expected_version=int(expected)
    )
    print(json.dumps({"won": True, "version": saved.version}))
except services.Conflict as clash:
    print(json.dumps({"won": False, "changed_by": clash.changed_by, "current": clash.current}))
"""


class Database:
    """The test database as other processes reach it, and read back after they ran."""

    def __init__(self, tmp_path: Path) -> None:
        self.sqlite = connection.vendor == "sqlite"
        if self.sqlite:
            # The suite's SQLite database lives in memory, out of other processes' reach: they share a
            # copy in a file, as a deployment does.
            self.file = tmp_path / "race.sqlite3"
            connection.ensure_connection()
            copy = sqlite3.connect(self.file)
            connection.connection.backup(copy)
            copy.close()
            self.url = f"sqlite:///{self.file}"
        else:
            s = connection.settings_dict
            user, password = quote(s["USER"] or ""), quote(s["PASSWORD"] or "")
            self.url = (
                f"postgres://{user}:{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
            )

    def one(self, sql: str, *params: Any) -> tuple[Any, ...]:
        if self.sqlite:
            with sqlite3.connect(self.file) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchone()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()


def _race(
    database: Database, tmp_path: Path, jobs: list[tuple[str, str]], inspection: Any, code: str, expected: int
) -> list[dict[str, Any]]:
    go = tmp_path / f"go-{time.monotonic_ns()}"
    env = {**os.environ, "DATABASE_URL": database.url, "DJANGO_SETTINGS_MODULE": "inspectorate.settings_test"}
    env["INSPECTORATE_MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, username, str(inspection.pk), code, value, str(expected), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=settings.BASE_DIR,
        )
        for username, value in jobs
    ]
    for worker in workers:
        assert worker.stdout is not None
        line = worker.stdout.readline()
        assert line.strip() == "ready", worker.communicate()[1]
    go.touch()
    outcomes = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        outcomes.append(json.loads(out.strip().splitlines()[-1]))
    return outcomes


def test_it_loses_no_update_when_two_save_one_judgement_at_once(
    inspection_a: Any, team: dict[str, Any], tmp_path: Path
) -> None:
    first = services.record_judgement(team["inspector"], inspection_a, "CA-F02", "partly", comment="start")
    database = Database(tmp_path)
    names = [team["inspector"].username, team["lead"].username]
    for expected in range(1, ROUNDS + 1):
        events = database.one(
            "SELECT COUNT(*) FROM accounts_auditevent WHERE action = %s", "judgement.recorded"
        )[0]

        outcomes = _race(
            database, tmp_path, [(names[0], "na"), (names[1], "not_met")], inspection_a, "CA-F02", expected
        )

        winners = [name for name, got in zip(names, outcomes, strict=True) if got["won"]]
        losers = [got for got in outcomes if not got["won"]]
        assert len(winners) == 1 and len(losers) == 1, outcomes
        assert losers[0]["changed_by"] == winners[0]
        version, comment = database.one(
            "SELECT version, comment FROM inspections_criterionjudgement WHERE id = %s", first.pk
        )
        assert (version, comment) == (expected + 1, f"{winners[0]} {expected}")
        assert losers[0]["current"]["comment"] == comment and losers[0]["current"]["version"] == version
        after = database.one(
            "SELECT COUNT(*) FROM accounts_auditevent WHERE action = %s", "judgement.recorded"
        )[0]
        assert after == events + 1


def test_it_lets_only_one_of_two_first_judgements_in(
    inspection_a: Any, team: dict[str, Any], tmp_path: Path
) -> None:
    database = Database(tmp_path)
    jobs = [(team["inspector"].username, "partly"), (team["lead"].username, "not_met")]

    outcomes = _race(database, tmp_path, jobs, inspection_a, "CA-F03", 0)

    assert sorted(got["won"] for got in outcomes) == [False, True]
    count = database.one(
        "SELECT COUNT(*) FROM inspections_criterionjudgement j JOIN methodology_criterion c"
        " ON c.id = j.criterion_id WHERE j.inspection_id = %s AND c.code = %s",
        inspection_a.pk,
        "CA-F03",
    )[0]
    assert count == 1
