"""Flags, the pages, the API and the signals command on the shipped national data."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from inspectorate.accounts.audit_models import AuditEvent
from inspectorate.monitoring.flags import NotAllowed, decide, refresh_flags
from inspectorate.monitoring.models import Flag
from inspectorate.monitoring.queries import flags_for_planning

pytestmark = pytest.mark.django_db
OGL = "Contains public sector information licensed under the"


def test_it_raises_flags_with_reasons_per_unit_indicator_and_framework(national: None) -> None:
    flags = list(Flag.objects.filter(current=True).select_related("framework", "indicator"))
    assert flags
    for flag in flags:
        assert flag.framework.kinds == ["risk_based"]
        assert flag.framework in flag.indicator.frameworks.all()
        assert flag.reasons and all("rule" in r and "window" in r for r in flag.reasons)
        assert flag.strength > 0
    assert AuditEvent.objects.filter(action="flag.raised").count() == len(flags)


def test_it_keeps_flags_and_decisions_when_signals_are_recomputed(national: None, make_persona) -> None:  # type: ignore[no-untyped-def]
    flag = Flag.objects.filter(current=True).first()
    assert flag is not None
    decide(make_persona("analyst"), flag, "watch", "Seasonal, look again next quarter")
    again = refresh_flags()
    assert again.raised == 0 and again.cleared == 0
    flag.refresh_from_db()
    assert flag.decision == "watch" and flag.current


def test_it_gives_planning_open_concern_flags_strongest_first(national: None, make_persona) -> None:  # type: ignore[no-untyped-def]
    summaries = flags_for_planning()
    assert summaries == sorted(summaries, key=lambda s: -s.strength)
    assert {s.programme_code for s in summaries} == {"hmic-2007"}
    dismissed = Flag.objects.get(pk=summaries[0].flag_id)
    decide(make_persona("analyst"), dismissed, "dismiss", "A recording change, not a decline")
    assert dismissed.pk not in {s.flag_id for s in flags_for_planning()}
    one = summaries[1]
    scoped = flags_for_planning(force_code=one.force_code, framework_code=one.framework_code)
    assert scoped and {(s.force_code, s.framework_code) for s in scoped} == {
        (one.force_code, one.framework_code)
    }


def test_it_lets_only_analysts_and_administrators_decide(national: None, make_persona) -> None:  # type: ignore[no-untyped-def]
    flag = Flag.objects.filter(current=True).first()
    assert flag is not None
    with pytest.raises(NotAllowed, match="only analysts and administrators"):
        decide(make_persona("inspector"), flag, "inspect", "Looks bad")
    decided = decide(make_persona("admin"), flag, "inspect", "Consistent with complaints")
    assert decided.decided_by == make_persona("admin")
    event = AuditEvent.objects.filter(action="flag.decided").get()
    assert event.after["decision"] == "inspect" and event.before["decision"] == ""


def test_it_shows_the_force_dashboard_with_charts_flags_and_the_licence(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("analyst").get(reverse("monitoring:force", args=["durham"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<svg") >= 17
    assert 'role="img"' in body and "<desc" in body
    assert "Orange point" in body and "a concern" in body
    assert OGL in body and "Source: data.police.uk" in body


def test_it_draws_the_same_chart_twice(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    from inspectorate.monitoring import charts
    from inspectorate.monitoring.descriptions import unit_signals

    item = unit_signals("durham", indicator="burglary")["indicators"][0]
    assert charts.xmr_svg("c", "Burglary", item) == charts.xmr_svg("c", "Burglary", item)


def test_it_marks_trial_limits(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    # Avon and Somerset has six months: its limits are trial limits.
    client = client_for("analyst")
    avon = client.get(reverse("monitoring:force", args=["avon-and-somerset"])).content.decode()
    assert avon.count('data-testid="trial-limits"') == 17
    durham = client.get(reverse("monitoring:force", args=["durham"])).content.decode()
    assert 'data-testid="trial-limits"' not in durham


def test_it_shows_a_funnel_plot_with_its_dispersion_factor(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("inspector").get(reverse("monitoring:funnel", args=["no-suspect-share"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "dispersion factor" in body and "Spiegelhalter" in body
    assert "<svg" in body and OGL in body


def test_it_ranks_flags_on_the_consider_inspection_page(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    body = client_for("moderator").get(reverse("monitoring:flags")).content.decode()
    strongest = Flag.objects.filter(current=True).order_by("-strength").first()
    assert strongest is not None and strongest.indicator.name in body
    assert "By force and risk-based framework" in body and OGL in body


def test_it_records_a_decision_from_the_flag_page(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    flag = Flag.objects.filter(current=True).first()
    assert flag is not None
    url = reverse("monitoring:flag", args=[flag.pk])
    client = client_for("analyst")
    assert client.post(url, {"decision": "inspect", "reason": ""}).status_code == 400
    response = client.post(url, {"decision": "inspect", "reason": "Sustained rise"}, follow=True)
    assert "Inspect: Sustained rise" in response.content.decode()
    inspector_page = client_for("inspector").get(url).content.decode()
    assert "decision-form" not in inspector_page
    assert "only analysts and administrators" in inspector_page.lower()


def test_it_refuses_force_users_and_the_public(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("monitoring:force", args=["durham"])
    response = client_for("force_b").get(url)
    assert response.status_code == 403
    body = response.content.decode()
    assert "<svg" not in body and "mean" not in body.lower().replace("meaning", "")
    assert client_for("public").get(url).status_code == 302


def test_it_serves_indicators_observations_signals_and_flags_in_the_api(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("analyst")
    indicators = client.get("/api/monitoring/indicators").json()
    assert {i["code"] for i in indicators} >= {"burglary", "all-crime", "no-suspect-share"}
    observations = client.get("/api/monitoring/observations?unit=avon-and-somerset&indicator=burglary").json()
    assert len(observations) == 6  # a missing month is absent, never zero
    signals = client.get("/api/monitoring/signals?unit=durham").json()
    assert signals["indicators"][0]["limits"]["centre"] is not None
    flags = client.get("/api/monitoring/flags").json()
    assert flags and flags[0]["strength"] >= flags[-1]["strength"]
    decided = client.post(
        f"/api/monitoring/flags/{flags[0]['id']}/decision",
        data=json.dumps({"decision": "watch", "reason": "Next quarter"}),
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "watch"
    schema = client.get("/api/openapi.json").json()
    assert "/api/monitoring/signals" in schema["paths"]


def test_it_refuses_monitoring_in_the_api_to_force_users(national: None, client_for) -> None:  # type: ignore[no-untyped-def]
    response = client_for("force_a").get("/api/monitoring/flags")
    assert response.status_code == 403
    assert "strength" not in response.content.decode()


def test_it_prints_signals_as_json(national: None, cli, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli(["monitor", "signals", "--unit", "durham", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["unit"]["code"] == "durham"
    first = result["indicators"][0]
    assert set(first["limits"]) >= {"centre", "lower", "upper", "trial"}
    assert isinstance(first["points"], list) and isinstance(result["flags"], list)


def test_it_finds_police_outcomes_heavily_over_dispersed(national: None) -> None:
    from inspectorate.monitoring.descriptions import national_funnel

    funnel = national_funnel("no-suspect-share")
    assert len(funnel["rows"]) >= 35
    # Without inflation nearly every force would be outside; METHODOLOGY §9 speaks of thousands.
    assert funnel["phi"] > 100
    outside = [r for r in funnel["rows"] if r["outside"]]
    assert len(outside) < len(funnel["rows"]) / 3
