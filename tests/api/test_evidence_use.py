"""The evidence behind a judgement through the API: the PUT takes the references it rests on (from
the items linked to the criterion), and an evidence read says what rests on the item, to those who
may see the working. In the world: NP-F01 is met on E001; E002 (CA-F03, sensitive) and E003 (NP-F03)
are unverified."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from inspectorate.inspections import services

from .conftest import Call

pytestmark = pytest.mark.django_db


def judgement_url(world: SimpleNamespace, code: str, criterion: str) -> dict[str, object]:
    return {"inspection_id": world.api_draft.pk, "code": code, "criterion": criterion}


def test_it_refuses_evidence_not_linked_to_the_criterion_and_writes_nothing(
    world: SimpleNamespace, call: Call
) -> None:
    refused = call(
        "inspector",
        "put",
        "record_judgement",
        {"value": "partly", "evidence": ["E003"]},
        **judgement_url(world, "NP", "NP-F01"),
    )
    kept = call("inspector", "get", "list_judgements", inspection_id=world.api_draft.pk, code="NP")

    assert refused.status_code == 422
    assert (
        refused.json()["errors"]["evidence"]
        == "E003 is not linked to NP-F01; link the evidence to the criterion first"
    )
    row = next(r for r in kept.json() if r["criterion"] == "NP-F01")
    assert (row["value"], row["evidence"]) == ("met", ["E001"])


def test_it_keeps_the_chosen_evidence_when_the_body_leaves_it_out_and_clears_it_when_empty(
    world: SimpleNamespace, call: Call
) -> None:
    url = judgement_url(world, "NP", "NP-F01")

    kept = call("inspector", "put", "record_judgement", {"value": "met", "comment": "Still"}, **url)
    emptied = call("inspector", "put", "record_judgement", {"value": "partly", "evidence": []}, **url)

    assert (kept.status_code, kept.json()["evidence"]) == (200, ["E001"])
    assert (emptied.status_code, emptied.json()["evidence"]) == (200, [])


def test_it_says_what_rests_on_an_item_and_filters_the_register_by_use(
    world: SimpleNamespace, call: Call
) -> None:
    read = call("inspector", "get", "get_evidence", inspection_id=world.api_draft.pk, reference="E001")
    unused = call("inspector", "get", "list_evidence", query="?use=unused", inspection_id=world.api_draft.pk)
    met = call("inspector", "get", "list_evidence", query="?use=met", inspection_id=world.api_draft.pk)
    unknown = call(
        "inspector", "get", "list_evidence", query="?use=anything", inspection_id=world.api_draft.pk
    )

    assert read.json()["rests_on"] == {
        "judgements": [{"criterion": "NP-F01", "value": "met"}],
        "findings": [],
        "conditions": [],
    }
    assert [e["reference"] for e in unused.json()] == ["E002", "E003"]
    assert [e["reference"] for e in met.json()] == ["E001"]
    assert unknown.status_code == 422 and "use" in unknown.json()["errors"]


def test_it_never_names_a_sensitive_item_a_judgement_rests_on_to_a_moderator(
    world: SimpleNamespace, call: Call
) -> None:
    inspector = world.make_persona("inspector")
    services.record_judgement(inspector, world.api_draft, "CA-F03", "partly", evidence=[world.api_e002])

    team = call("inspector", "get", "list_judgements", inspection_id=world.api_draft.pk, code="CA")
    moderator = call("moderator", "get", "list_judgements", inspection_id=world.api_draft.pk, code="CA")
    read = call("moderator", "get", "get_evidence", inspection_id=world.api_draft.pk, reference="E001")

    assert next(r for r in team.json() if r["criterion"] == "CA-F03")["evidence"] == ["E002"]
    assert moderator.status_code == 200
    assert next(r for r in moderator.json() if r["criterion"] == "CA-F03")["evidence"] == []
    # An OFFICIAL item: the moderator, who may see the working, reads what rests on it.
    assert read.json()["rests_on"]["judgements"] == [{"criterion": "NP-F01", "value": "met"}]
