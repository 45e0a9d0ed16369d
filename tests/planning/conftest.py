"""Fixtures of the planning tests: a published report with areas to track, and the shipped grades."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from inspectorate.forces.models import Force
from inspectorate.inspections.choices import FindingKind, Stage
from inspectorate.inspections.models import Finding, Inspection

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def published(pack_2007, make_persona):  # type: ignore[no-untyped-def]
    """West Midlands, CA published with one area for improvement and one recommendation."""
    lead = make_persona("lead")
    force = Force.objects.get(code="west-midlands")
    inspection = Inspection.objects.create(
        force=force, programme=pack_2007, lead=lead, stage=Stage.PUBLISHED, created_by=lead
    )
    ca = pack_2007.frameworks.get(code="CA")
    inspection.frameworks.set([ca])
    for kind, text in (
        (FindingKind.AREA_FOR_IMPROVEMENT, "Supervision of child abuse investigations is inconsistent."),
        (FindingKind.RECOMMENDATION, "Agree a joint training plan with children's services."),
        (FindingKind.STRENGTH, "Strong partnership with the safeguarding board."),
    ):
        Finding.objects.create(inspection=inspection, framework=ca, kind=kind, text=text, created_by=lead)
    return inspection


@pytest.fixture
def shipped_grades(forces, pack_2007, cli):  # type: ignore[no-untyped-def]
    shared = Path(settings.SHARED_DIR) / "data" / "hmic"
    if not (shared / "published-grades-2007.csv").exists():
        pytest.skip(f"the shared published grades are not in {shared}")
    assert cli(["load-pack", str(ROOT / "packs" / "hmic-2006")]) == 0
    for year in (2006, 2007):
        assert cli(["import-grades", str(shared / f"published-grades-{year}.csv")]) == 0
