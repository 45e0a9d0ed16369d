"""Backups that prove they restore: the database, the media files and a manifest of their SHA-256s.

A backup folder holds `manifest.json` (written last, so a folder without it is an unfinished
backup), the database (`database.sqlite3`, a copy by SQLite's online backup API, or
`database.pgdump`, `pg_dump`'s custom format) and `media/` (evidence and published files, under the
same names as in the media folder). The database is copied first: a file is written before the row
that names it is committed, and published files are moved into place just after theirs, so every
file the copied database names is already there when the media folder is copied after it.

A restore checks every file against the manifest before it touches anything, and refuses a
database or media folder that is not empty unless forced.
"""

from __future__ import annotations

import datetime
import getpass
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from inspectorate.accounts.audit import record, snapshot

from .models import BackupRecord

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
# Left in the media folder by the health check's write test; never worth keeping.
_SKIPPED_PREFIXES = (".healthz-",)
_CHUNK = 1024 * 1024

T = TypeVar("T")
# Progress: wraps an iterable of `total` steps under a description (the CLI shows a bar).
Track = Callable[[Iterable[T], str, int], Iterable[T]]


def no_progress(items: Iterable[T], description: str, total: int) -> Iterable[T]:
    return items


class BackupError(Exception):
    """A backup that cannot be taken or restored; the message says what is wrong, line by line."""


@dataclass(frozen=True)
class Summary:
    folder: Path
    engine: str
    files: int
    bytes: int
    manifest_sha256: str


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, _, names in os.walk(root):
        for name in names:
            if not name.startswith(_SKIPPED_PREFIXES):
                found.append(Path(folder, name))
    return sorted(found)


def _copy(source: Path, target: Path) -> str:
    """Copy a file and return the SHA-256 of the bytes written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with source.open("rb") as reading, target.open("wb") as writing:
        while chunk := reading.read(_CHUNK):
            digest.update(chunk)
            writing.write(chunk)
    shutil.copystat(source, target)
    return digest.hexdigest()


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    # Debian keeps each server version's tools in its own folder; the newest reads older servers.
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return str(candidates[-1])
    raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")


def _pg_environment() -> tuple[dict[str, str], str]:
    database: dict[str, Any] = dict(settings.DATABASES["default"])
    environment = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment, str(database["NAME"])


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def _sqlite_copy(source_path: Path, target_path: Path) -> None:
    """SQLite's online backup, in one step: a consistent snapshot of the source while others go on
    writing to it (the write-ahead log lets them), replacing whatever the target held."""
    source, target = sqlite3.connect(str(source_path)), sqlite3.connect(str(target_path))
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _copy_database(engine: str, target: Path) -> None:
    if engine == "sqlite":
        _sqlite_copy(Path(settings.DATABASES["default"]["NAME"]), target)
        return
    environment, name = _pg_environment()
    _run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", name],
        environment,
        "pg_dump",
    )


def _audit(kind: str, action: str, summary: Summary) -> None:
    with transaction.atomic():
        entry = BackupRecord.objects.create(
            kind=kind,
            folder=str(summary.folder),
            engine=summary.engine,
            files=summary.files,
            bytes=summary.bytes,
            manifest_sha256=summary.manifest_sha256,
        )
        record(
            None, action, entry, after=snapshot(entry), note=f"by {getpass.getuser()} from the command line"
        )


def backup(folder: Path, track: Track[Any] = no_progress) -> Summary:
    """Write a backup of the database and the media folder into `folder` (new, or empty)."""
    engine = _engine()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder} is not an empty folder; give a new one for each backup")
    folder.mkdir(parents=True, exist_ok=True)
    database_name = DATABASE_FILES[engine]
    for _ in track([database_name], "Copying the database", 1):
        _copy_database(engine, folder / database_name)
    entries: dict[str, dict[str, Any]] = {
        database_name: {
            "sha256": sha256_of(folder / database_name),
            "size": (folder / database_name).stat().st_size,
        }
    }
    root = Path(settings.MEDIA_ROOT)
    sources = _media_files(root)
    for source in track(sources, "Copying the media files", len(sources)):
        relative = source.relative_to(root).as_posix()
        target = folder / MEDIA / relative
        try:
            digest = _copy(source, target)
        except FileNotFoundError:
            continue  # removed since it was listed (a discarded upload): nothing names it any more
        entries[f"{MEDIA}/{relative}"] = {"sha256": digest, "size": target.stat().st_size}
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": engine,
        "database": database_name,
        "files": dict(sorted(entries.items())),
    }
    text = json.dumps(manifest, indent=2)
    partial = folder / f".{MANIFEST}.partial"
    partial.write_text(text, encoding="utf-8")
    partial.rename(folder / MANIFEST)
    summary = Summary(
        folder=folder,
        engine=engine,
        files=len(entries) - 1,
        bytes=sum(int(e["size"]) for e in entries.values()),
        manifest_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    _audit(BackupRecord.Kind.BACKUP, "backup.taken", summary)
    return summary


def _files_in(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            yield path.relative_to(folder).as_posix()


def check(folder: Path, track: Track[Any] = no_progress) -> dict[str, Any]:
    """The backup's manifest, once every file in it is present with its hash and nothing else is
    there; otherwise BackupError naming each file that is wrong, with the expected and found hash."""
    manifest_path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"{folder} is not a folder")
    if not manifest_path.is_file():
        raise BackupError(f"{manifest_path} is missing: the backup is incomplete (or is not a backup)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
        engine, database = manifest["engine"], manifest["database"]
    except (ValueError, KeyError, TypeError) as error:
        raise BackupError(f"{manifest_path} is damaged: {error}") from None
    if manifest.get("format") != FORMAT or engine not in DATABASE_FILES or database not in files:
        raise BackupError(f"{manifest_path} is not a backup manifest this version can read")
    problems = []
    for name in track(list(files), "Checking the backup", len(files)):
        path = folder / name
        expected = files[name]["sha256"]
        if not path.is_file():
            problems.append(f"{name}: missing (expected sha256 {expected})")
            continue
        found = sha256_of(path)
        if found != expected:
            problems.append(f"{name}: damaged (expected sha256 {expected}, found {found})")
    for name in _files_in(folder):
        if name not in files:
            problems.append(f"{name}: not in the manifest")
    if problems:
        raise BackupError(f"the backup in {folder} is damaged or incomplete:\n  " + "\n  ".join(problems))
    return dict(manifest)


def _existing_tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def restore(folder: Path, force: bool = False, track: Track[Any] = no_progress) -> Summary:
    """Restore a checked backup into the configured database and media folder, which must be empty
    unless `force` (then they are replaced)."""
    manifest = check(folder, track)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database, but the configured one is {engine}"
        )
    root = Path(settings.MEDIA_ROOT)
    if not force:
        tables = _existing_tables()
        if tables:
            raise BackupError(
                f"the database is not empty ({len(tables)} tables, e.g. {tables[0]}); restore into an empty "
                "database, or give --force to replace everything in it"
            )
        if _media_files(root):
            raise BackupError(f"the media folder {root} is not empty; give --force to replace its files")
    database = folder / manifest["database"]
    for _ in track([database.name], "Restoring the database", 1):
        if engine == "sqlite":
            connection.close()
            _sqlite_copy(database, Path(settings.DATABASES["default"]["NAME"]))
        else:
            environment, name = _pg_environment()
            command = [_pg_tool("pg_restore"), "--no-owner", "--no-privileges", f"--dbname={name}"]
            if force:
                command += ["--clean", "--if-exists"]
            _run([*command, str(database)], environment, "pg_restore")
    if force and root.is_dir():
        # The folder's contents, not the folder: it may be a mount of shared storage.
        for child in root.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    media = [name for name in manifest["files"] if name.startswith(f"{MEDIA}/")]
    for name in track(media, "Restoring the media files", len(media)):
        target = root / name.removeprefix(f"{MEDIA}/")
        written = _copy(folder / name, target)
        if written != manifest["files"][name]["sha256"]:
            raise BackupError(
                f"{target}: written as sha256 {written}, expected {manifest['files'][name]['sha256']}"
            )
    # A backup from an earlier release is brought up to this release's schema.
    call_command("migrate", interactive=False, verbosity=0)
    summary = Summary(
        folder=folder,
        engine=engine,
        files=len(media),
        bytes=sum(int(e["size"]) for e in manifest["files"].values()),
        manifest_sha256=sha256_of(folder / MANIFEST),
    )
    _audit(BackupRecord.Kind.RESTORE, "backup.restored", summary)
    return summary
