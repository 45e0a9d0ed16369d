"""The `inspectorate` console script, run against a fresh copy of a migrated database."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.environment import CONSOLE_SCRIPT, PACK_2007, clean_environment, run

Console = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CONSOLE_SCRIPT.is_file():
        pytest.fail(
            f"{CONSOLE_SCRIPT} is not installed: `make test` installs it (scripts/setup runs `uv sync`)"
        )
    folder = tmp_path_factory.mktemp("cli")
    database = folder / "template.sqlite3"
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{database}",
        INSPECTORATE_ALLOW_DEV_SECRET="true",
        INSPECTORATE_VAR_DIR=str(folder),
    )
    result = run([CONSOLE_SCRIPT, "migrate", "--noinput", "-v0"], environment)
    assert result.returncode == 0, result.stderr
    return database


@pytest.fixture
def console(migrated_database: Path, tmp_path: Path) -> Console:
    """Runs `inspectorate ...` against a fresh copy of the migrated database."""
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated_database, database)
    environment = clean_environment(
        DATABASE_URL=f"sqlite:///{database}", DEBUG="true", INSPECTORATE_VAR_DIR=str(tmp_path)
    )

    def inspectorate(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return run([CONSOLE_SCRIPT, *args], environment)

    return inspectorate


def test_the_console_script_reports_an_unknown_pack_and_fails(console: Console) -> None:
    result = console("pack", "show", "nope")

    assert result.returncode != 0
    assert "no loaded pack 'nope' (loaded: none)" in result.stderr


def test_the_console_script_loads_and_shows_a_pack_by_hyphenated_names(console: Console) -> None:
    loaded = console("load-pack", PACK_2007)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded hmic-2007 version 1: 25 frameworks" in loaded.stdout

    shown = console("pack", "show", "hmic-2007", "--json")
    assert shown.returncode == 0, shown.stderr
    assert len(json.loads(shown.stdout)["frameworks"]) == 25

    again = console("load_pack", PACK_2007)
    assert again.returncode == 0
    assert "already loaded with the same content; nothing changed" in again.stdout


def test_the_console_script_fails_on_a_broken_pack_naming_the_problem(
    console: Console, tmp_path: Path
) -> None:
    broken = tmp_path / "broken-pack"
    shutil.copytree(PACK_2007, broken)
    (broken / "glossary.yaml").unlink()

    result = console("load-pack", broken)

    assert result.returncode != 0
    assert "the pack was not loaded; nothing was changed" in result.stderr
    assert "glossary.yaml: missing required file" in result.stderr
    assert console("pack", "list").stdout == ""


def test_the_console_script_lists_the_project_commands(console: Console) -> None:
    result = console("help")

    assert result.returncode == 0
    for command in ("load_pack", "pack", "load_reference", "create_demo_users", "token"):
        assert re.search(rf"^\s+{command}$", result.stdout, re.MULTILINE), command


def test_the_console_script_serves_through_runserver(console: Console) -> None:
    result = console("serve", "--help")

    assert result.returncode == 0
    assert "inspectorate runserver" in result.stdout


def test_the_console_script_refuses_an_unknown_command(console: Console) -> None:
    result = console("no-such-command")

    assert result.returncode != 0
    assert "Unknown command: 'no_such_command'" in result.stderr
