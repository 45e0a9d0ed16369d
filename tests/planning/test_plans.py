"""Through the services, pages and the CLI: the register with real inputs, plans from pins to
approval, risk models, engagement and the register's heat map."""

from __future__ import annotations

import datetime
import io
import json
from contextlib import redirect_stdout

import pytest
from django.urls import reverse

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.forces.models import Force
from inspectorate.inspections.choices import Stage
from inspectorate.inspections.services.errors import NotAllowed
from inspectorate.jobs.models import Job
from inspectorate.planning import services
from inspectorate.planning.models import Plan
from tests.yaml_edits import line_of

AS_OF = datetime.date(2008, 4, 1)


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
    solved = analyst.post(reverse("planning:plan_solve", kwargs={"code": "p2008"}))
    # The solve is a job (run inside the request under the test settings): its page has the outcome.
    job = Job.objects.get(kind="planning.solve")
    assert solved.status_code == 302 and solved["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.done, job.total) == ("succeeded", 3, 3)
    assert job.result_url == reverse("planning:plan", kwargs={"code": "p2008"})
    assert job.message.startswith("Solved: ")
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
