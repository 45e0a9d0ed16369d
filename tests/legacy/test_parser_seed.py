"""The parser on the published 2007 West Midlands report, against an expectation written by reading
the document (not from the parser's output): the bullets under each heading of each section were
counted by hand, as were the developing-practice boxes and the glossary entries."""

from __future__ import annotations

import pytest

from inspectorate.legacy.model import Layout
from inspectorate.legacy.parser import parse_report

# Counted from the seed: (strengths, work in progress, areas for improvement) per section.
HAND_COUNTS = {
    "NP": (34, 3, 3),
    "PM": (19, 2, 2),
    "PVP": (4, 2, 2),
    "CA": (11, 6, 7),
    "DV": (10, 2, 6),
    "PP": (11, 2, 7),
    "MP": (13, 3, 4),
}
HAND_GRADES = {"NP": "excellent", "PM": "excellent", "CA": "fair", "DV": "fair", "PP": "fair", "MP": "good"}
# METHODOLOGY §8 and the findings page of the report.
HAND_NATIONAL = {
    "NP": (6, 14, 21, 2),
    "PM": (6, 29, 8, 0),
    "CA": (3, 17, 21, 2),
    "DV": (1, 13, 27, 2),
    "PP": (2, 16, 23, 2),
    "MP": (1, 21, 21, 0),
}
# The appendix, letter by letter.
HAND_GLOSSARY = [
    "ABE",
    "ACC",
    "ACPO",
    "ASB",
    "BCU",
    "BME",
    "CAIU",
    "CAPU",
    "CEIT",
    "CEOP",
    "COMPACT",
    "CSB",
    "CT",
    "DARIM",
    "DCI",
    "DV",
    "HMIC",
    "HQ",
    "ICIDP",
    "JPPU",
    "KIN",
    "LEAN",
    "LSCB",
    "MAPPA",
    "MAPPP",
    "MARAC",
    "MARAP",
    "MSBCU",
    "NCPE",
    "NIM",
    "NIMDU",
    "OCU",
    "PA",
    "PCSO",
    "PNC",
    "PPO",
    "PRDi",
    "PVP",
    "RSO",
    "SC",
    "SMT",
    "SPOC",
    "T&C",
    "ViSOR",
    "WMMTS",
    "WMP",
]
GRADES = ("excellent", "good", "fair", "poor")


@pytest.fixture
def parsed(seed_text: str, layout: Layout):  # type: ignore[no-untyped-def]
    return parse_report(seed_text, layout)


def test_it_reads_the_force_and_month_from_the_page_header(parsed) -> None:  # type: ignore[no-untyped-def]
    assert parsed.force == "West Midlands Police"
    assert parsed.published == "2007-10"


def test_it_counts_every_list_as_read_by_hand(parsed) -> None:  # type: ignore[no-untyped-def]
    found = {
        code: (
            len(s.lists["strengths"]),
            len(s.lists["work_in_progress"]),
            len(s.lists["areas_for_improvement"]),
        )
        for code, s in parsed.sections.items()
    }
    assert found == HAND_COUNTS
    assert all(not s.lists["recommendations"] for s in parsed.sections.values())


def test_it_reads_both_summaries_and_every_banner(parsed) -> None:  # type: ignore[no-untyped-def]
    assert parsed.force_summary == HAND_GRADES
    assert {c: s.grade for c, s in parsed.sections.items() if c != "PVP"} == HAND_GRADES
    assert parsed.sections["PVP"].grade is None
    for code, figures in HAND_NATIONAL.items():
        assert parsed.national_summary[code] == dict(zip(GRADES, figures, strict=True))
        assert parsed.sections[code].national_distribution == dict(zip(GRADES, figures, strict=True))
    assert parsed.disagreements == []


def test_it_reads_the_two_developing_practice_boxes(parsed) -> None:  # type: ignore[no-untyped-def]
    boxes = [(b.section, b.area, b.title) for b in parsed.developing_practice]
    assert boxes == [
        ("DV", "Domestic abuse", "999 call protocol"),
        ("PP", "Public protection", "Pan-Birmingham multi-agency public protection panel (MAPPP)"),
    ]
    call, panel = parsed.developing_practice
    assert call.problem.count("• ") == 3  # the problem lists three obstacles
    assert call.outcomes.startswith("1. Due to the promotion of the protocol")
    assert call.outcomes.count("\n\n") == 2  # three numbered outcomes
    assert call.contact.endswith("Queensway, Birmingham B4 6NQ")  # broken across two lines
    assert panel.contact == "Detective Chief Inspector Gary Campbell – 0845 113 5000, ext 7800 2967"


def test_it_reads_the_glossary_as_printed(parsed) -> None:  # type: ignore[no-untyped-def]
    assert list(parsed.glossary) == HAND_GLOSSARY
    assert parsed.glossary["COMPACT"] == "community policing and case tracking"  # one space only
    # An entry whose meaning runs onto a second line.
    assert parsed.glossary["LEAN"].endswith("can be eliminated from processes to ensure optimum efficiency")


def test_it_rejoins_a_bullet_split_by_a_grade_banner(parsed) -> None:  # type: ignore[no-untyped-def]
    automated = [s for s in parsed.sections["MP"].lists["strengths"] if s.startswith("An automated link")]
    assert automated == [
        "An automated link between COMPACT and the Police National Computer (PNC) bureau has been "
        "established, ensuring that information on missing persons can be circulated nationally via "
        "the PNC in a timely manner. The system facilitates scrutiny of previous missing person reports "
        "to provide additional information and assist investigations."
    ]
    assert not any(
        "GRADE" in s for sec in parsed.sections.values() for lst in sec.lists.values() for s in lst
    )


def test_it_rejoins_a_sentence_split_by_a_banner_and_a_page(parsed) -> None:  # type: ignore[no-untyped-def]
    assert parsed.sections["NP"].force_context.endswith(
        "while maintaining good volume crime performance and an evident commitment to citizen focus "
        "and quality of service."
    )


def test_it_takes_out_the_page_header_in_the_middle_of_a_list(parsed) -> None:  # type: ignore[no-untyped-def]
    context = parsed.sections["PP"].national_context
    assert "HMIC Inspection Report" not in context and "Page 30" not in context
    assert context.endswith(
        "• defensible decisions;\n\n• rigorous risk assessment;\n\n• the delivery of risk management "
        "plans which match the identified public protection need; and,\n\n• the evaluation of "
        "performance to improve delivery."
    )


def test_it_keeps_a_hyphen_at_a_line_end_and_joins_the_word(parsed) -> None:  # type: ignore[no-untyped-def]
    priorities = dict(parsed.overview)["Strategic priorities"]
    assert "Tackle force-wide crimes" in priorities
    assert "counter-terrorism (CT)" in parsed.sections["NP"].lists["strengths"][19]


def test_it_keeps_pvp_generic_bullets_as_printed_and_recognises_them(parsed) -> None:  # type: ignore[no-untyped-def]
    welfare = parsed.sections["PVP"].lists["strengths"][2]
    assert welfare.startswith("The force has a well-established structure to provide welfare support")
    for code in ("CA", "DV", "PP", "MP"):
        assert welfare in parsed.sections[code].lists["strengths"]
    assert parsed.sections["MP"].overview_repeats == [
        ("strengths", 6),
        ("strengths", 7),
        ("strengths", 8),
        ("strengths", 9),
    ]
    assert [len(parsed.sections[c].overview_repeats) for c in ("CA", "DV", "PP")] == [1, 1, 1]


def test_it_reads_the_force_overview_under_its_printed_headings(parsed) -> None:  # type: ignore[no-untyped-def]
    assert [heading for heading, _ in parsed.overview] == [
        "Geographical description of force area",
        "Demographic profile of force area",
        "Strategic priorities",
        "Force developments since 2006",
    ]
    assert dict(parsed.overview)["Strategic priorities"].count("• ") == 6


@pytest.mark.parametrize("glyph", ["\uf0b7", "●", "▪", "◦"])
def test_it_reads_any_bullet_glyph_the_same(seed_text: str, layout: Layout, glyph: str) -> None:
    before = parse_report(seed_text, layout)
    after = parse_report(seed_text.replace("• ", glyph + " ").replace("•", glyph), layout)
    assert after.as_json() == before.as_json()
