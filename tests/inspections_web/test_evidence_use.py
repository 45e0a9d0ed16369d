"""The evidence behind each judgement, finding and Excellent condition, chosen on their pages; and
what rests on an item, on its page and in the register's filter by use. In the world: CA-F01 is met
on the verified referral audit (OFFICIAL), CA-F02 partly met on the unverified victim interview
(OFFICIAL-SENSITIVE)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.urls import reverse

from inspectorate.inspections import services
from inspectorate.inspections.models import ConditionRecord, CriterionJudgement, Finding
from tests.permissions.world_inspections import add_item

from .pages import HTMX, by_testid, page, parsed

pytestmark = pytest.mark.django_db


def grid_url(world: SimpleNamespace) -> str:
    return reverse("inspections:judgements", args=[world.inspection.pk, "CA"])


def judge(
    client: Any, world: SimpleNamespace, criterion: str, value: str, evidence: list[str], **extra: Any
) -> Any:
    url = reverse("inspections:judgement", args=[world.inspection.pk, "CA", criterion])
    data = {"value": value, "comment": "", "evidence_shown": "1", "evidence": evidence}
    return client.post(url, data, **extra)


def judgement(world: SimpleNamespace, code: str) -> CriterionJudgement:
    return CriterionJudgement.objects.get(inspection=world.inspection, criterion__code=code)


def rests_on(row: Any) -> list[str]:
    return [li.get("data-reference") for li in by_testid(row, "rests-on").find_all("li")]


def test_it_offers_the_items_linked_to_each_criterion_with_their_verification(
    world: SimpleNamespace, client_for: Any
) -> None:
    extra = add_item(
        world.make_persona("inspector"), world.inspection, title="Old protocol", criteria=["CA-F01"]
    )
    services.update_evidence(
        world.make_persona("inspector"), extra, effective_date=extra.effective_date.replace(year=2005)
    )
    grid = page(client_for("inspector"), grid_url(world))
    row = grid.find("tr", id="criterion-CA-F01")
    boxes = by_testid(row, "evidence-choice").find_all("input", type="checkbox")

    assert [b.get("value") for b in boxes] == [world.evidence.reference, extra.reference]
    assert "checked" in boxes[0].attrs and "checked" not in boxes[1].attrs
    labels = [grid.find("label", for_=b.get("id")).text for b in boxes]
    assert "Verified" in labels[0] and "Unverified" in labels[1]
    assert "Outside the period" in labels[1] and "Outside the period" not in labels[0]
    assert rests_on(row) == [world.evidence.reference]
    # A criterion with nothing linked says so rather than offering nothing.
    assert "No evidence is linked to CA-F03 yet" in grid.find("tr", id="criterion-CA-F03").text


def test_it_records_the_chosen_evidence_through_htmx_and_swaps_the_row(
    world: SimpleNamespace, client_for: Any
) -> None:
    second = add_item(
        world.make_persona("inspector"), world.inspection, title="Strategy minutes", criteria=["CA-F01"]
    )
    services.verify_evidence(world.make_persona("inspector"), second, "Minutes read")

    response = judge(client_for("inspector"), world, "CA-F01", "met", [second.reference], **HTMX)

    assert response.status_code == 200
    row = parsed(response).find("tr", id="criterion-CA-F01")
    assert rests_on(row) == [second.reference]
    assert list(judgement(world, "CA-F01").evidence.all()) == [second]


def test_it_refuses_met_on_unverified_chosen_evidence_and_keeps_the_ticks_as_posted(
    world: SimpleNamespace, client_for: Any
) -> None:
    interview = world.sensitive_evidence  # unverified, linked to CA-F02

    response = judge(client_for("inspector"), world, "CA-F02", "met", [interview.reference], **HTMX)

    assert response.status_code == 400
    row = parsed(response).find("tr", id="criterion-CA-F02")
    assert f"{interview.reference} is not verified" in row.text
    box = row.find("input", value=interview.reference)
    assert "checked" in box.attrs
    assert judgement(world, "CA-F02").value == "partly"


def test_it_records_the_choice_without_javascript_and_clears_it_when_nothing_is_ticked(
    world: SimpleNamespace, client_for: Any
) -> None:
    client = client_for("inspector")

    cleared = judge(client, world, "CA-F02", "partly", [])
    refused = judge(client, world, "CA-F01", "met", [])

    assert cleared.status_code == 302
    assert cleared["Location"] == f"{grid_url(world)}#criterion-CA-F02"
    assert list(judgement(world, "CA-F02").evidence.all()) == []
    assert refused.status_code == 400
    assert "choose one of the 1 linked to CA-F01" in parsed(refused).find("tr", id="criterion-CA-F01").text
    assert list(judgement(world, "CA-F01").evidence.all()) == [world.evidence]


def test_it_keeps_the_choice_when_a_post_carries_no_evidence_boxes(
    world: SimpleNamespace, client_for: Any
) -> None:
    url = reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F01"])

    response = client_for("inspector").post(url, {"value": "met", "comment": "Still met"})

    assert response.status_code == 302
    assert list(judgement(world, "CA-F01").evidence.all()) == [world.evidence]


def test_it_refuses_an_item_that_is_not_linked_to_the_criterion(
    world: SimpleNamespace, client_for: Any
) -> None:
    response = judge(
        client_for("inspector"), world, "CA-F01", "met", [world.sensitive_evidence.reference], **HTMX
    )

    assert response.status_code == 400
    assert list(judgement(world, "CA-F01").evidence.all()) == [world.evidence]


def test_it_never_shows_a_moderator_a_sensitive_item_a_judgement_rests_on(
    world: SimpleNamespace, client_for: Any
) -> None:
    grid = page(client_for("moderator"), grid_url(world))

    assert rests_on(grid.find("tr", id="criterion-CA-F01")) == [world.evidence.reference]
    second = grid.find("tr", id="criterion-CA-F02")
    assert rests_on(second) == []
    assert world.sensitive_evidence.reference not in second.text
    assert not grid.find_all("form", data_testid="condition-form-beacon")


def test_it_lists_what_rests_on_an_item_on_its_page(world: SimpleNamespace, client_for: Any) -> None:
    inspector = world.make_persona("inspector")
    services.edit_finding(inspector, world.finding, evidence=[world.evidence])
    services.set_condition(
        inspector,
        world.inspection,
        "CA",
        "beacon",
        present=True,
        rationale="Adopted",
        evidence=[world.evidence],
    )
    url = reverse("inspections:evidence_detail", args=[world.inspection.pk, world.evidence.pk])

    for persona in ("inspector", "moderator"):
        listed = by_testid(page(client_for(persona), url), "rests-on")
        assert [li.get("data-criterion") for li in listed.find_all("li") if li.get("data-criterion")] == [
            "CA-F01"
        ]
        assert "Met" in listed.text
        assert [li.get("data-finding") for li in listed.find_all("li") if li.get("data-finding")] == [
            str(world.finding.pk)
        ]
        assert listed.find("li", data_condition="CA-beacon")
    unused = add_item(inspector, world.inspection, title="Spare notes")
    bare = page(
        client_for("inspector"), reverse("inspections:evidence_detail", args=[world.inspection.pk, unused.pk])
    )
    assert "Nothing rests on it yet" in by_testid(bare, "rests-on").text


def test_it_filters_the_register_by_what_rests_on_each_item(world: SimpleNamespace, client_for: Any) -> None:
    unused = add_item(world.make_persona("inspector"), world.inspection, title="Spare notes")
    register = reverse("inspections:evidence", args=[world.inspection.pk])
    client = client_for("inspector")

    def listed(query: str) -> list[str]:
        rows = page(client, register + query).find_all("tr")
        return [row.get("data-reference") for row in rows if row.get("data-reference")]

    assert listed("?use=judgement") == [world.evidence.reference, world.sensitive_evidence.reference]
    assert listed("?use=met") == [world.evidence.reference]
    assert listed("?use=unused") == [unused.reference]
    assert listed("?use=met&framework=DV") == []


def test_it_adds_a_finding_resting_on_evidence_bearing_on_its_framework_first(
    world: SimpleNamespace, client_for: Any
) -> None:
    other = add_item(world.make_persona("inspector"), world.inspection, title="DV audit", criteria=["DV-F01"])
    url = reverse("inspections:findings", args=[world.inspection.pk, "CA"])
    client = client_for("inspector")
    form = by_testid(page(client, url), "finding-form")
    groups = [
        d.find("summary").text.strip()
        for d in form.find_all("details")
        if d.find_all("input", name="evidence")
    ]

    assert groups == ["Evidence bearing on CA", "Other evidence of this inspection"]
    assert other.reference in form.find_all("details")[-1].text

    response = client.post(
        url, {"kind": "strength", "text": "Referrals are audited.", "evidence": [world.evidence.reference]}
    )

    assert response.status_code == 302
    added = Finding.objects.get(inspection=world.inspection, text="Referrals are audited.")
    assert list(added.evidence.all()) == [world.evidence]
    listed = page(client, url).find("li", id=f"finding-{added.pk}")
    assert world.evidence.reference in by_testid(listed, "finding-evidence").text


def test_it_records_an_excellent_condition_with_its_evidence(world: SimpleNamespace, client_for: Any) -> None:
    url = reverse("inspections:conditions", args=[world.inspection.pk, "CA"])
    client = client_for("inspector")

    response = client.post(
        url,
        {
            "condition": "beacon",
            "beacon-present": "on",
            "beacon-rationale": "Two forces adopted its triage.",
            "beacon-evidence": [world.evidence.reference],
        },
    )

    assert response.status_code == 302
    record = ConditionRecord.objects.get(inspection=world.inspection, condition__code="beacon")
    assert list(record.evidence.all()) == [world.evidence]
    shown = page(client_for("moderator"), grid_url(world))
    assert world.evidence.reference in by_testid(shown, "condition-evidence").text
