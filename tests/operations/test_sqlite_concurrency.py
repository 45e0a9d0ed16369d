"""SQLite, the embedded default, with two processes writing at once on one file database: with the
settings' write-ahead log, busy timeout and immediate transactions each waits its turn; with SQLite's
own deferred transactions the same work fails with "database is locked" (which shows the test can)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.environment import CONSOLE_SCRIPT, ROOT, clean_environment

# Each transaction reads, pauses, then writes: the pattern of a service that checks, then changes.
# Two deferred transactions that have both read cannot both upgrade to writing; SQLite refuses one at
# once, whatever the busy timeout.
WRITER = """
import sys, time
import django
from django.conf import settings
mode = sys.argv[1]
if mode != "settings":
    settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] = None
django.setup()
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print("journal", cursor.fetchone()[0])
name = sys.argv[2]
for i in range(25):
    with transaction.atomic():
        Session.objects.count()
        time.sleep(0.01)
        Session.objects.create(session_key=f"{name}-{i}", session_data="x", expire_date=timezone.now())
print("done", name)
"""


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        INSPECTORATE_ALLOW_DEV_SECRET="true",
        INSPECTORATE_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="inspectorate.settings",
    )
    migrated = subprocess.run(
        [CONSOLE_SCRIPT, "migrate", "-v", "0"], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert migrated.returncode == 0, migrated.stderr
    return environment


def two_writers(mode: str, environment: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, mode, name],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(writer.args, writer.returncode, out, err))
    return results


def sessions_written(environment: dict[str, str]) -> int:
    counted = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.contrib.sessions.models import "
            "Session; print(Session.objects.count())",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert counted.returncode == 0, counted.stderr
    return int(counted.stdout)


def test_it_lets_concurrent_writers_wait_their_turn(environment: dict[str, str]) -> None:
    results = two_writers("settings", environment)

    for result in results:
        assert result.returncode == 0, result.stderr
        assert "journal wal" in result.stdout
        assert "database is locked" not in result.stderr
    assert sessions_written(environment) == 50


def test_it_fails_the_same_work_with_deferred_transactions(environment: dict[str, str]) -> None:
    results = two_writers("deferred", environment)

    assert any("database is locked" in result.stderr for result in results), [r.stderr for r in results]
