"""`inspectorate backup` and `inspectorate restore` from the command line: a backup taken while
another thread writes restores into a fresh database and media folder, after which every published
file verifies and every evidence file has its recorded hash; a damaged or incomplete backup, and a
database that is not empty, are refused with what is wrong.

The world (a published report, evidence files) is built through the services in the test database,
then copied to a file database by SQLite's backup API, which the commands then use like a server's.
"""

from __future__ import annotations

import datetime
import hashlib
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import SourceType, Stage
from tests.environment import CONSOLE_SCRIPT, ROOT, clean_environment

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("quick_pdf"),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="builds its file database with SQLite's backup API"
    ),
]


def command(args: list[str | Path], database: Path, media: Path) -> subprocess.CompletedProcess[str]:
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{database}",
        INSPECTORATE_MEDIA_ROOT=str(media),
        INSPECTORATE_ALLOW_DEV_SECRET="true",
        INSPECTORATE_VAR_DIR=str(database.parent),
    )
    return subprocess.run(
        [CONSOLE_SCRIPT, *map(str, args)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def live(signed_off, with_practice, publish_now, lead, pack_2007, make_persona, tmp_path) -> Path:  # type: ignore[no-untyped-def]
    """A file database holding a published report and an inspection with three evidence files, with
    its media folder (the test's own)."""
    published = signed_off("west-midlands")
    with_practice(published)
    publish_now(lead, published)
    inspector = make_persona("inspector")
    open_one = services.create_inspection(
        lead,
        force=Force.objects.get(code="durham"),
        programme=pack_2007,
        frameworks=["NP"],
        lead=lead,
        inspectors=[inspector],
    )
    services.move(inspector, open_one, Stage.FIELDWORK)
    for number in range(3):
        item = services.add_evidence(
            inspector,
            open_one,
            source_type=SourceType.DOCUMENT,
            title=f"Policy {number}",
            summary="A force policy.",
            collected_on=datetime.date(2007, 6, 1),
            effective_date=datetime.date(2007, 1, 15),
        )
        services.attach_file(inspector, item, b"%PDF-1.4\n% policy " + str(number).encode() + b"\n%%EOF\n")
    database = tmp_path / "live" / "inspectorate.sqlite3"
    database.parent.mkdir()
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    connection.connection.backup(copy)
    copy.close()
    return database


class Writer(threading.Thread):
    """Keeps writing sessions to the database and files to the media folder until stopped."""

    def __init__(self, database: Path, media: Path) -> None:
        super().__init__(daemon=True)
        self.database, self.media = database, media
        self.stop = threading.Event()
        self.writes = 0

    def run(self) -> None:
        db = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        while not self.stop.is_set():
            db.execute("BEGIN IMMEDIATE")
            db.execute(
                "INSERT INTO django_session (session_key, session_data, expire_date) VALUES (?, 'x', ?)",
                (f"concurrent-{self.writes}", "2030-01-01 00:00:00"),
            )
            db.execute("COMMIT")
            (self.media / f"concurrent-{self.writes}.txt").write_text("written during the backup")
            self.writes += 1
            time.sleep(0.002)
        db.close()


def audit_actions(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [
            row[0]
            for row in db.execute("SELECT action FROM accounts_auditevent WHERE action LIKE 'backup.%'")
        ]


def test_it_restores_a_backup_taken_under_concurrent_writes(live: Path, tmp_path: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    writer = Writer(live, media)
    writer.start()
    try:
        time.sleep(0.2)
        before = writer.writes
        taken = command(["backup", tmp_path / "backup"], live, media)
        during = writer.writes - before
    finally:
        writer.stop.set()
        writer.join()
    assert taken.returncode == 0, taken.stderr
    assert during > 0, "nothing was written while the backup ran"
    assert "Copying the media files" in taken.stdout + taken.stderr
    assert audit_actions(live) == ["backup.taken"]

    fresh_database, fresh_media = tmp_path / "fresh" / "inspectorate.sqlite3", tmp_path / "fresh" / "media"
    fresh_database.parent.mkdir()
    restored = command(["restore", tmp_path / "backup"], fresh_database, fresh_media)
    assert restored.returncode == 0, restored.stderr

    verified = command(["reports", "verify"], fresh_database, fresh_media)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The three published files and the JSON kept in the database.
    assert "4 files checked; all match what was published." in verified.stdout
    assert "MISMATCH" not in verified.stdout
    with sqlite3.connect(fresh_database) as db:
        evidence = db.execute("SELECT storage_name, sha256 FROM inspections_evidencefile").fetchall()
    assert len(evidence) == 3
    for storage_name, sha256 in evidence:
        assert hashlib.sha256((fresh_media / storage_name).read_bytes()).hexdigest() == sha256, storage_name
    assert audit_actions(fresh_database) == ["backup.restored"]

    again = command(["restore", tmp_path / "backup"], fresh_database, fresh_media)
    assert again.returncode != 0
    assert "the database is not empty" in again.stderr and "--force" in again.stderr
    forced = command(["restore", tmp_path / "backup", "--force"], fresh_database, fresh_media)
    assert forced.returncode == 0, forced.stderr


@pytest.fixture
def taken(live: Path, tmp_path: Path) -> Path:
    result = command(["backup", tmp_path / "backup"], live, Path(settings.MEDIA_ROOT))
    assert result.returncode == 0, result.stderr
    return tmp_path / "backup"


def test_it_refuses_a_damaged_backup_naming_the_file_and_both_hashes(taken: Path, tmp_path: Path) -> None:
    damaged = next((taken / "media" / "evidence").iterdir())
    expected = hashlib.sha256(damaged.read_bytes()).hexdigest()
    damaged.write_bytes(damaged.read_bytes() + b"tampered")
    found = hashlib.sha256(damaged.read_bytes()).hexdigest()

    result = command(["restore", taken], tmp_path / "empty.sqlite3", tmp_path / "empty-media")

    assert result.returncode != 0
    name = damaged.relative_to(taken).as_posix()
    assert f"{name}: damaged (expected sha256 {expected}, found {found})" in result.stderr
    assert not (tmp_path / "empty-media").exists()


def test_it_refuses_an_incomplete_backup(taken: Path, tmp_path: Path) -> None:
    missing = next((taken / "media" / "published").rglob("*.pdf"))
    missing.unlink()
    (taken / "stray.txt").write_text("not part of the backup")

    result = command(["restore", taken], tmp_path / "empty.sqlite3", tmp_path / "empty-media")

    assert result.returncode != 0
    assert f"{missing.relative_to(taken).as_posix()}: missing (expected sha256 " in result.stderr
    assert "stray.txt: not in the manifest" in result.stderr

    (taken / "manifest.json").unlink()
    unfinished = command(["restore", taken], tmp_path / "empty.sqlite3", tmp_path / "empty-media")
    assert "manifest.json is missing: the backup is incomplete" in unfinished.stderr


def test_it_refuses_to_back_up_into_a_folder_in_use(live: Path, tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")

    result = command(["backup", tmp_path / "used"], live, Path(settings.MEDIA_ROOT))

    assert result.returncode != 0
    assert "is not an empty folder" in result.stderr
