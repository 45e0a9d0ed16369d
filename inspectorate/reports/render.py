"""A built report as HTML, PDF, Word or JSON.

HTML and PDF come from the same template (`reports/report.html`): the PDF is the HTML through
WeasyPrint with the template's print rules (A4, running header, "Page N of M"), tagged as PDF/UA-1.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.template.loader import render_to_string

from .builder.model import Report
from .builder.serial import report_from_plain, to_plain

FORMATS = ("html", "pdf", "docx", "json")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}


def render_html(report: Report) -> str:
    return render_to_string("reports/report.html", {"report": report})


def render_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint loads Pango and fonts, which pages that never print need not pay for.
    from weasyprint import HTML

    html = render_html(report)
    pdf = HTML(string=html, base_url=None).write_pdf(
        pdf_variant="pdf/ua-1",
        # PDF/UA needs the document's language and title; WeasyPrint takes both from the HTML, and
        # the identifier pins the file's /ID to its content rather than to the time of rendering.
        pdf_identifier=_identifier(report),
    )
    assert pdf is not None
    return bytes(pdf)


def _identifier(report: Report) -> bytes:
    return hashlib.md5(render_json(report).encode(), usedforsecurity=False).hexdigest().encode()


def render_docx(report: Report) -> bytes:
    from .word import write_docx

    return write_docx(report)


def report_dict(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = to_plain(report)
    data["title"] = report.title
    data["running_header"] = report.running_header
    return data


def render_json(report: Report) -> str:
    """The report model as JSON: same report, same bytes (keys sorted, no timestamps but `generated`)."""
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def report_from_json(text: str) -> Report:
    """A report frozen as JSON (`render_json`), as the report model again."""
    return report_from_plain(json.loads(text))


def render(report: Report, fmt: str) -> bytes:
    if fmt == "html":
        return render_html(report).encode()
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "docx":
        return render_docx(report)
    if fmt == "json":
        return render_json(report).encode()
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
