"""The report as HTML (one template for screen and print) and as JSON."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys

from inspectorate.reports.builder import build_report
from inspectorate.reports.builder.model import Chart, Series
from inspectorate.reports.charts import distribution_svg, render_svg
from inspectorate.reports.render import render_html, render_json, report_from_json

from .conftest import GENERATED


def _report(programme_data, force_data, inspection_data, national, **changes):  # type: ignore[no-untyped-def]
    inspection = dataclasses.replace(inspection_data, **changes)
    return build_report(programme_data, force_data, inspection, national, draft=True, generated=GENERATED)


def test_it_renders_accessible_tables(programme_data, force_data, inspection_data, national):
    html = render_html(_report(programme_data, force_data, inspection_data, national))
    tables = re.findall(r"<table.*?</table>", html, flags=re.S)
    assert len(tables) >= 6
    for table in tables:
        assert "<caption id=" in table
        assert re.search(r'<th scope="(col|colgroup)"', table)
    assert '<th scope="row">Neighbourhood Policing</th>' in html
    assert '<th scope="rowgroup" colspan="10">Protecting vulnerable people</th>' in html
    assert '<caption id="national-summary-caption">National summary of judgements:' in html


def test_it_shows_each_grade_as_a_banner(programme_data, force_data, inspection_data, national):
    html = render_html(_report(programme_data, force_data, inspection_data, national))
    banners = re.findall(
        r'<div class="report-grade report-grade--(\w+)".*?<p class="report-grade__text">(.*?)</p>',
        html,
        flags=re.S,
    )
    assert banners == [("excellent", "Grade: Excellent"), ("fair", "Grade: Fair"), ("good", "Grade: Good")]


def test_it_draws_each_distribution_as_an_accessible_svg_chart(
    programme_data, force_data, inspection_data, national
):
    html = render_html(_report(programme_data, force_data, inspection_data, national))
    charts = re.findall(r"<svg role=\"img\".*?</svg>", html, flags=re.S)
    assert len(charts) == 3  # NP, CA and MP
    first = charts[0]
    assert '<title id="chart-np-title">National grade distribution: Neighbourhood Policing</title>' in first
    assert "As published: Excellent 6, Good 14, Fair 21, Poor 2." in first
    assert 'aria-labelledby="chart-np-title chart-np-desc"' in first
    # Ids are unique in the page although every chart comes from the same plotting code.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_it_renders_the_same_bytes_every_time(programme_data, force_data, inspection_data, national):
    report = _report(programme_data, force_data, inspection_data, national)
    distribution_svg.cache_clear()
    first = render_html(report)
    distribution_svg.cache_clear()
    assert render_html(report) == first


def test_it_draws_the_same_chart_in_another_process() -> None:
    # A fresh interpreter has other hash seeds and object ids: the SVG must not depend on them.
    chart = Chart("chart-x", "Title", "Description", ("Excellent", "Good"), (Series("As published", (3, 4)),))
    script = (
        "from inspectorate.reports.builder.model import Chart, Series\n"
        "from inspectorate.reports.charts import render_svg\n"
        "import sys\n"
        "series = (Series('As published', (3, 4)),)\n"
        "chart = Chart('chart-x', 'Title', 'Description', ('Excellent', 'Good'), series)\n"
        "sys.stdout.write(render_svg(chart))\n"
    )
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    mine = render_svg(chart)
    assert other == mine
    assert "Date" not in mine and "<dc:date" not in mine


def test_it_marks_a_draft_with_a_watermark(programme_data, force_data, inspection_data, national):
    report = _report(programme_data, force_data, inspection_data, national)
    html = render_html(report)
    assert '<div class="report-watermark" aria-hidden="true">DRAFT</div>' in html
    assert '@top-right { content: "DRAFT"' in html
    final = render_html(dataclasses.replace(report, draft=False))
    assert "report-watermark" not in final.split("</style>")[1]


def test_it_repeats_the_reconstruction_notice_in_every_section(
    programme_data, force_data, inspection_data, national
):
    report = _report(programme_data, force_data, inspection_data, national, is_demonstration=True)
    html = render_html(report)
    sections = re.findall(r"<section .*?</section>", html, flags=re.S)
    assert len(sections) == len(report.sections)
    for section in sections:
        heading_end = section.index("</h2>")
        assert (
            'class="report-notice report-notice--demonstration"' in section[heading_end : heading_end + 200]
        )
    title_page = html[html.index('<header class="report-title-page">') : html.index("</header>")]
    assert "Reconstruction for demonstration" in title_page


def test_it_keeps_text_as_text(programme_data, force_data, inspection_data, national):
    findings = {"NP": {"strength": ("<script>alert('x')</script> & more",)}}
    html = render_html(_report(programme_data, force_data, inspection_data, national, findings=findings))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_it_gives_the_report_as_json_and_back(programme_data, force_data, inspection_data, national):
    report = _report(programme_data, force_data, inspection_data, national)
    text = render_json(report)
    assert text == render_json(report)
    data = json.loads(text)
    assert data["title"] == report.title
    assert [s["id"] for s in data["sections"]][-1] == "glossary"
    kinds = {b["type"] for s in data["sections"] for b in s["blocks"]}
    assert {"paragraph", "bullets", "heading", "table", "chart", "grade", "glossary"} <= kinds
    assert report_from_json(text) == report
