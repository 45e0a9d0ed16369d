"""`inspectorate reports publish` and `inspectorate reports correct`: the services, from the command
line, with their refusals as readable errors and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.reports.models import PublishedReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]


def test_it_publishes_and_corrects_from_the_command_line(
    cli, signed_off, with_practice, lead, capsys, django_capture_on_commit_callbacks
) -> None:
    inspection = signed_off()
    with_practice(inspection, 1)

    assert cli(["reports", "publish", str(inspection.pk), "--as", "leonard.lead"]) == 1
    err = capsys.readouterr().err
    assert "not yet:" in err and "1 developing-practice example is selected" in err
    assert not PublishedReport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        code = cli(
            [
                "reports",
                "publish",
                str(inspection.pk),
                "--as",
                "leonard.lead",
                "--few-practice-reason",
                "Only one",
            ]
        )
    assert code == 0
    out = capsys.readouterr().out
    report = PublishedReport.objects.get()
    assert f"version 1, in {report.directory}" in out and report.pdf_sha256 in out
    assert Path(report.path("pdf")).is_file()

    with django_capture_on_commit_callbacks(execute=True):
        code = cli(
            [
                "reports",
                "correct",
                "hmic-2007",
                "west-midlands",
                "--as",
                "leonard.lead",
                "--note",
                "Fixed a date",
            ]
        )
    assert code == 0
    assert PublishedReport.objects.get(version=2).change_note == "Fixed a date"


def test_it_explains_a_refusal(cli, signed_off, with_practice, capsys) -> None:
    inspection = signed_off()
    with_practice(inspection)
    assert cli(["reports", "publish", str(inspection.pk), "--as", "isla.inspector"]) == 1
    assert "refused: only the inspection's lead inspector publishes its report" in capsys.readouterr().err
    assert (
        cli(["reports", "correct", "hmic-2007", "west-midlands", "--as", "leonard.lead", "--note", "x"]) == 1
    )
    assert "no published report for west-midlands in hmic-2007" in capsys.readouterr().err
