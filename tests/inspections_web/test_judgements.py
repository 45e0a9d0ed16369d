"""The judgement grid: a changed judgement posts through htmx and comes back as its row plus the
proposal panel out of band, so the proposed grade follows the judgements; the trace explains it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.inspections import services
from inspectorate.inspections.models import ConditionRecord, CriterionJudgement
from inspectorate.methodology.models import Criterion
from tests.permissions.world_inspections import add_item

from .pages import HTMX, by_testid, page, parsed

pytestmark = pytest.mark.django_db


def all_met(world: SimpleNamespace, code: str = "CA") -> None:
    """Every criterion of the framework judged met, resting on one verified item linked to all of them."""
    inspector = world.make_persona("inspector")
    criteria = list(Criterion.objects.filter(framework__programme=world.programme, framework__code=code))
    item = add_item(inspector, world.inspection, title=f"{code} file review", criteria=criteria)
    services.verify_evidence(inspector, item, "Tested twenty case files against the policy")
    for criterion in criteria:
        services.record_judgement(inspector, world.inspection, criterion, "met", evidence=[item])


def judge(client: Any, world: SimpleNamespace, criterion: str, value: str, htmx: bool = True) -> Any:
    url = reverse("inspections:judgement", args=[world.inspection.pk, "CA", criterion])
    return client.post(url, {"value": value, "comment": ""}, **(HTMX if htmx else {}))


def proposed(document: Any) -> str:
    return by_testid(document, "proposed-grade").get("data-grade")


def test_it_returns_the_row_and_the_proposal_out_of_band(world: SimpleNamespace, client_for: Any) -> None:
    all_met(world)
    client = client_for("inspector")
    grid = page(client, reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    assert proposed(grid) == "good"

    response = judge(client, world, "CA-F05", "not_met")
    assert response.status_code == 200
    fragment = parsed(response)
    assert not fragment.find_all("html"), "an htmx answer is a fragment, not a page"
    row = fragment.find("tr", id="criterion-CA-F05")
    assert "checked" in row.find("input", value="not_met").attrs
    assert "checked" not in row.find("input", value="met").attrs
    panel = fragment.find("div", id="proposal-panel")
    assert panel.get("hx-swap-oob") == "true"
    # A Fair criterion that is not significant: Good fails, Fair still holds.
    assert proposed(panel) == "fair"

    # A dominant criterion not met warrants Poor on its own.
    assert proposed(parsed(judge(client, world, "CA-F03", "not_met"))) == "poor"
    assert proposed(parsed(judge(client, world, "CA-F03", "met"))) == "fair"


def test_it_posts_each_row_by_itself_and_swaps_only_that_row(world: SimpleNamespace, client_for: Any) -> None:
    grid = page(client_for("inspector"), reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    row = grid.find("tr", id="criterion-CA-F03")
    form = row.find("form")
    assert form.get("hx-post") == reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F03"])
    assert form.get("hx-trigger") == "change"
    assert form.get("hx-target") == "#criterion-CA-F03"
    assert form.get("hx-swap") == "outerHTML"
    # Without JavaScript the same form posts normally.
    assert form.get("action") == form.get("hx-post") and form.get("method") == "post"
    assert "Dominant" in row.text and "Significant" in row.text


def test_it_shows_why_met_is_refused_in_the_row(world: SimpleNamespace, client_for: Any) -> None:
    response = judge(client_for("inspector"), world, "CA-F03", "met")
    assert response.status_code == 400
    fragment = parsed(response)
    row = fragment.find("tr", id="criterion-CA-F03")
    assert (
        "Met needs a verified evidence item among those the judgement rests on; "
        "no item is linked to CA-F03 yet" in row.text
    )
    assert fragment.find("div", id="proposal-panel").get("hx-swap-oob") == "true"
    assert not CriterionJudgement.objects.filter(
        inspection=world.inspection, criterion__code="CA-F03"
    ).exists()


def test_it_shows_a_moderator_why_they_may_not_judge(world: SimpleNamespace, client_for: Any) -> None:
    response = judge(client_for("moderator"), world, "CA-F03", "partly")
    assert response.status_code == 403
    assert by_testid(parsed(response), "row-refusal").text == "Error: Moderators do not change inspections"


def test_it_redirects_a_post_without_javascript_back_to_the_row(
    world: SimpleNamespace, client_for: Any
) -> None:
    response = judge(client_for("inspector"), world, "CA-F03", "partly", htmx=False)
    assert response.status_code == 302
    grid = reverse("inspections:judgements", args=[world.inspection.pk, "CA"])
    assert response["Location"] == f"{grid}#criterion-CA-F03"
    judged = CriterionJudgement.objects.get(inspection=world.inspection, criterion__code="CA-F03")
    assert judged.value == "partly"


def test_it_shows_the_grid_read_only_to_moderators(world: SimpleNamespace, client_for: Any) -> None:
    grid = page(client_for("moderator"), reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    row = grid.find("tr", id="criterion-CA-F01")
    assert not row.find_all("form")
    assert row.find(data_testid="judgement-tag").text == "Met"


def test_it_counts_linked_and_verified_evidence_per_criterion(
    world: SimpleNamespace, client_for: Any
) -> None:
    grid = page(client_for("inspector"), reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    # CA-F01 has the verified referral audit; CA-F02 the unverified, sensitive interview.
    assert (
        grid.find("tr", id="criterion-CA-F01").find(data_testid="evidence-counts").text
        == "1 linked , 1 verified"
    )
    assert (
        grid.find("tr", id="criterion-CA-F02").find(data_testid="evidence-counts").text
        == "1 linked , 0 verified"
    )
    # Moderators never see the sensitive item, so it is not counted for them.
    moderated = page(
        client_for("moderator"), reverse("inspections:judgements", args=[world.inspection.pk, "CA"])
    )
    assert moderated.find("tr", id="criterion-CA-F02").find(data_testid="evidence-counts").text == (
        "0 linked , 0 verified"
    )


def test_it_explains_the_proposal_rule_by_rule(world: SimpleNamespace, client_for: Any) -> None:
    all_met(world)
    grid = page(client_for("inspector"), reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    trace = by_testid(grid, "trace")
    rules = trace.find_all("details")
    # Rules are tried in order until one holds.
    assert [d.get("data-rule") for d in rules] == ["poor", "excellent", "good"]
    deciding = [d for d in rules if d.find_all(data_testid="deciding-rule")]
    assert [d.get("data-rule") for d in deciding] == ["good"]
    assert "open" in deciding[0].attrs
    excellent = next(d for d in rules if d.get("data-rule") == "excellent")
    assert "Beacon: not recorded; Excellent needs it: not satisfied" in excellent.text
    assert "Good criteria met: 9 of 9 = 100%" in excellent.text
    assert "Proposed grade: Good" in by_testid(grid, "trace-outcome").text


def test_it_says_which_criteria_are_not_yet_judged(world: SimpleNamespace, client_for: Any) -> None:
    grid = page(client_for("inspector"), reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    assert proposed(grid) == ""
    assert "19 not yet judged" in by_testid(grid, "proposed-grade").text


def test_it_records_an_excellent_condition_and_shows_the_service_error(
    world: SimpleNamespace, client_for: Any
) -> None:
    url = reverse("inspections:conditions", args=[world.inspection.pk, "CA"])
    client = client_for("inspector")
    refused = client.post(url, {"condition": "beacon", "beacon-present": "on", "beacon-rationale": ""})
    assert refused.status_code == 400
    assert "say why the condition is present" in by_testid(parsed(refused), "error-summary").text
    done = client.post(
        url,
        {
            "condition": "beacon",
            "beacon-present": "on",
            "beacon-rationale": "Two forces adopted its referral triage.",
        },
    )
    assert done.status_code == 302
    record = ConditionRecord.objects.get(inspection=world.inspection, condition__code="beacon")
    assert record.present and record.framework.code == "CA"
