"""Published material and developing practice for the permission matrix.

- `pub_inspection`: force A (West Midlands), CA and NP in scope, published, with a Fair award for CA and
  its report frozen as version 1 (`pub_report`). The row and its files are written directly: the
  publish service typesets a PDF (seconds), too slow to repeat for every route; it is tested in
  tests/publication.
- `practice_selected`: force A's example printed in that report (everyone may read it);
  `practice_submitted`: force A's example still waiting (force A and the team inspecting force A).
- `practice_inspection`: force B (Durham) at the planned stage, with the lead and inspector personas
  on its team, and force B's example `practice_durham` for its selection page.

Published files go to the world's temporary MEDIA_ROOT (see world.py).
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus, Stage
from inspectorate.inspections.models import GradeAward, Inspection
from inspectorate.practice import services as practice
from inspectorate.reports import publication_files as files
from inspectorate.reports.models import PublishedReport

# The forces named as adopters, one per persona in the order the matrix runs them; force B's liaison
# officer may record an adoption by force B only.
ADOPTERS = (
    "north-yorkshire",
    "south-yorkshire",
    "west-yorkshire",
    "cleveland",
    "cumbria",
    "lancashire",
    "durham",
    "merseyside",
)


def _example(world: SimpleNamespace, persona: str, title: str, framework: str = "CA") -> Any:
    return practice.submit(
        world.make_persona(persona),
        programme=world.programme,
        framework=framework,
        title=title,
        problem="Referrals waited days for a joint decision.",
        solution="Police and social workers triage together every morning.",
        outcomes="Strategy decisions within a day in nine cases out of ten.",
        contact_name="DI Sam Patel",
        contact_details="sam.patel@example.police.uk",
        evaluated_by_force=True,
        transferable=True,
    )


def _freeze(world: SimpleNamespace, inspection: Inspection) -> PublishedReport:
    title = f"{inspection.force.name} – HMIC inspection report"
    as_json = json.dumps({"title": title, "force": inspection.force.name}, ensure_ascii=False)
    content = {
        "json": as_json.encode(),
        "html": f"<!DOCTYPE html><html><body><h1>{title}</h1></body></html>".encode(),
        "pdf": b"%PDF-1.7\n%%EOF\n",
    }
    target = files.published_root() / inspection.force.code / inspection.programme.code / "v1"
    staged = files.stage(target, content)
    staged.move_into_place()
    return PublishedReport.objects.create(
        inspection=inspection,
        force=inspection.force,
        programme=inspection.programme,
        version=1,
        title=title,
        published_at=timezone.now(),
        published_by=world.make_persona("lead"),
        report_json=as_json,
        json_sha256=staged.hashes["json"],
        html_sha256=staged.hashes["html"],
        pdf_sha256=staged.hashes["pdf"],
    )


def build(world: SimpleNamespace) -> None:
    lead, inspector = world.make_persona("lead"), world.make_persona("inspector")

    published = services.create_inspection(
        lead,
        force=world.force_a,
        programme=world.programme,
        frameworks=["NP", "CA"],
        lead=lead,
        inspectors=[inspector],
    )
    world.practice_selected = _example(world, "force_a", "Joint triage of child protection referrals")
    practice.select(lead, world.practice_selected, published, "Evaluated and easy to adopt")
    world.practice_submitted = _example(world, "force_a", "Ward panels", framework="NP")
    GradeAward.objects.create(
        inspection=published,
        framework=world.programme.frameworks.get(code="CA"),
        proposed_grade="fair",
        trace={},
        grade="fair",
        status=AwardStatus.NOT_NEEDED,
        author=inspector,
    )
    Inspection.objects.filter(pk=published.pk).update(stage=Stage.PUBLISHED)
    published.refresh_from_db()
    world.pub_inspection = published
    world.pub_report = _freeze(world, published)

    world.practice_inspection = services.create_inspection(
        lead,
        force=world.force_b,
        programme=world.programme,
        frameworks=["CA"],
        lead=lead,
        inspectors=[inspector],
    )
    world.practice_durham = _example(world, "force_b", "Missing children return interviews")
    adopters = list(ADOPTERS)
    world.next_adopter = lambda: Force.objects.get(code=adopters.pop(0)).pk


BUILDERS = [build]
