"""`inspectorate load-demo`: loads the demonstration inspection once, in one transaction, says so when
it is already there, and reports problems in the data file by line and key path."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inspectorate.accounts.models import User
from inspectorate.inspections.demo.data import DATA_FILE, DemoDataError, read
from inspectorate.inspections.demo.loader import load_demo
from inspectorate.inspections.models import Evidence, Inspection

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_command_loads_once_and_then_says_it_did_nothing(forces: None, pack_2007: Any) -> None:
    first = run()
    counted = (Inspection.objects.count(), Evidence.objects.count())
    second = run()

    assert "Loaded inspection" in first
    assert "NP: engine proposes Excellent; awarded Excellent\n" in first
    assert "CA: engine proposes no grade; awarded Fair (departure, approved)" in first
    assert "MP: engine proposes Fair; awarded Good (departure, approved)" in first
    assert "already loaded" in second and "nothing was changed" in second
    assert (Inspection.objects.count(), Evidence.objects.count()) == counted
    assert counted[0] == 1


def test_it_uses_the_demo_accounts_that_already_exist(forces: None, pack_2007: Any, settings: Any) -> None:
    settings.DEBUG = True
    call_command("create_demo_users", "--password", "a-shared-demo-password", stdout=StringIO())

    inspection = load_demo().inspection

    assert inspection.lead.check_password("a-shared-demo-password")
    assert User.objects.filter(username="lead").count() == 1


def test_it_loads_nothing_when_a_service_refuses_a_step(forces: None, pack_2007: Any, tmp_path: Any) -> None:
    # E085 is an unverified focus group, so MP-G02 cannot be met on it; the refusal comes late, after
    # every evidence item has been recorded, and must undo all of them.
    broken = tmp_path / "demo.yaml"
    text = DATA_FILE.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("MP-G02: {value: not_met, evidence: [E085]}", "MP-G02: {value: met, evidence: [E085]}")
    )

    with pytest.raises(CommandError) as failed:
        run("--file", str(broken))

    message = str(failed.value)
    line = next(n for n, row in enumerate(broken.read_text().splitlines(), 1) if "MP-G02: {value: met" in row)
    assert f"demo.yaml, line {line}, judgements.MP.MP-G02: value: met needs" in message
    assert message.endswith("Nothing was loaded.")
    assert not Inspection.objects.exists() and not Evidence.objects.exists()


def test_it_refuses_a_framework_with_a_criterion_left_unjudged(
    forces: None, pack_2007: Any, tmp_path: Any
) -> None:
    broken = tmp_path / "demo.yaml"
    text = DATA_FILE.read_text(encoding="utf-8")
    broken.write_text("\n".join(row for row in text.splitlines() if not row.strip().startswith("MP-G10:")))

    with pytest.raises(DemoDataError) as failed:
        load_demo(broken)

    assert "judgements.MP: every criterion is judged; missing MP-G10" in str(failed.value)
    assert not Inspection.objects.exists()


def test_it_names_the_line_and_key_of_a_malformed_item(tmp_path: Any) -> None:
    broken = tmp_path / "demo.yaml"
    text = DATA_FILE.read_text(encoding="utf-8").replace("source: public_survey", "source: gossip", 1)
    broken.write_text(text)

    with pytest.raises(DemoDataError) as failed:
        read(broken)

    line = next(n for n, row in enumerate(text.splitlines(), 1) if "source: gossip" in row)
    item = next(n for n in range(line, 0, -1) if text.splitlines()[n - 1].strip().startswith("- ref:"))
    assert f"demo.yaml, line {item}, evidence[4]: Value error, source must be one of" in str(failed.value)
