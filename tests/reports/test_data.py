"""From the database to the builder's inputs: national figures, grades, findings, practice, facts."""

from __future__ import annotations

import pytest

from inspectorate.methodology.pack import read_pack
from inspectorate.practice.models import PracticeExample, Status
from inspectorate.reports.builder import build_report
from inspectorate.reports.data import report_inputs
from inspectorate.reports.pack_inputs import programme_from_pack

from ..conftest import PACK_2007

pytestmark = pytest.mark.django_db


# National figures are counted from published (frozen) versions: see
# tests/publication/test_published_means_frozen.py.


def test_it_reads_the_programme_as_the_pack_defines_it(wm_draft):
    programme = report_inputs(wm_draft)["programme"]
    from_pack = programme_from_pack(read_pack(PACK_2007))
    assert programme.texts == from_pack.texts
    assert programme.frameworks == from_pack.frameworks
    assert programme.grades == from_pack.grades
    assert programme.glossary == from_pack.glossary
    assert programme.framework("DV").published_distribution == {
        "excellent": 1,
        "good": 13,
        "fair": 27,
        "poor": 2,
    }


def test_it_reads_the_inspection_in_report_order(wm_draft):
    inputs = report_inputs(wm_draft)
    inspection = inputs["inspection"]
    assert inspection.frameworks == ("NP", "PM", "CA", "DV", "PP", "MP")
    assert {a.framework: a.grade for a in inspection.awards}["MP"] == "good"
    assert inspection.findings["NP"]["strength"][0].startswith("Every OCU has neighbourhood teams")
    assert inspection.findings["PVP"]["area_for_improvement"] == (
        "Training for specialist staff differs from one unit to the next.",
    )
    assert inspection.context[0][0] == "Geographical description of force area"
    assert inputs["draft"] is True
    facts = {f.label: f.value for f in inputs["force"].facts}
    assert facts["Area"] == "348 square miles"
    assert facts["Population"] == "about 2,600,000"


def test_it_prints_the_developing_practice_selected_for_the_report(wm_draft):
    common = {
        "force": wm_draft.force,
        "programme": wm_draft.programme,
        "framework": wm_draft.programme.frameworks.get(code="DV"),
        "problem": "Evidence from emergency calls was rarely used.",
        "solution": "A protocol for recordings.",
        "outcomes": "More recordings used in interviews.",
        "contact_name": "Detective Inspector",
        "contact_details": "public.protection@example.org",
        "submitted_by": wm_draft.lead,
    }
    PracticeExample.objects.create(
        title="Emergency call protocol", status=Status.SELECTED, selected_for=wm_draft, **common
    )
    PracticeExample.objects.create(title="Not chosen", **common)
    report = build_report(**report_inputs(wm_draft))
    boxes = [b for b in report.section("framework-dv").blocks if b.kind == "practice"]
    assert [b.title for b in boxes] == ["Emergency call protocol"]
    assert boxes[0].contact == "Detective Inspector, public.protection@example.org"
