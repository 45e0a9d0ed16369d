"""The inspections API: who may read and change what, for every operation.

Objects come from world_api_inspections.py: `api_draft` is force A's inspection in drafting (only the
team, moderators and administrators see it), `api_fac` is force A's at the factual accuracy check
(force A now sees it, force B still does not), `api_published` is force B's, published (everyone).

Writes need a signed-in caller (the public gets 401). A caller who may see the inspection but not
change it gets the service's refusal (403); one who may not see it gets 404. Every persona's request
meets the same world: whatever one request changes is rolled back before the next (test_matrix.py).
"""

from __future__ import annotations

from typing import Any

from .routes import PERSONAS, WORKING, Route, everyone

# Everyone else is checked for the working in every answer (see routes.py).
SEES_WORKING = WORKING

JSON = "application/json"


def statuses(**given: int) -> dict[str, int]:
    missing = set(PERSONAS) - set(given)
    assert not missing, f"every persona needs a status; missing {sorted(missing)}"
    return given


def seen_by(*personas: str, ok: int = 200, others: int = 404) -> dict[str, int]:
    return {p: (ok if p in personas else others) for p in PERSONAS}


DRAFT_VIEWERS = ("inspector", "lead", "moderator", "admin")
FAC_VIEWERS = ("inspector", "lead", "moderator", "force_a", "admin")


def draft(world: Any, **more: Any) -> dict[str, Any]:
    return {"inspection_id": world.api_draft.pk, **more}


def fac(world: Any, **more: Any) -> dict[str, Any]:
    return {"inspection_id": world.api_fac.pk, **more}


def published(world: Any, **more: Any) -> dict[str, Any]:
    return {"inspection_id": world.api_published.pk, **more}


# A write to the draft: the team and administrators succeed, moderators are refused by the service.
def draft_write(ok: int) -> dict[str, int]:
    return statuses(
        public=401, inspector=ok, lead=ok, moderator=403, analyst=404, force_a=404, force_b=404, admin=ok
    )


NEW_EVIDENCE = {
    "source_type": "interview",
    "title": "Interview with a neighbourhood sergeant",
    "summary": "Describes how priorities are set with residents.",
    "collected_on": "2007-06-05",
    "effective_date": "2007-05-20",
    "collected_by": "isla.inspector",
    "criteria": ["NP-F08"],
}
NEW_FINDING = {"kind": "area_for_improvement", "text": "Abstraction needs monitoring.", "framework": "NP"}

ROUTES = [
    Route("api-1:list_inspections", everyone()),
    Route("api-1:get_inspection", seen_by(*DRAFT_VIEWERS), kwargs=draft, label="drafting"),
    Route("api-1:get_inspection", seen_by(*FAC_VIEWERS), kwargs=fac, label="factual accuracy"),
    Route("api-1:get_inspection", everyone(), kwargs=published, label="published"),
    Route("api-1:list_evidence", seen_by(*DRAFT_VIEWERS), kwargs=draft, label="drafting"),
    # Force A sees the inspection now, and of its evidence only what it submitted (here nothing).
    Route("api-1:list_evidence", seen_by(*FAC_VIEWERS), kwargs=fac, label="factual accuracy"),
    Route(
        "api-1:get_evidence",
        seen_by(*DRAFT_VIEWERS),
        kwargs=lambda w: draft(w, reference=w.api_e001.reference),
        label="official",
    ),
    # Moderators read summaries of OFFICIAL evidence only; sensitive items stay with the team.
    Route(
        "api-1:get_evidence",
        seen_by("inspector", "lead", "admin"),
        kwargs=lambda w: draft(w, reference=w.api_e002.reference),
        label="sensitive",
    ),
    Route(
        "api-1:add_evidence",
        draft_write(201),
        kwargs=draft,
        method="post",
        data=lambda w: NEW_EVIDENCE,
        content_type=JSON,
        label="drafting",
    ),
    # Signed off at the factual accuracy check: evidence no longer changes, whoever asks.
    Route(
        "api-1:add_evidence",
        statuses(
            public=401,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=404,
            force_a=403,
            force_b=404,
            admin=403,
        ),
        kwargs=fac,
        method="post",
        data=lambda w: {**NEW_EVIDENCE, "criteria": ["CA-F03"]},
        content_type=JSON,
        label="factual accuracy",
    ),
    Route(
        "api-1:change_verification",
        statuses(
            public=401,
            inspector=200,
            lead=200,
            moderator=403,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=200,
        ),
        kwargs=lambda w: draft(w, reference=w.api_e003.reference),
        method="post",
        data=lambda w: {"to_state": "verified", "note": "Original records seen"},
        content_type=JSON,
    ),
    Route(
        "api-1:list_judgements",
        seen_by(*DRAFT_VIEWERS),
        kwargs=lambda w: draft(w, code="NP"),
        label="drafting",
    ),
    # Criterion-level working stays internal: the force sees grades and findings, not judgements. It
    # sees the inspection, so it is told why (403), as on the judgement pages.
    Route(
        "api-1:list_judgements",
        {**seen_by("inspector", "lead", "moderator", "admin"), "force_a": 403},
        kwargs=lambda w: fac(w, code="CA"),
        label="factual accuracy",
    ),
    Route(
        "api-1:record_judgement",
        draft_write(200),
        kwargs=lambda w: draft(w, code="NP", criterion="NP-F03"),
        method="put",
        data=lambda w: {"value": "partly", "comment": "Some abstraction on response shifts"},
        content_type=JSON,
    ),
    Route(
        "api-1:get_proposal", seen_by(*DRAFT_VIEWERS), kwargs=lambda w: draft(w, code="NP"), label="drafting"
    ),
    Route(
        "api-1:get_proposal",
        {**seen_by("inspector", "lead", "moderator", "admin"), "force_a": 403},
        kwargs=lambda w: fac(w, code="CA"),
        label="factual accuracy",
    ),
    # Published: everyone sees the inspection, only the team, moderators and administrators its working.
    Route(
        "api-1:get_proposal",
        seen_by("inspector", "lead", "moderator", "admin", others=403),
        kwargs=lambda w: published(w, code="CA"),
        label="published",
    ),
    Route(
        "api-1:list_judgements",
        seen_by("inspector", "lead", "moderator", "admin", others=403),
        kwargs=lambda w: published(w, code="CA"),
        label="published",
    ),
    Route("api-1:list_awards", seen_by(*DRAFT_VIEWERS), kwargs=draft, label="drafting"),
    Route("api-1:list_awards", seen_by(*FAC_VIEWERS), kwargs=fac, label="factual accuracy"),
    Route("api-1:list_awards", everyone(), kwargs=published, label="published"),
    Route(
        "api-1:award_grade",
        draft_write(201),
        kwargs=lambda w: draft(w, code="CA"),
        method="post",
        data=lambda w: {"grade": "fair", "rationale": "The referral audit supports Fair"},
        content_type=JSON,
    ),
    # Only a lead inspector on the team who did not author the award decides a departure.
    Route(
        "api-1:approve_departure",
        statuses(
            public=401,
            inspector=403,
            lead=200,
            moderator=403,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=403,
        ),
        kwargs=lambda w: draft(w, award_id=w.api_award.pk),
        method="post",
        data=lambda w: {"note": "The audit supports it"},
        content_type=JSON,
    ),
    Route(
        "api-1:reject_departure",
        statuses(
            public=401,
            inspector=403,
            lead=200,
            moderator=403,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=403,
        ),
        kwargs=lambda w: draft(w, award_id=w.api_award.pk),
        method="post",
        data=lambda w: {"note": "Judge the criteria first"},
        content_type=JSON,
    ),
    Route("api-1:list_findings", seen_by(*DRAFT_VIEWERS), kwargs=draft, label="drafting"),
    Route("api-1:list_findings", seen_by(*FAC_VIEWERS), kwargs=fac, label="factual accuracy"),
    Route("api-1:list_findings", everyone(), kwargs=published, label="published"),
    Route(
        "api-1:create_finding",
        draft_write(201),
        kwargs=draft,
        method="post",
        data=lambda w: NEW_FINDING,
        content_type=JSON,
        label="drafting",
    ),
    # Findings still change at the factual accuracy check (corrections), by the team only.
    Route(
        "api-1:create_finding",
        statuses(
            public=401,
            inspector=201,
            lead=201,
            moderator=403,
            analyst=404,
            force_a=403,
            force_b=404,
            admin=201,
        ),
        kwargs=fac,
        method="post",
        data=lambda w: {**NEW_FINDING, "framework": "CA"},
        content_type=JSON,
        label="factual accuracy",
    ),
    Route(
        "api-1:update_finding",
        draft_write(200),
        kwargs=lambda w: draft(w, finding_id=w.api_finding.pk),
        method="patch",
        data=lambda w: {"text": "Every neighbourhood has a named team of officers and PCSOs."},
        content_type=JSON,
    ),
    Route(
        "api-1:delete_finding",
        statuses(
            public=401,
            inspector=204,
            lead=204,
            moderator=403,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=204,
        ),
        kwargs=lambda w: draft(w, finding_id=w.api_finding.pk),
        method="delete",
        label="drafting",
    ),
    # A published report does not change: everyone who can see the finding is refused.
    Route(
        "api-1:delete_finding",
        statuses(
            public=401,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=403,
            force_a=403,
            force_b=403,
            admin=403,
        ),
        kwargs=lambda w: published(w, finding_id=w.api_published_finding.pk),
        method="delete",
        label="published",
    ),
    Route(
        "api-1:move_finding",
        draft_write(200),
        kwargs=lambda w: draft(w, finding_id=w.api_finding.pk),
        method="post",
        data=lambda w: {"position": 1},
        content_type=JSON,
    ),
    Route(
        "api-1:get_blockers",
        statuses(
            public=404,
            inspector=200,
            lead=200,
            moderator=403,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=200,
        ),
        kwargs=draft,
    ),
    # Team members move an inspection up to drafting; only its lead inspector moves it on, and the
    # draft is not ready for moderation (NP has no award, CA's departure awaits approval).
    Route(
        "api-1:move_stage",
        statuses(
            public=401,
            inspector=403,
            lead=409,
            moderator=403,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=403,
        ),
        kwargs=draft,
        method="post",
        data=lambda w: {"to_stage": "moderation"},
        content_type=JSON,
    ),
]
