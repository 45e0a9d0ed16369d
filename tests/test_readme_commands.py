"""Every command in the README's table works as typed after `make run` in a fresh clone.

The table is read from README.md, so a new row is tested as soon as it is written. `make run` is
reproduced in a temporary var folder: `scripts/demo-data` (what `make run` runs after installing),
with none of the settings in the environment, so the commands rely on the local settings file it
writes (var/local.env) exactly as on a new laptop. Each placeholder of the table is given a real
value below; a new placeholder fails the test until it has one.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.environment import CONSOLE_SCRIPT, ROOT, clean_environment

README = ROOT / "README.md"
_ROW = re.compile(r"^\|\s*`(inspectorate [^`]+)`\s*\|", re.MULTILINE)
_OPTIONAL = re.compile(r"\s*\[([^\]]+)\]")

# Optional parts to type, by the command's words; every other optional part is left out. A fresh clone
# has no published report, only the demonstration draft; the server gets a free port, since the
# default one may be taken on a shared machine.
NEEDED_OPTIONS = {"report render": ["--draft"], "serve": ["ADDR:PORT"], "worker": ["--batch"]}


@dataclass(frozen=True)
class Row:
    template: str  # as the README writes it, e.g. "inspectorate pack show CODE [--json]"

    @property
    def words(self) -> str:
        """The command's name words, e.g. "pack show"."""
        name = []
        for word in self.template.split()[1:]:
            if not re.fullmatch(r"[a-z][a-z-]*", word):
                break
            name.append(word)
        return " ".join(name)

    def variants(self) -> list[str]:
        """The command as typed: needed optional parts kept, others dropped, one run per alternative."""
        needed = NEEDED_OPTIONS.get(self.words, [])
        text = _OPTIONAL.sub(lambda m: f" {m.group(1)}" if m.group(1) in needed else "", self.template)
        alternatives = re.search(r"\S+(?:\|\S+)+", text)
        if alternatives is None:
            return [text]
        return [text.replace(alternatives.group(), choice) for choice in alternatives.group().split("|")]


def readme_rows() -> list[Row]:
    rows = [Row(t.replace("\\|", "|")) for t in _ROW.findall(README.read_text(encoding="utf-8"))]
    assert len(rows) >= 10, "the README's table of commands was not found"
    return rows


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var folder as `make run` leaves it: local settings, database, forces, pack, demo accounts."""
    if not CONSOLE_SCRIPT.is_file():
        pytest.fail(f"{CONSOLE_SCRIPT} is not installed; `make test` runs `uv sync` first")
    var = tmp_path_factory.mktemp("fresh-clone") / "var"
    result = subprocess.run(
        [ROOT / "scripts" / "demo-data"],
        cwd=ROOT,
        env=clean_environment(INSPECTORATE_VAR_DIR=str(var)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return var


@pytest.fixture
def var_dir(fresh_clone: Path, tmp_path: Path) -> Path:
    """A copy of the fresh clone's var folder, so that no command sees another's changes."""
    return Path(shutil.copytree(fresh_clone, tmp_path / "var"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def values(tmp_path: Path) -> dict[str, str]:
    judgements = tmp_path / "judgements.json"
    judgements.write_text(json.dumps({"judgements": {"CA-F01": "met", "CA-F02": "partly"}}))
    return {
        "ADDR:PORT": f"127.0.0.1:{free_port()}",
        "PATH": "packs/hmic-2007",
        "CODE": "hmic-2007",
        "FW": "CA",
        "FILE.json": str(judgements),
        "F": "west-midlands",
        "P": "hmic-2007",
        "FILE": str(tmp_path / "report.out"),
        "USER": "lead",
        "USERNAME": "inspector",
        "NAME": "nightly-export",
        "N": "1",
        "DIR": str(tmp_path / "backup"),
    }


def typed(variant: str, given: dict[str, str]) -> list[str]:
    """The variant's words with each placeholder (an upper-case word) replaced by its value."""
    args = []
    for word in variant.split()[1:]:
        if re.fullmatch(r"[A-Z][A-Z:_]*(\.json)?", word):
            assert word in given, f"the README uses a placeholder {word!r}: give it a value in values()"
            args.append(given[word])
        else:
            args.append(word)
    return args


def home_page_served(args: list[str], environment: dict[str, str]) -> str:
    """Start the server as typed and return the home page once it answers; the server is stopped.
    (Without the autoreloader, so that stopping the process stops the server.)"""
    address = args[-1]
    server = subprocess.Popen(
        [CONSOLE_SCRIPT, *args, "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{address}/", timeout=5) as response:
                    return str(response.read().decode())
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.kill()
                    raise AssertionError(f"the server did not answer: {server.communicate()[0]}") from None
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize("row", readme_rows(), ids=lambda row: row.words)
def test_it_runs_each_readme_command_as_typed(row: Row, var_dir: Path, tmp_path: Path) -> None:
    environment = clean_environment(INSPECTORATE_VAR_DIR=str(var_dir))
    assert (var_dir / "local.env").is_file()
    given = values(tmp_path)
    for variant in row.variants():
        args = typed(variant, given)
        if row.words == "serve":
            assert "Inspectorate" in home_page_served(args, environment)
            continue
        result = subprocess.run(
            [CONSOLE_SCRIPT, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{variant}\n{result.stdout}\n{result.stderr}"
        if "-o" in args:
            assert Path(args[args.index("-o") + 1]).stat().st_size > 0, variant


def test_it_reads_every_row_of_the_table() -> None:
    rows = {row.words: row for row in readme_rows()}

    assert {"serve", "pack show", "report render", "token create"} <= set(rows)
    assert rows["pack show"].variants() == ["inspectorate pack show CODE"]
    assert [v.split()[8] for v in rows["report render"].variants()] == ["html", "pdf", "docx", "json"]
    assert all("--draft" in v and "--version" not in v for v in rows["report render"].variants())


def test_it_leaves_a_private_local_settings_file_that_is_never_committed(fresh_clone: Path) -> None:
    settings = (fresh_clone / "local.env").read_text()

    assert "DEBUG=true" in settings
    key = re.search(r"^SECRET_KEY=(\S+)$", settings, re.MULTILINE)
    assert key and len(key.group(1)) >= 50
    assert (fresh_clone / "local.env").stat().st_mode & 0o077 == 0
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/local.env"], cwd=ROOT)
    assert ignored.returncode == 0
