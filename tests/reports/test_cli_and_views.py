"""`inspectorate report render` and the draft report pages."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from inspectorate.inspections.choices import Stage

from .conftest import make_inspection

pytestmark = pytest.mark.django_db


def _render(*args: str) -> str:
    out = io.StringIO()
    call_command("report", "render", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-"), ("docx", b"PK\x03\x04"), ("json", b"{")],
)
def test_it_renders_the_latest_draft_to_a_file(wm_draft, tmp_path, fmt, magic):
    path = tmp_path / f"wmp.{fmt}"
    said = _render(
        "--force", "west-midlands", "--programme", "hmic-2007", "--format", fmt, "-o", str(path), "--draft"
    )
    assert path.read_bytes().startswith(magic)
    assert f"Wrote {path} ({fmt}," in said
    assert f"inspection {wm_draft.pk}, drafting" in said


def test_it_takes_the_format_from_the_file_name(wm_draft, tmp_path):
    path = tmp_path / "wmp.json"
    _render("--force", "west-midlands", "--programme", "hmic-2007", "-o", str(path), "--draft")
    data = json.loads(path.read_text())
    assert data["draft"] is True
    assert data["force"] == "West Midlands Police"


def test_it_renders_a_demonstration_draft_with_its_notice(pack_2007, make_persona, tmp_path):
    make_inspection(pack_2007, "west-midlands", make_persona("lead"), is_demonstration=True)
    path = tmp_path / "demo.html"
    said = _render("--force", "west-midlands", "--programme", "hmic-2007", "-o", str(path), "--draft")
    assert "a reconstruction for demonstration" in said
    assert "Reconstruction for demonstration: this is not an inspection report." in path.read_text()


def test_it_says_when_nothing_is_published(wm_draft, tmp_path):
    with pytest.raises(CommandError, match="no published report for west-midlands in hmic-2007"):
        _render("--force", "west-midlands", "--programme", "hmic-2007", "-o", str(tmp_path / "r.pdf"))
    with pytest.raises(CommandError, match="no published version 2 of the report for west-midlands"):
        _render(
            "--force",
            "west-midlands",
            "--programme",
            "hmic-2007",
            "-o",
            str(tmp_path / "r.pdf"),
            "--version",
            "2",
        )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--force", "atlantis", "--programme", "hmic-2007"), "unknown force 'atlantis'"),
        (
            ("--force", "west-midlands", "--programme", "hmic-1066"),
            r"unknown programme 'hmic-1066' \(programmes: hmic-2007\)",
        ),
        (("--force", "durham", "--programme", "hmic-2007", "--draft"), "nothing to render: Durham"),
        (
            ("--force", "west-midlands", "--programme", "hmic-2007", "--draft", "--version", "1"),
            "a draft has none",
        ),
    ],
)
def test_it_refuses_with_a_clear_error(pack_2007, forces, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        _render(*args, "-o", str(tmp_path / "r.html"))


def test_it_refuses_an_unknown_format_and_a_missing_folder(pack_2007, tmp_path):
    with pytest.raises(CommandError, match="say which format"):
        _render("--force", "west-midlands", "--programme", "hmic-2007", "-o", str(tmp_path / "r.txt"))
    with pytest.raises(CommandError, match="does not exist"):
        _render("--force", "west-midlands", "--programme", "hmic-2007", "-o", str(tmp_path / "no" / "r.html"))


def test_it_exits_non_zero_from_the_console_script(cli, pack_2007, forces, tmp_path, capsys):
    code = cli(
        [
            "report",
            "render",
            "--force",
            "west-midlands",
            "--programme",
            "hmic-2007",
            "-o",
            str(tmp_path / "r.pdf"),
        ]
    )
    assert code == 1
    assert "no published report for west-midlands in hmic-2007" in capsys.readouterr().err


def test_it_shows_the_team_its_draft(wm_draft, client_for):
    response = client_for("inspector").get(reverse("reports:draft", kwargs={"inspection_id": wm_draft.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="report-title">West Midlands Police' in html
    assert '<div class="report-watermark" aria-hidden="true">DRAFT</div>' in html
    assert response["Cache-Control"] == "private, no-store"


def test_it_serves_word_and_pdf_as_downloads(wm_draft, client_for):
    client = client_for("lead")
    docx = client.get(reverse("reports:draft_docx", kwargs={"inspection_id": wm_draft.pk}))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="west-midlands-hmic-2007-draft-{wm_draft.pk}.docx"' in docx["Content-Disposition"]
    assert docx.content.startswith(b"PK")


def test_it_hides_a_draft_from_the_force_until_the_factual_accuracy_check(wm_draft, client_for):
    url = reverse("reports:draft", kwargs={"inspection_id": wm_draft.pk})
    assert client_for("force_a").get(url).status_code == 404
    wm_draft.stage = Stage.FACTUAL_ACCURACY
    wm_draft.save(update_fields=["stage"])
    assert client_for("force_a").get(url).status_code == 200
    assert client_for("force_b").get(url).status_code == 404


@pytest.fixture
def published_durham(pack_2007, make_persona, settings, tmp_path):  # type: ignore[no-untyped-def]
    """A published Durham report frozen as the publication service freezes one: its JSON in the
    database and its HTML file under MEDIA_ROOT (the PDF file is left out on purpose)."""
    from django.utils import timezone

    from inspectorate.reports.builder import build_report
    from inspectorate.reports.data import report_inputs
    from inspectorate.reports.models import PublishedReport
    from inspectorate.reports.render import render_html, render_json

    settings.MEDIA_ROOT = tmp_path / "media"
    lead = make_persona("lead")
    inspection = make_inspection(pack_2007, "durham", lead, stage=Stage.PUBLISHED, grades={"NP": "good"})
    report = build_report(**{**report_inputs(inspection), "draft": False})
    published = PublishedReport.objects.create(
        inspection=inspection,
        force=inspection.force,
        programme=pack_2007,
        version=1,
        title=report.title,
        published_at=timezone.now(),
        published_by=lead,
        report_json=render_json(report),
        json_sha256="0" * 64,
        html_sha256="0" * 64,
        pdf_sha256="0" * 64,
    )
    published.path("html").parent.mkdir(parents=True)
    published.path("html").write_text(render_html(report))
    return published


def test_it_renders_the_published_version_as_frozen(published_durham, tmp_path):
    args = ("--force", "durham", "--programme", "hmic-2007")
    said = _render(*args, "-o", str(tmp_path / "r.json"))
    assert "published version 1" in said
    assert (tmp_path / "r.json").read_text() == published_durham.report_json
    _render(*args, "-o", str(tmp_path / "r.html"), "--version", "1")
    assert (tmp_path / "r.html").read_bytes() == published_durham.path("html").read_bytes()
    _render(*args, "-o", str(tmp_path / "r.docx"))
    headings = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs if p.style.name == "Heading 1"]
    assert headings[-1] == "Glossary of terms and abbreviations"
    with pytest.raises(CommandError, match="the published pdf file of version 1 is missing"):
        _render(*args, "-o", str(tmp_path / "r.pdf"))
