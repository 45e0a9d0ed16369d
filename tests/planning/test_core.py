"""The pure core: the risk model file, scores with their decomposition, the MILP planner and greedy."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectorate.datafiles import DataFileError
from inspectorate.methodology.engine import GradeScale, GroupRollup
from inspectorate.planning.followup import directions
from inspectorate.planning.problem import Candidate, Pin, Problem
from inspectorate.planning.riskmodel import DEFAULT_MODEL, load_risk_model
from inspectorate.planning.scoring import AreaObs, AssessmentObs, FlagObs, ForceInputs, GradeObs, score
from inspectorate.planning.solver import plan, solve_greedy, solve_milp
from tests.yaml_edits import edit, line_of

AS_OF = datetime.date(2008, 4, 1)
OCT_2007 = datetime.date(2007, 10, 1)
OCT_2006 = datetime.date(2006, 10, 1)
SCALE = GradeScale(
    [("excellent", "Excellent"), ("good", "Good"), ("fair", "Fair"), ("poor", "Poor")], ["fair", "good"]
)


def _worked_forces() -> list[ForceInputs]:
    west_midlands = ForceInputs(
        "west-midlands",
        "West Midlands Police",
        officers=7500,
        grades=(
            GradeObs("NP", "hmic-2007", "excellent", OCT_2007, "published report"),
            GradeObs("CA", "hmic-2007", "fair", OCT_2007, "published report"),
        ),
        areas=(
            AreaObs("CA", "Joint training with children's services", OCT_2007),
            AreaObs("CA", "Supervision of child abuse investigations", OCT_2007),
        ),
        flags=(
            FlagObs(
                "VCR", True, None, "burglary above the upper limit for 2 months", datetime.date(2008, 2, 1)
            ),
        ),
        assessments=(
            AssessmentObs("threat_exposure", "high", datetime.date(2008, 3, 1), "organised crime groups"),
            AssessmentObs("capacity_capability", "medium", datetime.date(2008, 3, 1), "vacancies"),
        ),
    )
    metropolitan = ForceInputs(
        "metropolitan",
        "Metropolitan Police Service",
        officers=30000,
        grades=(
            GradeObs("NP", "hmic-2007", "excellent", OCT_2007, "committee paper"),
            GradeObs("CA", "hmic-2007", "good", OCT_2007, "committee paper"),
        ),
        flags=(FlagObs("VCR", False, "watch", "vehicle crime: 7 points rising", datetime.date(2008, 2, 1)),),
        assessments=(
            AssessmentObs("threat_exposure", "low", datetime.date(2007, 1, 1), "older, superseded"),
            AssessmentObs("threat_exposure", "high", datetime.date(2008, 3, 1), "terrorism"),
            AssessmentObs("capacity_capability", "low", datetime.date(2008, 3, 1), "large and capable"),
        ),
    )
    bedfordshire = ForceInputs(
        "bedfordshire",
        "Bedfordshire Police",
        officers=1250,
        grades=(
            GradeObs("NP", "hmic-2007", "poor", OCT_2007, "news"),
            GradeObs("PVP", "hmic-2006", "poor", OCT_2006, "news"),
        ),
        areas=(AreaObs("CA", "Risk assessment of referrals", OCT_2006),),
        flags=(
            FlagObs("VCR", True, "dismiss", "explained by a recording change", datetime.date(2008, 2, 1)),
        ),
    )
    return [west_midlands, metropolitan, bedfordshire]


def test_it_scores_and_plans_the_worked_example_as_worked_out_by_hand() -> None:
    """Three forces (West Midlands, Metropolitan, Bedfordshire with their published 2007 grades, and
    Bedfordshire's 2006 PVP grade) x NP, CA, VCR, scored on 1 April 2008 with the default model.

    Grade age: October 2007 → 183 days = 0.501027 years, /3 = 0.167009, x 0.10 = 0.016701.
               October 2006 → 548 days = 1.500342 years, /3 = 0.500114, x 0.10 = 0.050011.
               no grade → 1.0 x 0.10 = 0.10; grade value no grade 0.7 x 0.30 = 0.21.
    Areas: WM CA 2 open < 1 year: weights 1 + 1 = 2, /5 = 0.4, x 0.15 = 0.06.
           Beds CA 1 open for 1 full year: weight 1.5, /5 = 0.3, x 0.15 = 0.045.
    Monitoring: WM VCR persisted 1.0 x 0.25 = 0.25; Met VCR recent 0.7 watched x0.5 = 0.35 x 0.25 = 0.0875;
           Beds VCR dismissed → 0.
    Assessments: WM threat high 0.9 x 0.1 = 0.09, capacity medium 0.05; Met threat high (the latest) 0.09,
           capacity low 0.02; Beds none → 0.5 x 0.1 = 0.05 each.

    WM  NP 0.03 + 0.016701 + 0.09 + 0.05                   = 0.186701
    WM  CA 0.18 + 0.016701 + 0.06 + 0.09 + 0.05            = 0.396701
    WM  VCR 0.21 + 0.10 + 0.25 + 0.09 + 0.05               = 0.700000
    Met NP 0.03 + 0.016701 + 0.09 + 0.02                   = 0.156701
    Met CA 0.09 + 0.016701 + 0.09 + 0.02                   = 0.216701
    Met VCR 0.21 + 0.10 + 0.0875 + 0.09 + 0.02             = 0.507500
    Beds NP 0.30 + 0.016701 + 0.05 + 0.05                  = 0.416701
    Beds CA (the 2006 PVP Poor) 0.30 + 0.050011 + 0.045 + 0.05 + 0.05 = 0.495011
    Beds VCR 0.21 + 0.10 + 0.05 + 0.05                     = 0.410000

    Days = base x (1 + officers / 5000), rounded up: WM x2.5: NP 63, CA 50, VCR 50; Met x7: NP 175, CA 140,
    VCR 140; Beds x1.25: NP 32 (31.25), CA 25, VCR 25.

    Capacity 100 inspector-days in each of 2 quarters, at most 2 per force per quarter, cut-off 0.30:
    below the cut-off: WM NP, Met NP, Met CA. Met VCR needs 140 days, more than a quarter holds.
    The other five need 182 of the 200 days; Bedfordshire's three must be split over the quarters:
    one quarter holds a WM inspection (50) + Beds CA 25 + Beds VCR 25 = 100, the other the other WM
    inspection (50) + Beds NP 32 = 82 (which WM inspection goes where, and which quarter is which, are
    equally good). Risk covered 0.7 + 0.396701 + 0.416701 + 0.495011 + 0.41 = 2.418413.
    """
    model = load_risk_model()
    forces = _worked_forces()
    scores = {
        (f.force_code, fw): score(model, f, fw, AS_OF, groups={"CA": "PVP"})
        for f in forces
        for fw in ("NP", "CA", "VCR")
    }
    expected = {
        ("west-midlands", "NP"): 0.186701,
        ("west-midlands", "CA"): 0.396701,
        ("west-midlands", "VCR"): 0.70,
        ("metropolitan", "NP"): 0.156701,
        ("metropolitan", "CA"): 0.216701,
        ("metropolitan", "VCR"): 0.5075,
        ("bedfordshire", "NP"): 0.416701,
        ("bedfordshire", "CA"): 0.495011,
        ("bedfordshire", "VCR"): 0.41,
    }
    for key, value in expected.items():
        assert scores[key].value == pytest.approx(value, abs=1e-6), key

    beds_ca = scores[("bedfordshire", "CA")]
    contributions = {f.code: round(f.contribution, 6) for f in beds_ca.factors}
    assert contributions == {
        "grade": 0.3,
        "grade_age": 0.050011,
        "areas_for_improvement": 0.045,
        "monitoring": 0.0,
        "threat_exposure": 0.05,
        "capacity_capability": 0.05,
    }
    assert beds_ca.factor("grade").weight == 0.30
    assert "PVP grade, before it was split" in beds_ca.factor("grade").detail
    assert beds_ca.factor("grade").sources[0].label.startswith("hmic-2006 PVP poor")
    assert beds_ca.factor("threat_exposure").detail == "no assessment recorded"
    met_vcr = scores[("metropolitan", "VCR")]
    assert met_vcr.factor("monitoring").value == pytest.approx(0.35)
    assert "halved" in met_vcr.factor("monitoring").detail
    assert "terrorism" in met_vcr.factor("threat_exposure").sources[0].label
    assert (
        scores[("bedfordshire", "VCR")]
        .factor("monitoring")
        .detail.startswith("no open concern flag (1 dismissed")
    )

    officers = {f.force_code: f.officers for f in forces}
    days = {key: model.inspector_days(key[1], officers[key[0]]) for key in scores}
    assert days[("west-midlands", "NP")] == 63
    assert days[("metropolitan", "VCR")] == 140
    assert days[("bedfordshire", "NP")] == 32
    candidates = tuple(
        Candidate(force, fw, s.value, days[(force, fw)], reasons=tuple(s.main_reasons()))
        for (force, fw), s in scores.items()
    )
    result = plan(
        Problem(candidates, (100, 100), model.limits.per_force_per_quarter, model.thresholds.cut_off)
    )

    chosen = {(c.candidate.force_code, c.candidate.framework_code): c.quarter for c in result.milp.chosen}
    assert set(chosen) == {
        ("west-midlands", "CA"),
        ("west-midlands", "VCR"),
        ("bedfordshire", "NP"),
        ("bedfordshire", "CA"),
        ("bedfordshire", "VCR"),
    }
    assert result.milp.value == pytest.approx(2.418413, abs=1e-6)
    assert sorted(result.milp.days_used(2)) == [82, 100]
    full = chosen[("bedfordshire", "CA")]
    assert chosen[("bedfordshire", "VCR")] == full != chosen[("bedfordshire", "NP")]
    assert sorted([chosen[("west-midlands", "CA")], chosen[("west-midlands", "VCR")]]) == [1, 2]
    why = {(o.candidate.force_code, o.candidate.framework_code): o for o in result.left_out}
    assert {key: o.why for key, o in why.items()} == {
        ("west-midlands", "NP"): "below_cut_off",
        ("metropolitan", "NP"): "below_cut_off",
        ("metropolitan", "CA"): "below_cut_off",
        ("metropolitan", "VCR"): "capacity",
    }
    assert "needs 140 inspector-days" in why[("metropolitan", "VCR")].reason
    assert "0.217 is below the cut-off 0.30" in why[("metropolitan", "CA")].reason
    wm_vcr = next(c for c in result.milp.chosen if c.candidate.key == ("west-midlands", "VCR"))
    assert wm_vcr.reasons[0] == "risk 0.700 for 50 inspector-days"
    assert wm_vcr.reasons[1].startswith("monitoring flags 0.250 (a concern that persisted")
    assert result.greedy.value == pytest.approx(2.418413, abs=1e-6)


def test_it_beats_greedy_where_the_best_ratio_first_is_not_best() -> None:
    """One quarter of 10 days. A: risk 0.6 for 6 days (0.1 per day), B and C: 0.45 for 5 days (0.09).
    Greedy takes A first and then nothing fits: 0.6. The MILP takes B and C: 0.9."""
    candidates = (Candidate("a", "CA", 0.6, 6), Candidate("b", "CA", 0.45, 5), Candidate("c", "CA", 0.45, 5))
    problem = Problem(candidates, (10,), 2, 0.3)
    exact, greedy = solve_milp(problem), solve_greedy(problem)
    assert greedy.value == pytest.approx(0.6)
    assert exact.value == pytest.approx(0.9)
    assert {c.candidate.force_code for c in exact.chosen} == {"b", "c"}
    assert exact.message == "optimal"


def test_it_honours_mandatory_inspections_pins_and_the_force_limit() -> None:
    candidates = (
        Candidate("a", "SRM", 0.1, 5, mandatory=True),
        Candidate("a", "CA", 0.9, 5),
        Candidate("a", "DV", 0.8, 5),
        Candidate("b", "CA", 0.7, 5),
        Candidate("b", "DV", 0.2, 5),
    )
    pins = (
        Pin("b", "CA", False, "inspected by the joint inspection this year", by="anil.analyst"),
        Pin("b", "DV", True, "the chief constable asked", quarter=1, by="leonard.lead"),
    )
    result = plan(Problem(candidates, (100,), 2, 0.3, pins))
    chosen = {c.candidate.key for c in result.milp.chosen}
    assert chosen == {("a", "SRM"), ("a", "CA"), ("b", "DV")}
    why = {o.candidate.key: o for o in result.left_out}
    assert why[("a", "DV")].why == "force_limit"
    assert (
        why[("b", "CA")].reason == "pinned out by anil.analyst: inspected by the joint inspection this year"
    )
    srm = next(c for c in result.milp.chosen if c.candidate.key == ("a", "SRM"))
    assert srm.reasons[0].startswith("mandatory")
    pinned = next(c for c in result.milp.chosen if c.candidate.key == ("b", "DV"))
    assert pinned.reasons[0] == "pinned in by leonard.lead: the chief constable asked"


def test_it_says_why_no_programme_fits() -> None:
    candidates = tuple(Candidate(f, "SRM", 0.1, 30, mandatory=True) for f in ("a", "b", "c", "d"))
    result = solve_milp(Problem(candidates, (50, 50), 2, 0.3))
    assert not result.feasible
    assert result.message == (
        "no programme fits: the mandatory and pinned-in inspections need 120 inspector-days,"
        " the capacity is 100"
    )


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    forces = draw(st.integers(1, 5))
    frameworks = draw(st.integers(1, 3))
    candidates = []
    for f in range(forces):
        for w in range(frameworks):
            candidates.append(
                Candidate(
                    f"f{f}",
                    f"w{w}",
                    draw(st.integers(0, 1000)) / 1000,
                    draw(st.integers(1, 40)),
                    mandatory=draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()),
                )
            )
    capacity = tuple(draw(st.lists(st.integers(0, 80), min_size=1, max_size=3)))
    return Problem(tuple(candidates), capacity, draw(st.integers(1, 2)), draw(st.sampled_from([0.0, 0.3])))


@settings(max_examples=60, deadline=None)
@given(problems())
def test_it_never_covers_less_than_greedy_and_keeps_within_capacity(problem: Problem) -> None:
    exact, greedy = solve_milp(problem), solve_greedy(problem)
    if greedy.feasible:
        assert exact.feasible
        assert exact.value >= greedy.value - 1e-9
    if exact.feasible:
        used = exact.days_used(problem.quarters)
        assert all(u <= c for u, c in zip(used, problem.capacity, strict=True))
        per_force: dict[tuple[str, int], int] = {}
        for c in exact.chosen:
            key = (c.candidate.force_code, c.quarter)
            per_force[key] = per_force.get(key, 0) + 1
        assert max(per_force.values(), default=0) <= problem.per_force_per_quarter
        keys = [c.candidate.key for c in exact.chosen]
        assert len(keys) == len(set(keys))
        assert {c.key for c in problem.candidates if c.mandatory} <= set(keys)


def test_it_reads_the_direction_of_travel_across_the_pvp_regrouping() -> None:
    rollup = GroupRollup(method="modal_lower", poor_caps_at="fair")
    grades = [
        GradeObs("PVP", "hmic-2006", "poor", OCT_2006, "csv"),
        GradeObs("NP", "hmic-2006", "good", OCT_2006, "csv"),
        GradeObs("NP", "hmic-2007", "excellent", OCT_2007, "report"),
        *(
            GradeObs(c, "hmic-2007", g, OCT_2007, "report")
            for c, g in zip(("CA", "DV", "PP", "MP"), "fffg", strict=True)
        ),
    ]
    grades = [
        GradeObs(
            g.framework_code,
            g.programme_code,
            {"f": "fair", "g": "good"}.get(g.grade, g.grade),
            g.published,
            g.source,
        )
        for g in grades
    ]
    found = directions(grades, SCALE, {"PVP": ("CA", "DV", "PP", "MP")}, rollup)
    assert found["NP"].direction == "improved"
    assert found["PVP"].direction == "improved"
    assert found["PVP"].latest.grade == "fair"
    assert found["CA"].via_rollup == "CA fair, DV fair, PP fair, MP good"
    assert found["PVP"].sentence.startswith("improved: Poor in hmic-2006, Fair in hmic-2007")


def test_it_locates_every_problem_in_a_broken_risk_model(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_MODEL, tmp_path / "model.yaml")
    edit(tmp_path, "model.yaml", "  monitoring: 0.25", "  monitoring: 0.35")
    edit(tmp_path, "model.yaml", "  per_force_per_quarter: 2", "  per_force_per_quarter: 2\n  colour: red")
    edit(tmp_path, "model.yaml", "  recent: 0.7", "  recent: 1.7")
    with pytest.raises(DataFileError) as caught:
        load_risk_model(tmp_path / "model.yaml")
    shown = [str(p) for p in caught.value.problems]
    assert (
        f"model.yaml: limits.colour (line {line_of(tmp_path, 'model.yaml', 'colour')}): unknown key 'colour'"
        in shown
    )
    assert any(
        s.startswith(f"model.yaml: monitoring.recent (line {line_of(tmp_path, 'model.yaml', 'recent: 1.7')})")
        for s in shown
    )
    # The weights are checked once the file has the right shape.
    edit(tmp_path, "model.yaml", "  colour: red\n", "")
    edit(tmp_path, "model.yaml", "  recent: 1.7", "  recent: 0.7")
    with pytest.raises(DataFileError) as caught:
        load_risk_model(tmp_path / "model.yaml")
    line = line_of(tmp_path, "model.yaml", "weights:")
    assert [str(p) for p in caught.value.problems] == [
        f"model.yaml: weights (line {line}): the weights must add up to 1, they add up to 1.1"
    ]


def test_it_loads_the_default_model_with_its_version_and_hash() -> None:
    model = load_risk_model()
    assert model.label == "default v1"
    assert len(model.content_hash) == 64
    assert model.inspector_days("SOC", None) == 30  # default 20 days x (1 + 2500 / 5000)
