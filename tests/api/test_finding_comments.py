"""Force comments on findings through the API: the inspected force's liaison officer comments at the
factual accuracy check, the team answers (and may revise the answer), each audited; everyone else is
refused with the rule's reason, and a force never sees another force's inspection."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from inspectorate.accounts.models import AuditEvent
from inspectorate.inspections.models import FindingComment

from .conftest import Call

pytestmark = pytest.mark.django_db


def _on_finding(world: SimpleNamespace) -> dict[str, int]:
    return {"inspection_id": world.api_fac.pk, "finding_id": world.api_fac_finding.pk}


def test_it_takes_a_comment_from_the_inspected_force(world: SimpleNamespace, call: Call) -> None:
    text = "  The strategy meetings were held within a day in every case we sampled.  "

    response = call("force_a", "post", "comment_on_finding", {"text": text}, **_on_finding(world))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == text.strip() and body["author"] == "wendy.westmids"
    assert body["finding"] == world.api_fac_finding.pk
    assert body["response"] == "" and body["responded_by"] is None
    assert AuditEvent.objects.filter(action="comment.added", object_id=str(body["id"])).exists()
    listed = call("lead", "get", "list_finding_comments", **_on_finding(world)).json()
    assert [c["id"] for c in listed] == [world.api_comment.pk, body["id"]]


def test_it_refuses_an_empty_comment_naming_the_field(world: SimpleNamespace, call: Call) -> None:
    before = FindingComment.objects.count()

    blank = call("force_a", "post", "comment_on_finding", {"text": "   "}, **_on_finding(world))
    missing = call("force_a", "post", "comment_on_finding", {}, **_on_finding(world))

    assert blank.status_code == 422 and set(blank.json()["errors"]) == {"text"}
    assert missing.status_code == 422 and set(missing.json()["errors"]) == {"text"}
    assert FindingComment.objects.count() == before


def test_it_refuses_a_comment_from_the_team_with_the_reason(world: SimpleNamespace, call: Call) -> None:
    response = call("inspector", "post", "comment_on_finding", {"text": "A note"}, **_on_finding(world))

    assert response.status_code == 403
    assert "force liaison officer of the inspected force" in response.json()["detail"]


def test_it_keeps_another_force_out(world: SimpleNamespace, call: Call) -> None:
    comment = call("force_b", "post", "comment_on_finding", {"text": "Ours?"}, **_on_finding(world))
    listed = call("force_b", "get", "list_comments", inspection_id=world.api_fac.pk)

    assert comment.status_code == 404 and listed.status_code == 404
    assert "weekly" not in comment.content.decode() + listed.content.decode()


def test_it_takes_the_team_s_answer_and_a_revision(world: SimpleNamespace, call: Call) -> None:
    url = {"inspection_id": world.api_fac.pk, "comment_id": world.api_comment.pk}

    first = call("inspector", "put", "answer_comment", {"response": "Noted; the finding stands."}, **url)
    revised = call("lead", "put", "answer_comment", {"response": "The finding now says weekly."}, **url)

    assert first.status_code == 200 and revised.status_code == 200
    body = revised.json()
    assert body["response"] == "The finding now says weekly." and body["responded_by"] == "leonard.lead"
    assert (
        AuditEvent.objects.filter(action="comment.answered", object_id=str(world.api_comment.pk)).count() == 2
    )
    seen_by_force = call("force_a", "get", "list_comments", inspection_id=world.api_fac.pk).json()
    assert [c["response"] for c in seen_by_force] == ["The finding now says weekly."]


def test_it_refuses_an_answer_from_the_force(world: SimpleNamespace, call: Call) -> None:
    url = {"inspection_id": world.api_fac.pk, "comment_id": world.api_comment.pk}

    response = call("force_a", "put", "answer_comment", {"response": "We answer ourselves."}, **url)

    assert response.status_code == 403
    assert FindingComment.objects.get(pk=world.api_comment.pk).response == ""


def test_it_shows_the_public_no_comments_on_a_published_inspection(
    world: SimpleNamespace, call: Call
) -> None:
    public = call("public", "get", "list_comments", inspection_id=world.api_published.pk)
    force = call("force_b", "get", "list_comments", inspection_id=world.api_published.pk)

    assert public.status_code == 200 and public.json() == []
    assert [c["text"] for c in force.json()] == ["Our referral figures were revised in May."]
