"""Running the project's settings and console script afresh, in a clean environment: the test process
has long since configured Django with the test settings, so settings are evaluated in a subprocess or
by running settings.py with the environment a test gives."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE = ROOT / "inspectorate" / "settings.py"
CONFIGURATION_DOC = ROOT / "docs" / "configuration.md"
PACK_2007 = ROOT / "packs" / "hmic-2007"
PYTHON = Path(sys.executable)
CONSOLE_SCRIPT = PYTHON.parent / "inspectorate"

_READS = re.compile(
    r"""\b(?:env|env_bool|os\.environ\.get|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\bos\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]"""
)
DOCUMENTED = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|", re.MULTILINE)


def variables_read_by_settings() -> set[str]:
    text = SETTINGS_FILE.read_text(encoding="utf-8")
    return {a or b for a, b in _READS.findall(text)}


def variables_documented() -> set[str]:
    return set(DOCUMENTED.findall(CONFIGURATION_DOC.read_text(encoding="utf-8")))


def clean_environment(**values: str) -> dict[str, str]:
    """The current environment without anything that steers the settings, plus `values`."""
    steering = variables_read_by_settings()
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in steering and not k.startswith(("INSPECTORATE_", "DJANGO_"))
    }
    # Never this checkout's own var/local.env; a test that wants local settings names a var folder.
    if "INSPECTORATE_VAR_DIR" not in values:
        environment["INSPECTORATE_LOCAL_SETTINGS"] = ""
    environment.update(values)
    return environment


def run(args: list[str | Path], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def settings_with(monkeypatch: pytest.MonkeyPatch, **values: str) -> dict[str, Any]:
    for name in variables_read_by_settings():
        monkeypatch.delenv(name, raising=False)
    if "INSPECTORATE_VAR_DIR" not in values:
        monkeypatch.setenv("INSPECTORATE_LOCAL_SETTINGS", "")  # never this checkout's own var/local.env
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE), run_name="settings_under_test")


def database_url_for_another_process(folder: Path) -> str:
    """A DATABASE_URL at which another process reads what this test has committed: on PostgreSQL the
    test database itself; on SQLite, whose test database lives in this process's memory, a copy of it
    in a file (which the other processes then share with each other, not with this one)."""
    import sqlite3
    from urllib.parse import quote

    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        database = folder / "shared.sqlite3"
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{database}"
    given = connection.settings_dict
    password = f":{quote(given['PASSWORD'])}" if given.get("PASSWORD") else ""
    return f"postgres://{quote(given['USER'])}{password}@{given['HOST']}:{given['PORT']}/{given['NAME']}"
