"""A built report as a Word document (.docx): the same sections as the HTML, with Word's own heading
styles (Heading 1 for sections, Heading 2 and 3 within them), real tables with repeating header
rows, grade banners and developing-practice boxes as shaded single-cell tables, and a DRAFT header
on every page of a draft."""

from __future__ import annotations

import datetime
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .builder.model import (
    Block,
    Bullets,
    Chart,
    GlossaryGroup,
    GradeBanner,
    Heading,
    Notice,
    Paragraph,
    PracticeBox,
    Report,
    Table,
)

RED = RGBColor(0xD4, 0x35, 0x1C)
GREY = RGBColor(0x50, 0x5A, 0x5F)
FONT = "Liberation Sans"
GRADE_FILLS = {"excellent": "CCE2D8", "good": "D2E2F1", "fair": "FCD6C3", "poor": "F6D7D2"}


def _shade(cell: _Cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _repeat_header(row_element: object) -> None:
    props = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)
    no_split = OxmlElement("w:cantSplit")
    props.append(no_split)


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = instruction
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.extend([begin, code, end])


def _header_footer(document: DocxDocument, report: Report) -> None:
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = report.running_header
    header.runs[0].font.size = Pt(8.5)
    header.runs[0].font.color.rgb = GREY
    if report.status_label:
        status = section.header.add_paragraph()
        run = status.add_run(report.status_label)
        run.bold = True
        run.font.color.rgb = RED
        status.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _title_page(document: DocxDocument, report: Report) -> None:
    if report.draft:
        status = document.add_paragraph()
        run = status.add_run(
            f"DRAFT – not for publication. Generated {report.generated.day} {report.generated:%B %Y}."
        )
        run.bold = True
        run.font.color.rgb = RED
    document.add_paragraph(report.force, style="Title")
    document.add_paragraph(f"{report.inspectorate} – {report.subtitle.lower()}", style="Subtitle")
    document.add_paragraph(report.programme)
    date = document.add_paragraph()
    date.add_run(report.month_year).bold = True
    if report.demonstration_notice:
        _notice(document, report.demonstration_notice)
    if report.provenance:
        _notice(document, report.provenance)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _notice(document: DocxDocument, text: str) -> None:
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    run = cell.paragraphs[0].add_run(text)
    run.bold = True
    run.font.color.rgb = RED
    document.add_paragraph()


def _table(document: DocxDocument, block: Table) -> None:
    document.add_paragraph(block.caption, style="Caption")
    width = block.width
    table: DocxTable = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for index, row in enumerate(block.head + block.rows):
        docx_row = table.add_row()
        if index < len(block.head):
            _repeat_header(docx_row._tr)
        column = 0
        for cell in row:
            target = docx_row.cells[column]
            if cell.colspan > 1:
                target = target.merge(docx_row.cells[column + cell.colspan - 1])
            paragraph = target.paragraphs[0]
            run = paragraph.add_run(cell.text)
            run.bold = cell.header and (index < len(block.head) or cell.scope == "rowgroup")
            if cell.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if cell.scope == "rowgroup":
                _shade(target, "F3F2F1")
            column += cell.colspan
    for note in block.notes:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(note)
        run.font.size = Pt(9)
        run.font.color.rgb = GREY
    document.add_paragraph()


def _grade(document: DocxDocument, block: GradeBanner) -> None:
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    _shade(cell, GRADE_FILLS.get(block.grade, "F3F2F1"))
    run = cell.paragraphs[0].add_run(block.text)
    run.bold = True
    run.font.size = Pt(16)
    if block.note:
        cell.add_paragraph(block.note)
    document.add_paragraph()


def _practice(document: DocxDocument, block: PracticeBox) -> None:
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    _shade(cell, "F3F2F1")
    label = cell.paragraphs[0].add_run("DEVELOPING PRACTICE")
    label.bold = True
    label.font.color.rgb = GREY
    title = cell.add_paragraph().add_run(block.title)
    title.bold = True
    title.font.size = Pt(13)
    area = cell.add_paragraph()
    area.add_run("Inspection area: ").bold = True
    area.add_run(block.area)
    for heading, lines in (
        ("Problem", block.problem),
        ("Solution", block.solution),
        ("Outcomes", block.outcomes),
    ):
        cell.add_paragraph().add_run(heading).bold = True
        for line in lines:
            cell.add_paragraph(line)
    contact = cell.add_paragraph()
    contact.add_run("Force contact: ").bold = True
    contact.add_run(block.contact)
    document.add_paragraph()


def _glossary(document: DocxDocument, block: GlossaryGroup) -> None:
    document.add_heading(block.letter, level=2)
    for entry in block.entries:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.left_indent = Pt(72)
        paragraph.paragraph_format.first_line_indent = Pt(-72)
        paragraph.paragraph_format.tab_stops.add_tab_stop(Pt(72))
        paragraph.add_run(entry.term).bold = True
        paragraph.add_run(f"\t{entry.meaning}")


def _block(document: DocxDocument, block: Block) -> None:
    if isinstance(block, Paragraph):
        document.add_paragraph(block.text)
    elif isinstance(block, Bullets):
        for item in block.items:
            document.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Heading):
        document.add_heading(block.text, level=2 if block.level <= 3 else 3)
    elif isinstance(block, Table):
        _table(document, block)
    elif isinstance(block, Chart):
        # The chart's figures are in the table that follows it; Word gets the table only.
        return
    elif isinstance(block, GradeBanner):
        _grade(document, block)
    elif isinstance(block, PracticeBox):
        _practice(document, block)
    elif isinstance(block, Notice):
        _notice(document, block.text)
    elif isinstance(block, GlossaryGroup):
        _glossary(document, block)


def write_docx(report: Report) -> bytes:
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    props = document.core_properties
    props.title = report.title
    props.author = report.inspectorate
    props.subject = report.programme
    props.language = report.lang
    props.keywords = "draft" if report.draft else ""
    moment = datetime.datetime.combine(report.generated, datetime.time())
    props.created = props.modified = moment
    props.last_modified_by = "Inspectorate"
    props.revision = 1
    _header_footer(document, report)
    _title_page(document, report)
    for number, section in enumerate(report.sections):
        heading = document.add_heading(section.title, level=1)
        if number:
            heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            _block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
