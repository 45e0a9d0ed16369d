"""Awards in the API say what they were made from and whether they still rest on it; a stale award is
not approved."""

from __future__ import annotations

from types import SimpleNamespace

from inspectorate.inspections import services
from inspectorate.methodology.models import Criterion

from .conftest import Call

REASON = (
    "the judgements behind it changed after the award: the proposal moved from no grade (incomplete) to Poor"
)


def test_it_says_whether_an_award_still_rests_on_its_basis(world: SimpleNamespace, call: Call) -> None:
    draft = world.api_draft
    fresh = call("inspector", "get", "list_awards", query="?framework=CA", inspection_id=draft.pk).json()
    assert (fresh[0]["stale"], fresh[0]["stale_reason"], fresh[0]["stale_since"]) == (False, "", None)
    assert fresh[0]["basis_hash"] == world.api_award.basis_hash and len(fresh[0]["basis_hash"]) == 64

    inspector = world.make_persona("inspector")
    for criterion in Criterion.objects.filter(framework__programme=draft.programme, framework__code="CA"):
        services.record_judgement(inspector, draft, criterion, "not_met")

    stale = call("inspector", "get", "list_awards", query="?framework=CA", inspection_id=draft.pk).json()[0]
    assert (stale["stale"], stale["stale_reason"]) == (True, REASON)
    assert stale["stale_since"] is not None
    assert "criterion CA-F03: not yet judged → not met" in stale["changes_since_award"]

    refused = call(
        "lead", "post", "approve_departure", {"note": "Agreed"}, inspection_id=draft.pk, award_id=stale["id"]
    )
    blocked = call("lead", "post", "move_stage", {"to_stage": "moderation"}, inspection_id=draft.pk)
    assert blocked.status_code == 409
    assert any("CA Child abuse: the award of Fair no longer rests" in b for b in blocked.json()["blockers"])
    assert refused.status_code == 422
    assert (
        refused.json()["errors"]["award"]
        == f"this award cannot be approved: {REASON}; the team must award a grade again"
    )


def test_it_leaves_what_changed_out_for_callers_refused_the_working(
    world: SimpleNamespace, call: Call
) -> None:
    signed_off = world.api_fac
    # A judgement recorded outside the services after sign-off (the proposal stays incomplete).
    signed_off.judgements.create(
        criterion=signed_off.programme.frameworks.get(code="CA").criteria.get(code="CA-F01"),
        value="met",
        judged_by=world.make_persona("inspector"),
    )

    team = call("inspector", "get", "list_awards", query="?current=true", inspection_id=signed_off.pk).json()
    force = call("force_a", "get", "list_awards", query="?current=true", inspection_id=signed_off.pk).json()

    assert team[0]["changes_since_award"] == ["criterion CA-F01: not yet judged → met"]
    assert team[0]["stale"] is False
    assert force[0]["changes_since_award"] == []
    assert "CA-F01" not in repr({k: v for k, v in force[0].items() if k != "trace"})
