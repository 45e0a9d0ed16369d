"""`inspectorate import-grades`: grades published for a force and programme without a report, with
their sources; the national pages count them, labelled by source, and the grade history holds them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.legacy.models import PublishedGrade
from inspectorate.methodology.loading import load_pack
from inspectorate.reports.history import grade_history
from tests.conftest import ROOT

from .conftest import grades_path


@pytest.fixture
def both_packs(ready: Any) -> None:
    load_pack(ROOT / "packs" / "hmic-2006")


@pytest.fixture
def shared_grades() -> Callable[[int], Path]:
    def get(year: int) -> Path:
        path = grades_path(year)
        if not path.is_file():
            pytest.skip(f"the shared published grades are missing: {path}")
        return path

    return get


def test_it_loads_the_2006_baseline_and_2007_grades_with_their_sources(
    both_packs: None,
    shared_grades: Callable[[int], Path],
    cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli(["import-grades", str(shared_grades(2006))]) == 0
    assert "13 grade(s) published without a report loaded for hmic-2006" in capsys.readouterr().out
    assert cli(["import-grades", str(shared_grades(2007))]) == 0
    suffolk = PublishedGrade.objects.get(force__code="suffolk", programme__code="hmic-2007")
    assert (suffolk.framework.code, suffolk.grade, suffolk.source_kind) == (
        "CA",
        "poor",
        "news report of the inspection",
    )
    assert suffolk.source_url.startswith("https://www.ipswichstar.co.uk/")
    pvp_2006 = PublishedGrade.objects.filter(programme__code="hmic-2006", framework__code="PVP")
    assert sorted(pvp_2006.values_list("grade", flat=True)).count("poor") == 8  # all eight Poor forces
    history = grade_history("bedfordshire")
    assert [(r.programme_code, r.framework_code, r.grade, r.published.isoformat()) for r in history] == [
        ("hmic-2007", "NP", "poor", "2007-10-01"),
        ("hmic-2006", "PVP", "poor", "2006-10-01"),
    ]
    assert history[1].source == "https://www.theguardian.com/uk/2006/oct/25/ukcrime.prisonsandprobation"


def test_it_loads_the_same_file_again_without_duplicating(
    both_packs: None,
    shared_grades: Callable[[int], Path],
    cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli(["import-grades", str(shared_grades(2006))]) == 0
    events = AuditEvent.objects.count()
    capsys.readouterr()
    assert cli(["import-grades", str(shared_grades(2006))]) == 0
    assert "already loaded from this file" in capsys.readouterr().out
    assert (PublishedGrade.objects.count(), AuditEvent.objects.count()) == (13, events)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "Gotham City Police,PVP,Poor,https://example.org/",
            "line 3, force: 'Gotham City Police' is not a force",
        ),
        (
            "Essex Police,CA,Poor,https://example.org/",
            "line 3, framework: 'CA' is not a framework of hmic-2006",
        ),
        (
            "Essex Police,PVP,Dreadful,https://example.org/",
            "line 3, grade: 'Dreadful' is not a grade of hmic-2006",
        ),
        ("Essex Police,PVP,Poor,", "line 3, source_url: every grade needs its source"),
    ],
    ids=["unknown-force", "unknown-framework", "unknown-grade", "no-source"],
)
def test_it_refuses_a_bad_row_naming_its_line_and_loads_nothing(
    both_packs: None,
    tmp_path: Path,
    cli: Callable[[list[str]], int],
    capsys: pytest.CaptureFixture[str],
    row: str,
    message: str,
) -> None:
    path = tmp_path / "published-grades-2006.csv"
    path.write_text(
        f"force,framework,grade,source_url\nKent Police,PVP,Fair,https://example.org/\n{row}\n",
        encoding="utf-8",
    )
    assert cli(["import-grades", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"published-grades-2006.csv, {message}" in err and "Nothing was loaded" in err
    assert not PublishedGrade.objects.exists()


def test_the_national_pages_count_them_labelled_by_source(
    both_packs: None,
    seed: Path,
    shared_grades: Callable[[int], Path],
    cli: Callable[[list[str]], int],
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert cli(["import-report", str(seed), "--programme", "hmic-2007"]) == 0
    assert cli(["import-grades", str(shared_grades(2007))]) == 0
    assert cli(["import-grades", str(shared_grades(2006))]) == 0
    page = client.get("/published/hmic-2007/").content.decode()
    # NP: West Midlands from its report; the Met, Bedfordshire, Surrey, Essex and Norfolk without one.
    held = page[page.index('data-testid="held-NP"') :].split("</td>")[0]
    assert "6 of 43" in held and "1 in published reports" in held and "5 published without a report" in held
    assert "Grades published without a report" in page and "hansard.parliament.uk" in page
    # West Midlands' CSV rows repeat its report; the report is counted, not both.
    assert page.count("West Midlands Police</td>") == 0
    baseline = client.get("/published/hmic-2006/").content.decode()
    held = baseline[baseline.index('data-testid="held-PVP"') :].split("</td>")[0]
    assert "10 of 43" in held and "10 published without a report" in held  # 8 Poor, 2 Fair
    index = client.get("/published/").content.decode()
    assert 'data-testid="grades-only-hmic-2006"' in index
    force = client.get("/published/forces/suffolk/").content.decode()
    assert "ipswichstar.co.uk" in force and "Poor" in force
