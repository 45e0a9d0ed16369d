"""Through the services, pages and the CLI: tracked areas for improvement, direction of travel from the
shipped grades, the register with real inputs, plans from pins to approval, engagement."""

from __future__ import annotations

import datetime
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.forces.models import Force
from inspectorate.inspections import services as inspections
from inspectorate.inspections.choices import FindingKind, Stage
from inspectorate.inspections.models import Finding, Inspection
from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.planning import services, tracking
from inspectorate.planning.models import ActionStatus, Plan, TrackedAction
from inspectorate.reports.builder.build import build_report
from inspectorate.reports.data import report_inputs
from tests.yaml_edits import line_of

ROOT = Path(__file__).resolve().parents[2]
AS_OF = datetime.date(2008, 4, 1)


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


def test_it_tracks_every_area_for_improvement_and_recommendation_of_a_published_report(published) -> None:  # type: ignore[no-untyped-def]
    assert tracking.sync_actions() == 2
    assert tracking.sync_actions() == 0  # none twice
    actions = TrackedAction.objects.filter(force__code="west-midlands")
    assert sorted(a.finding.kind for a in actions) == ["area_for_improvement", "recommendation"]
    assert {a.status for a in actions} == {"open"}
    assert AuditEvent.objects.filter(action="planning.action_opened").count() == 2


def test_it_lets_the_force_post_progress_and_an_inspector_close_with_evidence(
    published, make_persona
) -> None:  # type: ignore[no-untyped-def]
    tracking.sync_actions()
    action = TrackedAction.objects.filter(finding__kind="area_for_improvement").get()
    with pytest.raises(NotAllowed):
        tracking.post_update(make_persona("force_b"), action, "Not ours to say")
    with pytest.raises(NotAllowed):
        tracking.post_update(make_persona("inspector"), action, "The team cannot speak for the force")
    tracking.post_update(make_persona("force_a"), action, "Two supervisors appointed in January")
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    with pytest.raises(Invalid) as refused:
        tracking.set_status(make_persona("inspector"), action, status="closed")
    assert "evidence" in refused.value.errors
    with pytest.raises(NotAllowed):
        tracking.set_status(make_persona("force_a"), action, status="closed", evidence="We say so")
    tracking.set_status(make_persona("inspector"), action, status="closed", evidence="Dip sample of 20 files")
    action.refresh_from_db()
    assert action.status == "closed" and action.agreed_by.username == "isla.inspector"
    event = AuditEvent.objects.filter(action="planning.action_status").get()
    assert event.before["status"] == "in_progress" and event.after["status"] == "closed"


def test_it_shows_the_earlier_areas_to_the_next_team_and_prints_the_progress_in_the_report(
    published, make_persona, client_for
) -> None:  # type: ignore[no-untyped-def]
    tracking.sync_actions()
    action = TrackedAction.objects.filter(finding__kind="area_for_improvement").get()
    tracking.post_update(make_persona("force_a"), action, "Two supervisors appointed in January")
    lead = make_persona("lead")
    following = inspections.create_inspection(
        lead,
        force=published.force,
        programme=published.programme,
        frameworks=["CA", "DV"],
        lead=lead,
        inspectors=[make_persona("inspector")],
    )
    page = client_for("inspector").get(reverse("inspections:detail", kwargs={"pk": following.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Areas for improvement from earlier reports" in text
    assert "Supervision of child abuse investigations is inconsistent." in text
    assert "In progress" in text and "Two supervisors appointed in January" in text

    report = build_report(**{**report_inputs(following), "draft": True})
    overview = next(s for s in report.sections if s.id == "force-overview")
    table = next(b for b in overview.blocks if getattr(b, "id", "") == "progress-since-last")
    rows = [[cell.text for cell in row] for row in table.rows]
    assert [
        "CA",
        "Supervision of child abuse investigations is inconsistent.",
        "In progress",
        "Two supervisors appointed in January",
    ] in rows


@pytest.fixture
def shipped_grades(forces, pack_2007, cli):  # type: ignore[no-untyped-def]
    shared = Path(settings.SHARED_DIR) / "data" / "hmic"
    if not (shared / "published-grades-2007.csv").exists():
        pytest.skip(f"the shared published grades are not in {shared}")
    assert cli(["load-pack", str(ROOT / "packs" / "hmic-2006")]) == 0
    for year in (2006, 2007):
        assert cli(["import-grades", str(shared / f"published-grades-{year}.csv")]) == 0


def test_it_reads_the_direction_of_travel_from_the_shipped_grades_across_the_pvp_regrouping(
    shipped_grades, pack_2007
) -> None:  # type: ignore[no-untyped-def]
    found, missing = tracking.directions_for("metropolitan", pack_2007)
    assert missing == []
    # Metropolitan: NP Good in 2006, Excellent in 2007; PVP Fair in 2006, and its 2007 components
    # G, F, F, F roll up (most common, ties to the lower) to Fair.
    assert found["NP"].direction == "improved"
    assert found["PVP"].direction == "same"
    assert found["PVP"].via_rollup == "CA good, DV fair, PP fair, MP fair"
    assert found["CA"].direction == "same"  # a component takes its group's comparison
    norfolk, _ = tracking.directions_for("norfolk", pack_2007)
    assert norfolk["NP"].sentence == "improved: Poor in hmic-2006, Fair in hmic-2007"


def test_it_shows_the_direction_of_travel_on_the_next_inspection(
    shipped_grades, pack_2007, make_persona, client_for
) -> None:  # type: ignore[no-untyped-def]
    lead = make_persona("lead")
    following = inspections.create_inspection(
        lead,
        force=Force.objects.get(code="metropolitan"),
        programme=pack_2007,
        frameworks=["NP", "CA"],
        lead=lead,
    )
    page = client_for("lead").get(reverse("inspections:detail", kwargs={"pk": following.pk})).content.decode()
    assert "NP: improved: Good in hmic-2006, Excellent in hmic-2007" in page
    rolled = "(components rolled up: CA good, DV fair, PP fair, MP fair)"
    assert page.count(f"PVP: same: Fair in hmic-2006, Fair in hmic-2007 {rolled}") == 1


def _flag(pack, force_code: str):  # type: ignore[no-untyped-def]
    """A monitoring flag on volume crime reduction that persisted, as the monitoring app records one."""
    from inspectorate.methodology.models import Framework
    from inspectorate.monitoring.models import Flag, Indicator, Unit

    force = Force.objects.get(code=force_code)
    vcr = Framework.objects.get(programme=pack, code="VCR")
    indicator, _ = Indicator.objects.get_or_create(
        code="burglary",
        defaults={"name": "Burglary", "measure": "count", "direction": "lower", "catalogue_version": "t"},
    )
    unit = Unit.objects.create(kind="force", code=force_code, name=force.name, force=force)
    return Flag.objects.create(
        unit=unit,
        force=force,
        indicator=indicator,
        framework=vcr,
        strength=3.2,
        summary="burglary above the upper limit; the concern persists for two consecutive months",
        method="spc",
        raised_on=datetime.date(2008, 2, 1),
    )


def test_it_builds_the_register_from_the_shipped_grades_and_monitoring_flags(
    shipped_grades, pack_2007, make_persona
) -> None:  # type: ignore[no-untyped-def]
    _flag(pack_2007, "bedfordshire")
    reg = services.build_register(make_persona("analyst"), pack_2007, AS_OF, ["NP", "CA", "VCR"])
    assert not any("grade history" in m or "monitoring flags" in m for m in reg.missing)
    beds_np = reg.cell("bedfordshire", "NP")
    assert beds_np.factor("grade").detail == "Poor in hmic-2007"  # from the shipped 2007 CSV
    beds_ca = reg.cell("bedfordshire", "CA")
    assert beds_ca.factor("grade").value == 1.0  # the 2006 PVP Poor, before PVP was split
    beds_vcr = reg.cell("bedfordshire", "VCR")
    assert beds_vcr.factor("monitoring").value == 1.0
    assert beds_vcr.factor("monitoring").sources[0].ref.startswith("flag ")
    with pytest.raises(NotAllowed):
        services.build_register(make_persona("inspector"), pack_2007, AS_OF)


def test_it_plans_pins_solves_and_approves_through_the_pages(pack_2007, client_for, make_persona) -> None:  # type: ignore[no-untyped-def]
    analyst, lead = client_for("analyst"), client_for("lead")
    made = analyst.post(
        reverse("planning:plan_new"),
        {"code": "p2008", "name": "2008-09", "starts_on": "2008-04-01", "capacity": "120", "mandatory": ""},
    )
    assert made.status_code == 302
    plan = Plan.objects.get(code="p2008")
    plan.frameworks = ["CA", "DV"]
    plan.save()
    pinned = analyst.post(
        reverse("planning:plan_pin", kwargs={"code": "p2008"}),
        {
            "force": "durham",
            "framework": "DV",
            "direction": "in",
            "quarter": "2",
            "reason": "Homicide review",
        },
    )
    assert pinned.status_code == 302
    assert analyst.post(reverse("planning:plan_solve", kwargs={"code": "p2008"})).status_code == 302
    plan.refresh_from_db()
    chosen = {(c["force"], c["framework"]): c for c in plan.result["chosen"]}
    assert chosen[("durham", "DV")]["quarter"] == 2
    assert chosen[("durham", "DV")]["reasons"][0] == "pinned in by anil.analyst: Homicide review"
    assert all(
        sum(c["days"] for c in plan.result["chosen"] if c["quarter"] == q) <= 120 for q in (1, 2, 3, 4)
    )
    assert plan.result["left_out"] and all(item["reason"] for item in plan.result["left_out"])
    page = analyst.get(reverse("planning:plan", kwargs={"code": "p2008"})).content.decode()
    assert "pinned in by anil.analyst: Homicide review" in page

    refused = analyst.post(reverse("planning:plan_approve", kwargs={"code": "p2008"}))
    assert refused.status_code == 403
    approved = lead.post(reverse("planning:plan_approve", kwargs={"code": "p2008"}))
    assert approved.status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    created = list(plan.inspections.all())
    assert len(created) == len({(c["force"], c["quarter"]) for c in plan.result["chosen"]})
    durham = next(
        i for i in created if i.force.code == "durham" and i.fieldwork_starts == datetime.date(2008, 7, 1)
    )
    assert durham.stage == Stage.PLANNED and "DV" in {f.code for f in durham.frameworks.all()}
    assert durham.fieldwork_ends == datetime.date(2008, 9, 30)
    assert AuditEvent.objects.filter(action="inspection.created").count() == len(created)
    for action in (
        "planning.plan_created",
        "planning.pinned",
        "planning.plan_solved",
        "planning.plan_approved",
    ):
        assert AuditEvent.objects.filter(action=action).exists(), action
    # The inspector sees the planned inspection and its scope, never the plan.
    inspector = client_for("inspector")
    assert inspector.get(reverse("planning:plan", kwargs={"code": "p2008"})).status_code == 404


def test_it_proposes_a_programme_from_the_command_line(forces, pack_2007, cli) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli(
            [
                "plan",
                "propose",
                "--programme",
                "hmic-2007",
                "--capacity",
                "300",
                "--starts-on",
                "2008-04-01",
                "--code",
                "cli-plan",
                "--json",
            ]
        )
    assert code == 0
    data = json.loads(out.getvalue())
    assert data["plan"] == "cli-plan" and data["feasible"]
    assert data["capacity"] == [300, 300, 300, 300]
    assert all(used <= 300 for used in data["days_used"])
    assert {c["force"] for c in data["chosen"] if c["framework"] == "SRM"} == set(
        Force.objects.values_list("code", flat=True)
    )
    assert data["value"] >= data["greedy"]["value"] - 1e-9
    assert any("grade history" in m or "areas for improvement" in m for m in data["missing"])
    assert (
        cli(["plan", "propose", "--programme", "hmic-2007", "--capacity", "300", "--code", "cli-plan"]) != 0
    )


def test_it_refuses_a_broken_risk_model_and_loads_nothing(db, cli, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from inspectorate.planning.models import RiskModelVersion
    from inspectorate.planning.riskmodel import DEFAULT_MODEL

    broken = tmp_path / "model.yaml"
    broken.write_text(DEFAULT_MODEL.read_text().replace("  grade: 0.30", "  grade: 0.50"))
    assert cli(["plan", "load-model", str(broken)]) != 0
    line = line_of(tmp_path, "model.yaml", "weights:")
    expected = f"model.yaml: weights (line {line}): the weights must add up to 1, they add up to 1.2"
    assert expected in capsys.readouterr().err
    assert not RiskModelVersion.objects.exists()
    assert cli(["plan", "load-model"]) == 0
    assert RiskModelVersion.objects.get().version == 1


def test_it_shows_engagement_to_staff_on_the_force_page_and_proposes_scan(
    pack_2007, client_for, make_persona
) -> None:  # type: ignore[no-untyped-def]
    _flag(pack_2007, "durham")
    services.record_assessment(
        make_persona("analyst"),
        force=Force.objects.get(code="durham"),
        kind="threat_exposure",
        level="high",
        assessed_on=datetime.date(2008, 3, 1),
        evidence="County lines",
    )
    url = reverse("forces:detail", kwargs={"code": "durham"})
    assert (
        client_for("inspector")
        .post(
            reverse("planning:engagement_set", kwargs={"code": "durham"}), {"status": "engage", "reason": "x"}
        )
        .status_code
        == 403
    )
    set_it = client_for("lead").post(
        reverse("planning:engagement_set", kwargs={"code": "durham"}),
        {"status": "scan", "reason": "Flags on VCR"},
    )
    assert set_it.status_code == 302
    staff = client_for("moderator").get(url).content.decode()
    assert "Engagement" in staff and "Scan" in staff and "Flags on VCR" in staff
    lead_page = client_for("lead").get(url).content.decode()
    # VCR: no grade 0.21 + age 0.10 + persisted flag 0.25 + threat high 0.09 + capacity unknown 0.05 = 0.70
    assert "Proposed for scan: its highest risk score passes the threshold (VCR 0.700 &gt; 0.60)" in lead_page
    assert "Proposed for scan" not in staff  # a moderator sees the status, never a score
    public = client_for("public").get(url).content.decode()
    assert "Flags on VCR" not in public and "Engagement" not in public
    assert AuditEvent.objects.filter(action="planning.engagement_set").get().after["status"] == "scan"


def test_it_draws_the_register_heat_map_the_same_every_time_with_the_numbers_beside_it(
    pack_2007, client_for
) -> None:  # type: ignore[no-untyped-def]
    lead = client_for("lead")
    url = reverse("planning:register") + "?as_of=2008-04-01&cell=durham|CA"
    first, second = lead.get(url), lead.get(url)
    assert first.status_code == 200
    body = first.content.decode()
    assert '<svg role="img" aria-labelledby="risk-title"' in body
    assert 'data-testid="register-table"' in body and 'data-testid="score-factors"' in body
    assert "Durham Constabulary · CA: score 0.410" in body
    svg = lambda text: text[text.index("<svg") : text.index("</svg>")]  # noqa: E731
    assert svg(body) == svg(second.content.decode())
    assert "not installed" in body or "no areas for improvement" in body  # says what it was built without


def test_it_answers_the_register_and_progress_updates_through_the_api(published, client_for) -> None:  # type: ignore[no-untyped-def]
    tracking.sync_actions()
    action = TrackedAction.objects.filter(finding__kind="area_for_improvement").get()
    answer = client_for("analyst").get("/api/planning/register?as_of=2008-04-01")
    assert answer.status_code == 200
    data = answer.json()
    wm_ca = next(s for s in data["scores"] if s["force"] == "west-midlands" and s["framework"] == "CA")
    areas = next(f for f in wm_ca["factors"] if f["code"] == "areas_for_improvement")
    # Two open (an area and a recommendation), under a year old: weight 2 of 5, x 0.15.
    assert areas["value"] == 0.4 and areas["contribution"] == 0.06
    assert {s["kind"] for s in areas["sources"]} == {"area"}
    refused = client_for("moderator").get("/api/planning/register")
    assert (
        refused.status_code == 403
        and "analysts, lead inspectors and administrators" in refused.json()["detail"]
    )
    posted = client_for("force_a").post(
        f"/api/planning/actions/{action.pk}/updates", {"text": "Audit done"}, content_type="application/json"
    )
    assert posted.status_code == 200 and posted.json()["status"] == "in_progress"
    listed = client_for("force_b").get("/api/planning/actions").json()
    assert listed == []


def test_it_offers_adoptions_by_other_forces_as_beacon_evidence_to_the_next_team(
    published, make_persona, client_for
) -> None:  # type: ignore[no-untyped-def]
    from inspectorate.practice import services as practice

    lead = make_persona("lead")
    following = inspections.create_inspection(
        lead,
        force=published.force,
        programme=published.programme,
        frameworks=["CA"],
        lead=lead,
        inspectors=[make_persona("inspector")],
    )
    example = practice.submit(
        make_persona("force_a"),
        programme=published.programme,
        framework="CA",
        title="Joint morning triage",
        problem="Referrals waited.",
        solution="Triage together daily.",
        outcomes="Decisions within a day.",
        contact_name="DI Patel",
        contact_details="patel@example.police.uk",
        evaluated_by_force=True,
        transferable=True,
    )
    practice.record_adoption(
        lead, example, adopting_force=Force.objects.get(code="durham"), adopted_on=datetime.date(2008, 2, 1)
    )
    page = (
        client_for("inspector")
        .get(reverse("inspections:detail", kwargs={"pk": following.pk}))
        .content.decode()
    )
    assert "evidence for the beacon condition" in page
    assert "“Joint morning triage” adopted by Durham Constabulary on 1 February 2008" in page
    assert (
        "Joint morning triage"
        not in client_for("force_b")
        .get(reverse("inspections:detail", kwargs={"pk": following.pk}))
        .content.decode()
    )


def test_it_never_shows_an_inspection_the_areas_of_a_report_published_after_its_fieldwork(
    published, make_persona
) -> None:  # type: ignore[no-untyped-def]
    """A reconstruction of the 2007 inspection (fieldwork May 2007) is not followed by its own report."""
    tracking.sync_actions()
    lead = make_persona("lead")
    earlier = inspections.create_inspection(
        lead,
        force=published.force,
        programme=published.programme,
        frameworks=["CA"],
        lead=lead,
        fieldwork_starts=datetime.date(2007, 5, 14),
        fieldwork_ends=datetime.date(2007, 6, 1),
    )
    assert tracking.earlier_actions(lead, earlier) == []
    assert tracking.progress_since_last(earlier) == []
