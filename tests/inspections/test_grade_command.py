"""`inspectorate grade`: the engine on a judgement file, from the command line."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from inspectorate.methodology.models import Criterion
from tests.conftest import ROOT

SOME_GOOD_NOT_MET = {f"CA-G0{n}": "not_met" for n in range(1, 10)}


def _all_ca(overrides=None):
    codes = Criterion.objects.filter(framework__code="CA").values_list("code", flat=True)
    return {code: (overrides or {}).get(code, "met") for code in codes}


def _grade(*args):
    out = io.StringIO()
    call_command("grade", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def judgements_file(tmp_path):
    def write(content, name="judgements.json"):
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
        return str(path)

    return write


def test_it_prints_the_proposal_reason_and_trace_as_json(programme, judgements_file):
    path = judgements_file({"judgements": _all_ca(SOME_GOOD_NOT_MET)})

    result = json.loads(_grade("--pack", "hmic-2007", "--framework", "CA", "--judgements", path))

    assert (result["proposal"], result["reason"]) == ("fair", None)
    assert result["trace"]["decided_by"] == "fair"
    assert [rule["grade"] for rule in result["trace"]["rules"]] == ["poor", "excellent", "good", "fair"]


def test_it_counts_the_conditions_in_the_file(programme, judgements_file):
    path = judgements_file({"judgements": _all_ca(), "conditions": {"beacon": True, "innovation": True}})

    result = json.loads(
        _grade("--pack", "hmic-2007", "--version", "1", "--framework", "CA", "--judgements", path)
    )

    assert result["proposal"] == "excellent"


def test_it_prints_the_trace_in_plain_english(programme, judgements_file):
    path = judgements_file({"judgements": _all_ca()})

    text = _grade("--pack", "hmic-2007", "--framework", "CA", "--judgements", path, "--text")

    assert text.splitlines()[0] == "CA Child abuse: proposed grade Good"
    assert "Good criteria met: 9 of 9 = 100%; Good needs more than 50%: satisfied" in text
    assert text.rstrip().endswith("Proposed grade: Good")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"judgements": {"CA-F01": "met",}}', "judgements.json: line 1, column 33: not valid JSON"),
        ('{"judgements": {"CA-X99": "met"}}', "judgements.json: judgements.CA-X99: unknown criterion code"),
        ('{"judgements": {"CA-F01": "excellent"}}', 'judgements.CA-F01: "excellent" is not a judgement'),
        ('{"judgements": {}, "conditions": {"halo": true}}', "conditions.halo: unknown condition"),
        ('{"judgement": {}}', "judgements.json: judgement: unknown key"),
    ],
)
def test_it_refuses_a_bad_file_naming_the_place_with_exit_code_2(
    programme, judgements_file, content, message
):
    path = judgements_file(content)

    with pytest.raises(CommandError) as error:
        _grade("--pack", "hmic-2007", "--framework", "CA", "--judgements", path)

    assert error.value.returncode == 2
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--pack", "hmic-1999", "--framework", "CA"), "no loaded pack hmic-1999 (loaded: hmic-2007 v1)"),
        (
            ("--pack", "hmic-2007", "--version", "7", "--framework", "CA"),
            "no loaded pack hmic-2007 version 7",
        ),
        (
            ("--pack", "hmic-2007", "--framework", "ZZ"),
            "has no framework 'ZZ' (graded: NP, PM, CA, DV, PP, MP)",
        ),
        (("--pack", "hmic-2007", "--framework", "FE"), "FE Fairness and equality"),
    ],
)
def test_it_refuses_an_unknown_pack_or_framework_with_exit_code_2(programme, judgements_file, args, message):
    path = judgements_file({"judgements": {}})

    with pytest.raises(CommandError) as error:
        _grade(*args, "--judgements", path)

    assert error.value.returncode == 2
    assert message in str(error.value)


def test_it_refuses_a_missing_file(programme, tmp_path):
    with pytest.raises(CommandError) as error:
        _grade("--pack", "hmic-2007", "--framework", "CA", "--judgements", str(tmp_path / "absent.json"))

    assert error.value.returncode == 2
    assert "absent.json: cannot be read" in str(error.value)


def _database_url_for_another_process(tmp_path: Path) -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        database = tmp_path / "copy.sqlite3"
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{database}"
    given = connection.settings_dict
    password = f":{quote(given['PASSWORD'])}" if given.get("PASSWORD") else ""
    return f"postgres://{quote(given['USER'])}{password}@{given['HOST']}:{given['PORT']}/{given['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_it_runs_as_the_inspectorate_command(pack_2007, tmp_path):
    # The command runs in its own process: it reads the committed test database (on SQLite, whose test
    # database lives in memory, a copy of it in a file).
    database_url = _database_url_for_another_process(tmp_path)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"judgements": {"CA-F01": "met"}}), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"judgements": {"CA-F01": "yes"}}', encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": database_url, "INSPECTORATE_ALLOW_DEV_SECRET": "true"}
    uv = shutil.which("uv")
    assert uv is not None

    def run(path):
        command = [
            uv,
            "run",
            "inspectorate",
            "grade",
            "--pack",
            "hmic-2007",
            "--framework",
            "CA",
            "--judgements",
        ]
        return subprocess.run(
            [*command, str(path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    ok, refused = run(good), run(bad)

    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["reason"] == "incomplete"
    assert refused.returncode == 2
    assert f'{bad}: judgements.CA-F01: "yes" is not a judgement' in refused.stderr
    assert refused.stdout == ""
