"""The report as a Word document, read back with python-docx."""

from __future__ import annotations

import io

import pytest
from docx import Document

pytestmark = pytest.mark.django_db


def _document(wm_rendered):  # type: ignore[no-untyped-def]
    report, content = wm_rendered("docx")
    return report, Document(io.BytesIO(content))


def test_it_uses_word_heading_styles_for_the_sections(wm_rendered):
    report, document = _document(wm_rendered)
    by_style: dict[str, list[str]] = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Heading 1"] == [section.title for section in report.sections]
    assert {"National summary of judgements", "Force summary of judgements", "Strengths"} <= set(
        by_style["Heading 2"]
    )
    assert by_style["Title"] == ["West Midlands Police"]


def test_it_makes_real_tables_with_the_national_figures(wm_rendered):
    _, document = _document(wm_rendered)
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Neighbourhood Policing", "6", "14", "21", "2", "0", "1", "0", "0", "1 of 43"] in rows
    assert ["Domestic violence", "1", "13", "27", "2", "0", "0", "1", "0", "1 of 43"] in rows
    assert ["Missing persons", "Good"] in rows
    # The header row of the national summary repeats on every page the table runs over.
    summary = next(
        t for t in document.tables if len(t.columns) > 1 and t.rows[0].cells[1].text == "As published"
    )
    assert summary.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_it_shows_grade_banners_and_a_draft_header(wm_rendered):
    _, document = _document(wm_rendered)
    banners = [t.rows[0].cells[0].text for t in document.tables if len(t.columns) == 1]
    assert {"Grade: Excellent", "Grade: Fair", "Grade: Good"} <= set(banners)
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert "DRAFT" in header
    assert "West Midlands Police – HM Inspectorate of Constabulary – October 2007" in header
    assert document.core_properties.language == "en-GB"
