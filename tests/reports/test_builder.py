"""The report builder: a pure function from data to the report model (METHODOLOGY §8)."""

from __future__ import annotations

import dataclasses

import pytest

from inspectorate.methodology.pack import read_pack
from inspectorate.reports.builder import (
    AwardData,
    InspectionData,
    NationalGrades,
    PracticeExample,
    build_report,
)
from inspectorate.reports.builder.model import GlossaryGroup, GradeBanner, Notice, Report, Table, report_texts
from inspectorate.reports.pack_inputs import programme_from_pack

from ..conftest import PACK_2007
from .conftest import GENERATED

ORDER = [
    "introduction",
    "grading",
    "developing-practice",
    "future",
    "force-overview",
    "findings",
    "framework-np",
    "framework-pvp",
    "framework-ca",
    "framework-mp",
    "glossary",
]


def _build(programme, force, inspection, national, practice=(), draft=True) -> Report:  # type: ignore[no-untyped-def]
    return build_report(programme, force, inspection, national, practice, draft=draft, generated=GENERATED)


def _table(report: Report, table_id: str) -> Table:
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.id == table_id:
                return block
    raise AssertionError(f"no table {table_id}")


def _row(table: Table, first: str) -> list[str]:
    for row in table.rows:
        if row[0].text == first and row[0].scope != "rowgroup":
            return [cell.text for cell in row]
    raise AssertionError(f"no row {first!r} in {table.id}")


def _glossary_terms(report: Report) -> list[str]:
    return [entry.term for group in report.glossary for entry in group.entries]


def test_it_orders_the_sections_as_the_methodology_says(
    programme_data, force_data, inspection_data, national
):
    report = _build(programme_data, force_data, inspection_data, national)
    assert [s.id for s in report.sections] == ORDER
    assert report.force == "West Midlands Police"
    assert report.month_year == "October 2007"
    assert report.draft


def test_it_builds_the_2007_pack_in_report_order(force_data, national):
    programme = programme_from_pack(read_pack(PACK_2007))
    inspection = InspectionData(frameworks=("NP", "PM", "CA", "DV", "PP", "MP"))
    report = _build(programme, force_data, inspection, national)
    titles = [s.title for s in report.sections]
    assert titles[6:-1] == [
        "Neighbourhood Policing",
        "Performance management",
        "Protecting vulnerable people – Overview",
        "Protecting vulnerable people – Child abuse",
        "Protecting vulnerable people – Domestic violence",
        "Protecting vulnerable people – Public protection",
        "Protecting vulnerable people – Missing persons",
    ]
    assert len(_table(report, "risk-based-frameworks").rows) == 8
    assert len(_table(report, "planned-areas").rows) == 12
    summary = _table(report, "national-summary")
    assert _row(summary, "Neighbourhood Policing")[1:5] == ["6", "14", "21", "2"]
    assert _row(summary, "Domestic violence")[1:5] == ["1", "13", "27", "2"]
    assert _row(summary, "Missing persons")[1:5] == ["1", "21", "21", "0"]
    groups = [row[0].text for row in summary.rows if row[0].scope == "rowgroup"]
    assert groups == ["Neighbourhood Policing", "Performance management", "Protecting vulnerable people"]


def test_it_shows_the_distribution_as_published_beside_the_system_count(
    programme_data, force_data, inspection_data, national
):
    report = _build(programme_data, force_data, inspection_data, national)
    summary = _table(report, "national-summary")
    assert [c.text for c in summary.head[0]][1:3] == ["As published", "System count"]
    assert _row(summary, "Neighbourhood Policing")[1:] == [
        "6",
        "14",
        "21",
        "2",
        "0",
        "1",
        "0",
        "0",
        "1 of 43",
    ]
    # Missing persons has no published distribution: the system count stands alone.
    assert _row(summary, "Missing persons")[1:] == ["–", "–", "–", "–", "0", "1", "0", "0", "1 of 43"]
    np_dist = _table(report, "distribution-np")
    assert _row(np_dist, "As published")[1:] == ["6", "14", "21", "2"]
    assert _row(np_dist, "System count (grades held for 1 of 43 forces)")[1:] == ["0", "1", "0", "0"]


def test_it_shows_the_system_count_alone_when_it_holds_every_force(
    programme_data, force_data, inspection_data
):
    national = NationalGrades(
        counts={"NP": {"excellent": 5, "good": 15, "fair": 21, "poor": 2}},
        forces_held={"NP": 43, "CA": 43, "MP": 43},
        total_forces=43,
    )
    report = _build(programme_data, force_data, inspection_data, national)
    summary = _table(report, "national-summary")
    assert len(summary.head) == 1
    assert _row(summary, "Neighbourhood Policing")[1:] == ["5", "15", "21", "2"]
    np_dist = _table(report, "distribution-np")
    assert [row[0].text for row in np_dist.rows] == ["Published grades of all 43 forces"]
    assert "As published" not in "\n".join(report_texts(report))


def test_it_takes_each_grade_from_the_current_award(programme_data, force_data, inspection_data, national):
    report = _build(programme_data, force_data, inspection_data, national)
    banners = {b.framework: b for s in report.sections for b in s.blocks if isinstance(b, GradeBanner)}
    assert {code: b.grade_name for code, b in banners.items()} == {
        "NP": "Excellent",
        "CA": "Fair",
        "MP": "Good",
    }
    assert _row(_table(report, "force-summary"), "Child abuse") == ["Child abuse", "Fair"]

    changed = dataclasses.replace(
        inspection_data, awards=(AwardData("NP", "excellent"), AwardData("CA", "poor"))
    )
    report = _build(programme_data, force_data, changed, national)
    summary = _table(report, "force-summary")
    assert _row(summary, "Child abuse") == ["Child abuse", "Poor"]
    assert _row(summary, "Missing persons") == ["Missing persons", "not yet awarded"]


def test_it_refuses_a_grade_that_is_not_in_the_scale(programme_data, force_data, inspection_data, national):
    wrong = dataclasses.replace(inspection_data, awards=(AwardData("CA", "outstanding"),))
    with pytest.raises(ValueError, match="award for CA: 'outstanding' is not a grade of test-programme"):
        _build(programme_data, force_data, wrong, national)


def test_it_refuses_findings_under_a_framework_outside_the_scope(
    programme_data, force_data, inspection_data, national
):
    wrong = dataclasses.replace(inspection_data, findings={"VCR": {"strength": ("x",)}})
    with pytest.raises(ValueError, match="findings under VCR"):
        _build(programme_data, force_data, wrong, national)


def test_it_prints_the_group_overview_before_its_components_and_without_a_grade(
    programme_data, force_data, inspection_data, national
):
    report = _build(programme_data, force_data, inspection_data, national)
    ids = [s.id for s in report.sections]
    assert ids.index("framework-pvp") < ids.index("framework-ca") < ids.index("framework-mp")
    overview = report.section("framework-pvp")
    assert overview.title == "Protecting vulnerable people – Overview"
    assert not any(isinstance(b, GradeBanner) for b in overview.blocks)
    assert "Staff are committed." in report_texts(report)
    assert any(isinstance(b, GradeBanner) for b in report.section("framework-ca").blocks)


def test_it_prints_the_lists_in_order_and_recommendations_only_when_made(
    programme_data, force_data, inspection_data, national
):
    texts = list(report_texts(_build(programme_data, force_data, inspection_data, national)))
    np_start = texts.index("Neighbourhood Policing", texts.index("Findings") + 1)
    section = texts[np_start : texts.index("Protecting vulnerable people – Overview")]
    headings = [t for t in section if t in ("Strengths", "Work in progress", "Areas for improvement")]
    assert headings == ["Strengths", "Work in progress", "Areas for improvement"]
    assert "Recommendations" not in texts

    with_recommendation = dataclasses.replace(
        inspection_data, findings={"NP": {"recommendation": ("Review abstraction.",)}}
    )
    texts = list(report_texts(_build(programme_data, force_data, with_recommendation, national)))
    assert texts[texts.index("Recommendations") + 1] == "Review abstraction."


def test_it_lists_an_abbreviation_only_when_the_text_uses_it(
    programme_data, force_data, inspection_data, national
):
    report = _build(programme_data, force_data, inspection_data, national)
    terms = _glossary_terms(report)
    assert "OCU" in terms  # "Each OCU has neighbourhood teams."
    assert "HMIC" in terms  # in the programme's introduction
    assert "MAPPA" not in terms and "ASB" not in terms and "PVP" not in terms

    def with_np_strength(text: str) -> list[str]:
        findings = {**inspection_data.findings, "NP": {"strength": (text,)}}
        changed = dataclasses.replace(inspection_data, findings=findings)
        return _glossary_terms(_build(programme_data, force_data, changed, national))

    assert "OCU" not in with_np_strength("Each command unit has neighbourhood teams.")
    assert "MAPPA" in with_np_strength("Teams attend MAPPA meetings.")
    assert "PCSO" in with_np_strength("PCSOs patrol every neighbourhood.")  # a plural still counts
    assert "ASB" not in with_np_strength("Teams tackle asb and ASBO breaches.")  # case and whole word
    assert "OCU" not in with_np_strength("OCUX is not a word the glossary knows.")


def test_it_orders_the_glossary_and_groups_it_by_initial(
    programme_data, force_data, inspection_data, national
):
    findings = {"NP": {"strength": ("PCSOs, MAPPA, ASB and PVP work in each OCU.",)}}
    report = _build(
        programme_data, force_data, dataclasses.replace(inspection_data, findings=findings), national
    )
    groups = report.glossary
    assert [g.letter for g in groups] == ["A", "H", "M", "O", "P"]
    assert [e.term for e in groups[-1].entries] == ["PCSO", "PVP"]
    assert all(isinstance(b, GlossaryGroup) for b in report.section("glossary").blocks)


def test_it_files_developing_practice_under_its_area(programme_data, force_data, inspection_data, national):
    example = PracticeExample(
        "CA", "Joint visits", "Visits overlapped.", "One visit.", "- Fewer visits", "DI Smith"
    )
    report = _build(programme_data, force_data, inspection_data, national, (example,))
    boxes = [b for s in report.sections for b in s.blocks if b.kind == "practice"]
    assert [b.title for b in boxes] == ["Joint visits"]
    assert boxes[0] in report.section("framework-ca").blocks
    assert boxes[0].outcomes == ("• Fewer visits",)
    assert "Joint visits (Child abuse)" in report_texts(report)


def test_it_marks_every_section_of_a_demonstration(programme_data, force_data, inspection_data, national):
    demo = dataclasses.replace(
        inspection_data, is_demonstration=True, demonstration_note="Rebuilt from the 2007 report."
    )
    report = _build(programme_data, force_data, demo, national)
    assert report.demonstration_notice.startswith("Reconstruction for demonstration")
    assert "Rebuilt from the 2007 report." in report.demonstration_notice
    assert "RECONSTRUCTION FOR DEMONSTRATION" in report.status_label
    for section in report.sections:
        assert isinstance(section.blocks[0], Notice), section.id
        assert section.blocks[0].text.startswith("Reconstruction for demonstration"), section.id
    # A note that is itself the notice is not prefixed twice.
    own = dataclasses.replace(demo, demonstration_note="Reconstruction for demonstration: rebuilt.")
    assert _build(programme_data, force_data, own, national).demonstration_notice == (
        "Reconstruction for demonstration: rebuilt."
    )

    plain = _build(programme_data, force_data, inspection_data, national, draft=False)
    assert plain.demonstration_notice == "" and plain.status_label == ""
    assert not any(isinstance(b, Notice) for s in plain.sections for b in s.blocks)


def test_it_is_pure_the_same_inputs_give_the_same_report(
    programme_data, force_data, inspection_data, national
):
    first = _build(programme_data, force_data, inspection_data, national)
    second = _build(programme_data, force_data, inspection_data, national)
    assert first == second
