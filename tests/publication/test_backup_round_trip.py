"""`inspectorate backup` and `inspectorate restore` from the command line: a backup taken while
another thread writes restores into a fresh database and media folder, after which every published
file verifies and every evidence file has its recorded hash; a damaged or incomplete backup, and a
database that is not empty, are refused with what is wrong.

The world (a published report, evidence files) is built through the services in the test database,
which the commands then use like a server's: on PostgreSQL the test database itself, on SQLite a file
copy of it (tests/operations/databases.py). A restore goes into a fresh, empty database.
"""

from __future__ import annotations

import datetime
import hashlib
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import SourceType, Stage
from tests.environment import CONSOLE_SCRIPT, ROOT, clean_environment
from tests.operations.databases import connect, fresh_database, rows, shared_test_database

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("quick_pdf")]


def command(args: list[str | Path], database: str, media: Path) -> subprocess.CompletedProcess[str]:
    var = media.parent / f"{media.name}-var"
    var.mkdir(parents=True, exist_ok=True)
    environment = clean_environment(
        DATABASE_URL=database,
        INSPECTORATE_MEDIA_ROOT=str(media),
        INSPECTORATE_ALLOW_DEV_SECRET="true",
        INSPECTORATE_VAR_DIR=str(var),
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
def live(signed_off, with_practice, publish_now, lead, pack_2007, make_persona, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """The URL of a database other processes can reach, holding a published report and an inspection
    with three evidence files, with its media folder (the test's own)."""
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
    return shared_test_database(tmp_path / "live")


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[str]:
    with fresh_database(tmp_path / "fresh") as url:
        yield url


class Writer(threading.Thread):
    """Keeps writing sessions to the database and files to the media folder until stopped."""

    def __init__(self, database: str, media: Path) -> None:
        super().__init__(daemon=True)
        self.database, self.media = database, media
        self.stop = threading.Event()
        self.writes = 0

    def run(self) -> None:
        sqlite = self.database.startswith("sqlite:")
        insert = "INSERT INTO django_session (session_key, session_data, expire_date) VALUES (%s, 'x', %s)"
        with connect(self.database) as db:
            while not self.stop.is_set():
                if sqlite:
                    db.execute("BEGIN IMMEDIATE")
                db.execute(
                    insert.replace("%s", "?") if sqlite else insert,
                    (f"concurrent-{self.writes}", "2030-01-01 00:00:00+00:00"),
                )
                if sqlite:
                    db.execute("COMMIT")
                (self.media / f"concurrent-{self.writes}.txt").write_text("written during the backup")
                self.writes += 1
                time.sleep(0.002)


def audit_actions(database: str) -> list[str]:
    return [
        row[0]
        for row in rows(database, "SELECT action FROM accounts_auditevent WHERE action LIKE 'backup.%'")
    ]


def test_it_restores_a_backup_taken_under_concurrent_writes(live: str, fresh: str, tmp_path: Path) -> None:
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

    fresh_database, fresh_media = fresh, tmp_path / "fresh" / "media"
    restored = command(["restore", tmp_path / "backup"], fresh_database, fresh_media)
    assert restored.returncode == 0, restored.stderr

    verified = command(["reports", "verify"], fresh_database, fresh_media)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The three published files and the JSON kept in the database.
    assert "4 files checked; all match what was published." in verified.stdout
    assert "MISMATCH" not in verified.stdout
    evidence = rows(fresh_database, "SELECT storage_name, sha256 FROM inspections_evidencefile")
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
def taken(live: str, tmp_path: Path) -> Path:
    result = command(["backup", tmp_path / "backup"], live, Path(settings.MEDIA_ROOT))
    assert result.returncode == 0, result.stderr
    return tmp_path / "backup"


def test_it_refuses_a_damaged_backup_naming_the_file_and_both_hashes(
    taken: Path, fresh: str, tmp_path: Path
) -> None:
    damaged = next((taken / "media" / "evidence").iterdir())
    expected = hashlib.sha256(damaged.read_bytes()).hexdigest()
    damaged.write_bytes(damaged.read_bytes() + b"tampered")
    found = hashlib.sha256(damaged.read_bytes()).hexdigest()

    result = command(["restore", taken], fresh, tmp_path / "empty-media")

    assert result.returncode != 0
    name = damaged.relative_to(taken).as_posix()
    assert f"{name}: damaged (expected sha256 {expected}, found {found})" in result.stderr
    assert not (tmp_path / "empty-media").exists()


def test_it_refuses_an_incomplete_backup(taken: Path, fresh: str, tmp_path: Path) -> None:
    missing = next((taken / "media" / "published").rglob("*.pdf"))
    missing.unlink()
    (taken / "stray.txt").write_text("not part of the backup")

    result = command(["restore", taken], fresh, tmp_path / "empty-media")

    assert result.returncode != 0
    assert f"{missing.relative_to(taken).as_posix()}: missing (expected sha256 " in result.stderr
    assert "stray.txt: not in the manifest" in result.stderr

    (taken / "manifest.json").unlink()
    unfinished = command(["restore", taken], fresh, tmp_path / "empty-media")
    assert "manifest.json is missing: the backup is incomplete" in unfinished.stderr


def test_it_refuses_to_back_up_into_a_folder_in_use(live: str, tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")

    result = command(["backup", tmp_path / "used"], live, Path(settings.MEDIA_ROOT))

    assert result.returncode != 0
    assert "is not an empty folder" in result.stderr
