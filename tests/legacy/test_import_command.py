"""`inspectorate import-report` end to end: the seed becomes a published inspection, frozen as
version 1 like any other, saying where it came from; importing it again does not duplicate it;
`--replace` publishes version 2 with a change note; `--dry-run --json` writes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.models import CriterionJudgement, Finding, GradeAward, Inspection
from inspectorate.legacy.models import ImportedReport
from inspectorate.practice.models import PracticeExample
from inspectorate.reports.history import grade_history
from inspectorate.reports.models import PublishedReport

SEED_BULLETS = 34 + 3 + 3 + 19 + 2 + 2 + 4 + 2 + 2 + 11 + 6 + 7 + 10 + 2 + 6 + 11 + 2 + 7 + 13 + 3 + 4


@pytest.fixture
def run_import(
    cli: Callable[[list[str]], int], django_capture_on_commit_callbacks: Any
) -> Callable[..., int]:
    """The command as typed; the published files move into place when its transaction commits."""

    def run(path: Path, *flags: str) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return cli(["import-report", str(path), "--programme", "hmic-2007", *flags])

    return run


def test_it_imports_the_seed_as_a_published_inspection(
    ready: Any, seed: Path, run_import: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(seed) == 0
    out = capsys.readouterr().out
    assert "Cross-checks: the document agrees with itself." in out
    assert "Imported: published version 1" in out
    inspection = Inspection.objects.get()
    assert inspection.stage == Stage.PUBLISHED and not inspection.is_demonstration
    assert inspection in Inspection.objects.counting_nationally()
    assert Finding.objects.filter(inspection=inspection).count() == SEED_BULLETS
    assert Finding.objects.filter(inspection=inspection, group__code="PVP").count() == 8
    awards = {a.framework.code: a.grade for a in GradeAward.objects.filter(inspection=inspection)}
    assert awards == {
        "NP": "excellent",
        "PM": "excellent",
        "CA": "fair",
        "DV": "fair",
        "PP": "fair",
        "MP": "good",
    }
    # The report prints no criterion judgements, so none are invented.
    assert not CriterionJudgement.objects.filter(inspection=inspection).exists()
    assert all(
        a.proposed_grade == "" and "no criterion judgements" in a.rationale for a in GradeAward.objects.all()
    )
    assert PracticeExample.objects.filter(selected_for=inspection).count() == 2

    imported = ImportedReport.objects.get()
    assert imported.source_sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    published = PublishedReport.objects.get()
    assert (published.version, published.inspection_id) == (1, inspection.pk)
    assert imported.published_report == published
    frozen = published.report_json
    assert imported.source_sha256 in frozen and "no criterion judgements are held" in frozen
    for extension in ("json", "html", "pdf"):
        assert hashlib.sha256(published.path(extension).read_bytes()).hexdigest() == published.sha256(
            extension
        )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "inspection.imported",
        "grade.imported",
        "findings.imported",
        "report.published",
        "report.imported",
    } <= actions


def test_it_says_the_report_is_already_there_the_second_time(
    ready: Any, seed: Path, run_import: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(seed) == 0
    events = AuditEvent.objects.count()
    capsys.readouterr()
    assert run_import(seed) == 0
    assert (
        "Already imported from this file (version 1 is published); nothing was written"
        in capsys.readouterr().out
    )
    assert (Inspection.objects.count(), PublishedReport.objects.count(), AuditEvent.objects.count()) == (
        1,
        1,
        events,
    )


def test_it_refuses_another_file_for_the_same_report_without_replace(
    ready: Any,
    seed: Path,
    variant: Callable[..., Path],
    run_import: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run_import(seed) == 0
    changed = variant(
        "corrected", old="Only \nthree forms were returned", new="Only \ntwo forms were returned"
    )
    capsys.readouterr()
    assert run_import(changed) == 2
    assert "already imported (from hmic-west-midlands-2007.txt" in capsys.readouterr().err
    assert PublishedReport.objects.count() == 1


def test_it_publishes_a_replacement_as_a_new_version_with_a_change_note(
    ready: Any, seed: Path, variant: Callable[..., Path], run_import: Callable[..., int]
) -> None:
    assert run_import(seed) == 0
    changed = variant(
        "corrected", old="Only \nthree forms were returned", new="Only \ntwo forms were returned"
    )
    assert run_import(changed, "--replace") == 0
    first, second = PublishedReport.objects.order_by("version")
    assert (second.version, first.superseded_by_id) == (2, second.pk)
    assert (
        "corrected.txt" in second.change_note
        and hashlib.sha256(changed.read_bytes()).hexdigest() in second.change_note
    )
    assert "two forms were returned" in second.report_json and "three forms" in first.report_json
    assert Inspection.objects.count() == 1
    assert Finding.objects.count() == SEED_BULLETS  # replaced, not added to


def test_it_prints_the_documented_shape_on_a_dry_run_and_writes_nothing(
    ready: Any, seed: Path, run_import: Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(seed, "--dry-run", "--json") == 0
    result = json.loads(capsys.readouterr().out)
    assert {
        "force",
        "published",
        "national_summary",
        "force_summary",
        "sections",
        "developing_practice",
        "glossary",
    } <= set(result)
    assert (result["force"], result["published"]) == ("West Midlands Police", "2007-10")
    assert set(result["sections"]) == {"NP", "PM", "PVP", "CA", "DV", "PP", "MP"}
    np = result["sections"]["NP"]
    assert {
        "strengths",
        "work_in_progress",
        "areas_for_improvement",
        "recommendations",
        "grade",
        "national_distribution",
        "national_context",
        "force_context",
    } <= set(np)
    assert set(result["developing_practice"][0]) >= {
        "area",
        "title",
        "problem",
        "solution",
        "outcomes",
        "contact",
    }
    assert result["glossary"]["WMP"] == "West Midlands Police"
    assert Inspection.objects.count() == 0 and ImportedReport.objects.count() == 0


def test_it_sits_beside_the_demonstration_draft(
    ready: Any, seed: Path, run_import: Callable[..., int]
) -> None:
    from inspectorate.inspections.demo.loader import load_demo

    demo = load_demo().inspection
    assert run_import(seed) == 0
    real = Inspection.objects.get(is_demonstration=False)
    demo.refresh_from_db()
    assert demo.stage != Stage.PUBLISHED and real.stage == Stage.PUBLISHED
    assert {r.source.split(" (")[0] for r in grade_history("west-midlands")} == {
        "published report, version 1"
    }
    assert len(grade_history("west-midlands")) == 6


def test_it_shows_the_public_where_the_report_came_from(
    ready: Any, seed: Path, run_import: Callable[..., int], client: Client
) -> None:
    assert run_import(seed) == 0
    sha = hashlib.sha256(seed.read_bytes()).hexdigest()
    page = client.get("/published/hmic-2007/west-midlands/").content.decode()
    assert "imported into this system from the published report" in page and sha in page
    assert "IMPORTED FROM THE PUBLISHED REPORT" in page  # the running header of every page
    assert "no criterion judgements" in page
    index = client.get("/published/").content.decode()
    assert "West Midlands Police</a>, published October 2007 (imported from the published report)" in index
    summary = client.get("/published/hmic-2007/").content.decode()
    assert "1 in published reports" in summary


def test_the_team_pages_of_an_imported_inspection_say_where_it_came_from(
    ready: Any, seed: Path, run_import: Callable[..., int], client: Client, make_persona: Callable[[str], Any]
) -> None:
    assert run_import(seed) == 0
    inspection = Inspection.objects.get()
    client.force_login(make_persona("admin"))
    for path in ("", "frameworks/NP/grade/", "frameworks/CA/findings/", "groups/PVP/findings/", "history/"):
        page = client.get(f"/inspections/{inspection.pk}/{path}")
        assert page.status_code == 200, path
        assert "Imported from the published report" in page.content.decode(), path


def test_the_word_version_says_where_the_report_came_from(
    ready: Any, seed: Path, run_import: Callable[..., int], cli: Callable[[list[str]], int], tmp_path: Path
) -> None:
    import docx

    assert run_import(seed) == 0
    out = tmp_path / "wmp.docx"
    assert (
        cli(["report", "render", "--force", "west-midlands", "--programme", "hmic-2007", "-o", str(out)]) == 0
    )
    document = docx.Document(str(out))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert hashlib.sha256(seed.read_bytes()).hexdigest() in text
    assert "Imported from the published report" in text
