"""Databases that processes other than the test's own can reach, on whichever engine the suite runs.

The test database pytest-django made is reachable by another process on PostgreSQL (its URL is made
from `connection.settings_dict`), but on SQLite it may live in memory: there it is copied into a file
by SQLite's backup API. `fresh_database` gives an empty database beside it (a file, or a new
PostgreSQL database dropped afterwards), and `rows` reads any of them without Django.
"""

from __future__ import annotations

import secrets
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection


def _postgres_url(name: str) -> str:
    settings = connection.settings_dict
    user = urllib.parse.quote(settings.get("USER") or "", safe="")
    password = urllib.parse.quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{name}"


def shared_test_database(folder: Path) -> str:
    """The URL of the test database as it now stands, for another process. On SQLite this is a file
    copy in `folder` (writes by other processes then go to the copy, not the test's database)."""
    if connection.vendor == "postgresql":
        return _postgres_url(connection.settings_dict["NAME"])
    path = folder / "inspectorate.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    connection.connection.backup(copy)
    copy.close()
    return f"sqlite:///{path}"


@contextmanager
def fresh_database(folder: Path) -> Iterator[str]:
    """An empty database's URL on the suite's engine; a PostgreSQL one is dropped afterwards."""
    if connection.vendor != "postgresql":
        path = folder / f"fresh-{secrets.token_hex(3)}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{path}"
        return
    name = f"{connection.settings_dict['NAME']}_fresh_{secrets.token_hex(3)}"
    _administer(f'CREATE DATABASE "{name}"')
    try:
        yield _postgres_url(name)
    finally:
        _administer(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _administer(statement: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_url(connection.settings_dict["NAME"]), autocommit=True) as db:
        db.execute(statement)


@contextmanager
def connect(url: str) -> Iterator[Any]:
    """A DB-API connection to `url` in autocommit mode (placeholders: %s on PostgreSQL, ? on SQLite)."""
    if url.startswith("sqlite:///"):
        db: Any = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30, isolation_level=None)
    else:
        import psycopg

        db = psycopg.connect(url, autocommit=True)
    try:
        yield db
    finally:
        db.close()


def rows(url: str, query: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if not url.startswith("sqlite:///"):
        query = query.replace("?", "%s")
    with connect(url) as db:
        # psycopg reads % as a placeholder only when given parameters (as in LIKE 'x.%').
        found = db.execute(query, parameters) if parameters else db.execute(query)
        return [tuple(row) for row in found.fetchall()]
