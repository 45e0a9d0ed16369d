"""Published means frozen: the public pages, the national summary and the open data say what the
published versions say, even when an inspection's live award rows change afterwards (in the admin,
the ORM or anywhere else outside publication)."""

from __future__ import annotations

from typing import Any

import pytest

from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.choices import AwardStatus, ModerationOutcome, Stage
from inspectorate.inspections.models import GradeAward
from inspectorate.reports.data import national_grades, report_inputs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_pdf")]

PUBLIC_URLS = [
    "/published/",
    "/published/hmic-2007/",
    "/published/forces/west-midlands/",
    "/published/hmic-2007/west-midlands/",
    "/published/open-data/grades.csv",
    "/api/reports/national/hmic-2007",
    "/api/reports/hmic-2007/west-midlands",
]


def _everything(client: Any) -> dict[str, str]:
    found = {}
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = response.content.decode()
    json_body = client.get("/published/open-data/grades.json").json()
    found["grades.json"] = repr(json_body["grades"])  # its generated_at changes with every request
    return found


def test_it_reads_published_grades_from_the_frozen_versions_not_the_live_awards(
    signed_off, with_practice, publish_now, lead, client
) -> None:
    west = signed_off("west-midlands", {"NP": "excellent", "CA": "fair"})
    with_practice(west)
    publish_now(lead, west)
    before = _everything(client)
    assert "Excellent" in before["/published/open-data/grades.csv"]

    # Every live award row of the published inspection changes to Poor, and a later row is added.
    GradeAward.objects.filter(inspection=west).update(grade="poor")
    GradeAward.objects.create(
        inspection=west,
        framework=west.frameworks.get(code="CA"),
        trace={},
        grade="poor",
        status=AwardStatus.NOT_NEEDED,
        author=lead,
    )

    after = _everything(client)
    for url, body in before.items():
        assert after[url] == body, url
    summary = client.get("/api/reports/national/hmic-2007").json()
    counts = {f["code"]: f["counts"] for group in summary["groups"] for f in group["frameworks"]}
    assert counts["NP"] == {"excellent": 1, "good": 0, "fair": 0, "poor": 0}
    assert counts["CA"] == {"excellent": 0, "good": 0, "fair": 1, "poor": 0}


def test_it_counts_a_new_reports_national_figures_from_published_versions_only(
    signed_off, with_practice, publish_now, correct_now, lead, pack_2007
) -> None:
    west = signed_off("west-midlands", {"NP": "excellent", "CA": "fair"})
    with_practice(west)
    first = publish_now(lead, west)
    signed_off("durham", {"NP": "poor"})  # at the factual accuracy check: not published
    signed_off("cleveland", {"NP": "good"}, is_demonstration=True)

    assert national_grades(pack_2007).counts == {"NP": {"excellent": 1}, "CA": {"fair": 1}}

    GradeAward.objects.filter(inspection=west, framework__code="NP").update(grade="poor")
    assert national_grades(pack_2007).counts == {"NP": {"excellent": 1}, "CA": {"fair": 1}}
    assert report_inputs(west)["national"].forces_held == {"NP": 1, "CA": 1}

    # A correction is a new version, rendered from the inspection as it now stands; from then on the
    # figures are the corrected version's.
    correct_now(lead, first, "Neighbourhood policing grade corrected")
    assert national_grades(pack_2007).counts == {"NP": {"poor": 1}, "CA": {"fair": 1}}


def test_it_publishes_awards_made_from_no_recorded_judgements(
    pack_2007, make_persona, with_practice, publish_now, lead, client
) -> None:
    # As a published report is imported: awards with no trace and no basis, and no criterion
    # judgements at all, carried through moderation and published by the ordinary path.
    inspector = make_persona("inspector")
    inspection = services.create_inspection(
        lead,
        force=Force.objects.get(code="durham"),
        programme=pack_2007,
        frameworks=["NP", "CA"],
        lead=lead,
        inspectors=[inspector],
    )
    services.move(inspector, inspection, Stage.FIELDWORK)
    services.move(inspector, inspection, Stage.DRAFTING)
    awards = [
        GradeAward.objects.create(
            inspection=inspection,
            framework=pack_2007.frameworks.get(code=code),
            trace={},
            grade=grade,
            status=AwardStatus.APPROVED,
            author=inspector,
        )
        for code, grade in (("NP", "good"), ("CA", "poor"))
    ]
    services.move(lead, inspection, Stage.MODERATION)
    for award in awards:
        services.record_moderation(make_persona("moderator"), award, ModerationOutcome.AGREED)
    services.move(lead, inspection, Stage.FACTUAL_ACCURACY)
    with_practice(inspection)

    publish_now(lead, inspection)

    rows = client.get("/published/open-data/grades.json").json()["grades"]
    assert [(r["force_code"], r["framework_code"], r["grade_code"]) for r in rows] == [
        ("durham", "NP", "good"),
        ("durham", "CA", "poor"),
    ]
