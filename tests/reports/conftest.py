"""Report fixtures: a West-Midlands-like draft of the 2007 programme made directly with the ORM
(awards NP excellent, PM excellent, CA fair, DV fair, PP fair, MP good, a few findings per framework
and for the PVP overview), and builder inputs written by hand for the pure builder tests.

The finding texts are written for these tests; they use a handful of the glossary's abbreviations
(OCU, PCSO, ASB, MAPPA, MARAC, ViSOR) so the glossary has something to find."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest

from inspectorate.forces.models import Force
from inspectorate.inspections.choices import AwardStatus, Stage
from inspectorate.inspections.models import Finding, GradeAward, Inspection
from inspectorate.reports.builder import (
    AwardData,
    ForceData,
    ForceFactData,
    FrameworkDef,
    GlossaryEntry,
    GradeDef,
    GroupDef,
    InspectionData,
    NationalGrades,
    ProgrammeData,
    Report,
    build_report,
)

GENERATED = datetime.date(2026, 3, 2)
WM_GRADES = {"NP": "excellent", "PM": "excellent", "CA": "fair", "DV": "fair", "PP": "fair", "MP": "good"}
PROGRAMMED = ("NP", "PM", "CA", "DV", "PP", "MP")

FINDINGS: dict[str, dict[str, list[str]]] = {
    "NP": {
        "strength": [
            "Every OCU has neighbourhood teams in place, and PCSOs work with officers on local priorities.",
            "Partners take part in joint tasking meetings that set the teams' priorities.",
        ],
        "work_in_progress": ["Contact handling is being aligned with the neighbourhood structure."],
        "area_for_improvement": ["Response officers do not all understand what neighbourhood teams do."],
    },
    "PM": {
        "strength": ["Monthly performance reviews hold each OCU commander to account."],
        "work_in_progress": ["A balanced scorecard for command units is being introduced."],
        "area_for_improvement": ["Comparison with similar command units elsewhere is little used."],
    },
    "CA": {
        "strength": ["Specialist investigators are not taken away from child abuse work."],
        "area_for_improvement": ["Some investigators carry more cases than the force's own benchmark."],
    },
    "DV": {
        "strength": ["Every MARAC in the force area is attended by a specialist officer."],
        "work_in_progress": ["Risk assessment forms are being revised."],
        "area_for_improvement": ["The quality of risk assessment forms varies between units."],
    },
    "PP": {
        "strength": ["Offenders at MAPPA levels 2 and 3 are managed closely with probation."],
        "area_for_improvement": ["Records on ViSOR are not audited regularly."],
    },
    "MP": {
        "strength": ["Reviews of long-term missing person cases are carried out by a different unit."],
        "area_for_improvement": ["Return interviews are not structured in the same way everywhere."],
    },
}
PVP_FINDINGS = {
    "strength": ["Specialist staff are committed to protecting vulnerable people."],
    "area_for_improvement": ["Training for specialist staff differs from one unit to the next."],
}
CONTEXT = {
    "geography": "The force covers a large, mostly urban area with three major cities.",
    "demography": "The population is diverse and younger than the national average.",
    "strategic_priorities": "- Reduce crime and disorder.\n- Increase public confidence.",
    "developments": "The force has reviewed how it protects vulnerable people since its last inspection.",
}


def make_inspection(
    programme: Any,
    force_code: str,
    lead: Any,
    *,
    stage: str = Stage.DRAFTING,
    grades: dict[str, str] | None = None,
    findings: dict[str, dict[str, list[str]]] | None = None,
    inspectors: tuple[Any, ...] = (),
    **extra: Any,
) -> Inspection:
    inspection = Inspection.objects.create(
        force=Force.objects.get(code=force_code),
        programme=programme,
        lead=lead,
        created_by=lead,
        stage=stage,
        **extra,
    )
    inspection.frameworks.set(programme.frameworks.filter(code__in=PROGRAMMED))
    inspection.inspectors.set(inspectors)
    for code, grade in (grades or {}).items():
        GradeAward.objects.create(
            inspection=inspection,
            framework=programme.frameworks.get(code=code),
            proposed_grade=grade,
            trace={},
            grade=grade,
            status=AwardStatus.NOT_NEEDED,
            author=lead,
        )
    for code, by_kind in (findings or {}).items():
        target: dict[str, Any] = (
            {"group": programme.groups.get(code=code)}
            if code == "PVP"
            else {"framework": programme.frameworks.get(code=code)}
        )
        for kind, texts in by_kind.items():
            for position, text in enumerate(texts):
                Finding.objects.create(
                    inspection=inspection, kind=kind, text=text, position=position, created_by=lead, **target
                )
    return inspection


def freeze_grades(inspection: Inspection, lead: Any, grades: dict[str, str]) -> None:
    """A published version of the inspection's report that prints only its grade banners: national
    figures are read from published versions, and rendering a whole report here would only slow the
    tests down (the publication tests publish real ones)."""
    from django.utils import timezone

    from inspectorate.reports.models import PublishedReport

    programme = inspection.programme
    names = programme.grade_names()
    blocks = [
        {
            "type": "grade",
            "framework": code,
            "framework_name": programme.frameworks.get(code=code).name,
            "grade": grade,
            "grade_name": names[grade],
            "note": "",
        }
        for code, grade in grades.items()
    ]
    as_json = json.dumps({"sections": [{"id": "grades", "blocks": blocks}]})
    digest = hashlib.sha256(as_json.encode()).hexdigest()
    PublishedReport.objects.create(
        inspection=inspection,
        force=inspection.force,
        programme=programme,
        version=1,
        title=f"{inspection.force} report",
        published_at=timezone.now(),
        published_by=lead,
        report_json=as_json,
        json_sha256=digest,
        html_sha256=digest,
        pdf_sha256=digest,
    )


def make_wm_draft(programme: Any, lead: Any, inspector: Any) -> Inspection:
    """The West Midlands draft, and a published Durham inspection so that the system holds one force's
    published grades (of 43)."""
    durham_grades = {"NP": "good", "PM": "good", "CA": "fair", "DV": "fair", "PP": "good", "MP": "good"}
    durham = make_inspection(programme, "durham", lead, stage=Stage.PUBLISHED, grades=durham_grades)
    freeze_grades(durham, lead, durham_grades)
    return make_inspection(
        programme,
        "west-midlands",
        lead,
        grades=WM_GRADES,
        findings={**FINDINGS, "PVP": PVP_FINDINGS},
        inspectors=(inspector,),
        context=CONTEXT,
        framework_context={
            "NP": "The force has 21 OCUs and 333 neighbourhoods.",
            "CA": "Units are based on OCUs.",
        },
    )


@pytest.fixture
def wm_draft(pack_2007: Any, make_persona: Callable[[str], Any]) -> Inspection:
    return make_wm_draft(pack_2007, make_persona("lead"), make_persona("inspector"))


@pytest.fixture(scope="module")
def wm_rendered(django_db_setup: Any, django_db_blocker: Any) -> Callable[[str], tuple[Report, bytes]]:
    """The West Midlands draft rendered once per module and format (rendering a PDF takes seconds):
    the data is made in a transaction that is rolled back as soon as the files are made."""
    from django.db import transaction

    from inspectorate.accounts.models import User
    from inspectorate.accounts.roles import Role
    from inspectorate.forces.reference import load_reference
    from inspectorate.methodology.loading import load_pack
    from inspectorate.reports.data import report_inputs
    from inspectorate.reports.render import render

    from ..conftest import PACK_2007

    done: dict[str, tuple[Report, bytes]] = {}

    def rendered(fmt: str) -> tuple[Report, bytes]:
        if fmt not in done:
            with django_db_blocker.unblock(), transaction.atomic():
                load_reference()
                programme = load_pack(PACK_2007).programme
                lead = User.objects.create_user(username="lena.lead", role=Role.LEAD_INSPECTOR)
                inspector = User.objects.create_user(username="ivan.inspector", role=Role.INSPECTOR)
                inspection = make_wm_draft(programme, lead, inspector)
                report = build_report(**{**report_inputs(inspection), "generated": GENERATED})
                done[fmt] = (report, render(report, fmt))
                transaction.set_rollback(True)
        return done[fmt]

    return rendered


# Builder inputs written by hand: a small programme with one standalone framework and a group of two.


@pytest.fixture
def programme_data() -> ProgrammeData:
    return ProgrammeData(
        code="test-programme",
        name="Test programme",
        inspectorate="HM Inspectorate of Constabulary",
        published_month="2007-10",
        texts={
            "introduction": "HMIC inspects forces.\n\nProgrammed frameworks\n\n- one\n- two",
            "risk_based": "Monitored areas are in the table below.\n\nThey are not inspected routinely.",
            "command_units": "Command units are inspected separately.",
            "grading_process": "Grades are defined as follows.",
            "developing_practice": "Forces submit examples.",
            "future_activity": "Later inspections are chosen by risk.",
        },
        grades=(
            GradeDef("excellent", "Excellent", "The best."),
            GradeDef("good", "Good", "Above the minimum."),
            GradeDef("fair", "Fair", "Acceptable."),
            GradeDef("poor", "Poor", "Unacceptable."),
        ),
        frameworks=(
            FrameworkDef(
                "NP",
                "Neighbourhood Policing",
                ("programmed", "planned"),
                1,
                national_context="Neighbourhood teams everywhere.",
                published_distribution={"excellent": 6, "good": 14, "fair": 21, "poor": 2},
            ),
            FrameworkDef(
                "CA",
                "Child abuse",
                ("programmed",),
                2,
                group="PVP",
                national_context="Children must be safeguarded.",
                published_distribution={"excellent": 3, "good": 17, "fair": 21, "poor": 2},
            ),
            FrameworkDef("MP", "Missing persons", ("programmed",), 3, group="PVP"),
            FrameworkDef("VCR", "Volume crime reduction", ("risk_based",), 4),
            FrameworkDef("SOC", "Serious and organised crime", ("planned",), 5),
        ),
        groups=(GroupDef("PVP", "Protecting vulnerable people", "Four linked areas of vulnerability."),),
        glossary=(
            GlossaryEntry("ASB", "anti-social behaviour"),
            GlossaryEntry("HMIC", "Her Majesty's Inspectorate of Constabulary"),
            GlossaryEntry("MAPPA", "multi-agency public protection arrangements"),
            GlossaryEntry("OCU", "operational command unit"),
            GlossaryEntry("PCSO", "police community support officer"),
            GlossaryEntry("PVP", "protecting vulnerable people"),
        ),
    )


@pytest.fixture
def force_data() -> ForceData:
    return ForceData(
        "west-midlands",
        "West Midlands Police",
        "West Midlands",
        facts=(ForceFactData("Area", "348 square miles"),),
    )


@pytest.fixture
def inspection_data() -> InspectionData:
    return InspectionData(
        frameworks=("NP", "CA", "MP"),
        context=(("Geography", "A large urban area."),),
        framework_context={"NP": "Teams cover every neighbourhood."},
        awards=(AwardData("NP", "excellent"), AwardData("CA", "fair"), AwardData("MP", "good")),
        findings={
            "NP": {
                "strength": ("Each OCU has neighbourhood teams.",),
                "area_for_improvement": ("Abstraction.",),
            },
            "PVP": {"strength": ("Staff are committed.",)},
            "CA": {"strength": ("Investigators are not abstracted.",)},
        },
    )


@pytest.fixture
def national() -> NationalGrades:
    return NationalGrades(
        counts={"NP": {"good": 1}, "CA": {"fair": 1}, "MP": {"good": 1}},
        forces_held={"NP": 1, "CA": 1, "MP": 1},
        total_forces=43,
    )
