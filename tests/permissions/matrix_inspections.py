"""The inspection pages (/inspections/): who may see and change what, for every URL pattern.

Objects come from world_inspections.py: `inspection` is force A's inspection at the drafting stage
(the team, moderators and administrators see it), `fa_inspection` force A's at the factual accuracy
check (force A's liaison officer now sees it too; force B's still does not).

How the pages answer, consistently:

- The public is sent to sign in (302) from every page, whatever the URL, so the redirect says nothing
  about whether an inspection exists. POST-only URLs answer a GET with 405 before anything else.
- A signed-in user who may not see the inspection (or the record in it) gets 404: analysts and the
  forces at the drafting stage, force B always, moderators for OFFICIAL-SENSITIVE evidence.
- A user who may see it but not do what was asked gets 403 with the reason: moderators on every team
  form, inspectors moving an inspection past drafting, everyone but lead inspectors on the approval
  queue, force A on the criterion-level working, everyone but force A commenting on findings.
- Refused input is 400; a workflow move that is blocked is 409.
- Every persona's request meets the same world: whatever one request changes is rolled back before
  the next (see test_matrix.py), so a deletion by one persona is not a 404 for the next.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from .routes import PERSONAS, WORKING, Route

# Everyone else is checked for the working in every answer (see routes.py).
SEES_WORKING = WORKING


def statuses(**given: int) -> dict[str, int]:
    missing = set(PERSONAS) - set(given)
    assert not missing, f"every persona needs a status; missing {sorted(missing)}"
    return given


def signed_in(status: int = 200) -> dict[str, int]:
    return {p: (302 if p == "public" else status) for p in PERSONAS}


def draft(
    ok: int = 200,
    moderator: int | None = None,
    lead: int | None = None,
    admin: int | None = None,
    inspector: int | None = None,
) -> dict[str, int]:
    """A page or form on the drafting inspection: the team and administrators `ok`, moderators
    `moderator` (default `ok`), everyone else who is signed in 404."""
    return statuses(
        public=302,
        inspector=ok if inspector is None else inspector,
        lead=ok if lead is None else lead,
        moderator=ok if moderator is None else moderator,
        analyst=404,
        force_a=404,
        force_b=404,
        admin=ok if admin is None else admin,
    )


def factual(
    ok: int = 200,
    force_a: int = 200,
    team: int | None = None,
    moderator: int | None = None,
    admin: int | None = None,
) -> dict[str, int]:
    """A page or form on the inspection at the factual accuracy check: force A now sees it."""
    team_status = ok if team is None else team
    return statuses(
        public=302,
        inspector=team_status,
        lead=team_status,
        moderator=ok if moderator is None else moderator,
        analyst=404,
        force_a=force_a,
        force_b=404,
        admin=ok if admin is None else admin,
    )


def only_leads(ok: int) -> dict[str, int]:
    return {p: (302 if p == "public" else ok if p == "lead" else 403) for p in PERSONAS}


def planners(ok: int) -> dict[str, int]:
    return {p: (302 if p == "public" else ok if p in ("lead", "admin") else 403) for p in PERSONAS}


def at(world: Any, **more: Any) -> dict[str, Any]:
    return {"pk": world.inspection.pk, **more}


def at_fa(world: Any, **more: Any) -> dict[str, Any]:
    return {"pk": world.fa_inspection.pk, **more}


def evidence(world: Any) -> dict[str, Any]:
    return at(world, evidence_pk=world.evidence.pk)


def _evidence_fields(world: Any) -> dict[str, Any]:
    return {
        "title": "Referral audit, January 2007",
        "source_type": "document",
        "summary": "Forty-one referrals, each assessed for risk on the day.",
        "collected_by": world.make_persona("inspector").pk,
        "collected_on": "2007-06-01",
        "effective_date": "2007-01-15",
        "marking": "official",
    }


def _upload(world: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("notes.txt", b"Interview notes, read back and agreed.\n")}


def _plan(world: Any) -> dict[str, Any]:
    return {
        "force": world.force_b.pk,
        "programme": world.programme.pk,
        "frameworks": ["NP"],
        "lead": world.make_persona("lead").pk,
    }


ROUTES = [
    Route("inspections:list", signed_in()),
    Route("inspections:new", planners(200)),
    Route("inspections:new", planners(302), method="post", data=_plan, label="post"),
    Route("inspections:approvals", only_leads(200)),
    Route(
        "inspections:approval_decide",
        only_leads(302),
        kwargs=lambda w: {"award_pk": w.award.pk},
        method="post",
        data=lambda w: {f"award-{w.award.pk}-decision": "approve", f"award-{w.award.pk}-note": "Agreed."},
    ),
    # The overview.
    Route("inspections:detail", draft(), kwargs=at),
    Route("inspections:detail", factual(), kwargs=at_fa, label="factual accuracy"),
    # CA has a pending departure and DV no award: the lead is told what blocks moderation.
    Route(
        "inspections:move",
        draft(403, lead=409),
        kwargs=at,
        method="post",
        data=lambda w: {"to_stage": "moderation"},
    ),
    # Only the lead sends an inspection back, and only with a reason.
    Route(
        "inspections:send_back", draft(403, lead=400), kwargs=at, method="post", data=lambda w: {"note": ""}
    ),
    Route("inspections:history", draft(), kwargs=at),
    # The change log is the team's working: the force, which now sees the inspection, is told so.
    Route("inspections:history", factual(force_a=403), kwargs=at_fa, label="factual accuracy"),
    # Evidence.
    Route("inspections:evidence", draft(), kwargs=at),
    Route("inspections:evidence", factual(), kwargs=at_fa, label="factual accuracy"),
    Route("inspections:evidence_add", draft(moderator=403), kwargs=at),
    Route(
        "inspections:evidence_add",
        draft(302, moderator=403),
        kwargs=at,
        method="post",
        data=_evidence_fields,
        label="post",
    ),
    Route("inspections:evidence_detail", draft(), kwargs=evidence),
    Route(
        "inspections:evidence_detail",
        draft(moderator=404),
        kwargs=lambda w: at(w, evidence_pk=w.sensitive_evidence.pk),
        label="sensitive",
    ),
    Route("inspections:evidence_edit", draft(moderator=403), kwargs=evidence),
    Route(
        "inspections:evidence_edit",
        draft(302, moderator=403),
        kwargs=evidence,
        method="post",
        data=_evidence_fields,
        label="post",
    ),
    Route(
        "inspections:evidence_verification",
        draft(302, moderator=403),
        kwargs=evidence,
        method="post",
        data=lambda w: {"move": "reset", "note": "The original is to be checked again."},
    ),
    Route(
        "inspections:evidence_criteria",
        draft(302, moderator=403),
        kwargs=evidence,
        method="post",
        data=lambda w: {"criteria": ["CA-F01", "CA-F04"]},
    ),
    # The sensitive item has no file yet: the first of the team attaches one, the rest are told it has one.
    Route(
        "inspections:evidence_attach",
        draft(302, moderator=404),
        kwargs=lambda w: at(w, evidence_pk=w.sensitive_evidence.pk),
        method="post",
        data=_upload,
    ),
    # Moderators read OFFICIAL evidence but never its files.
    Route("inspections:evidence_file", draft(moderator=403), kwargs=evidence),
    # Judgements, conditions and grades.
    Route("inspections:judgements", draft(), kwargs=lambda w: at(w, code="CA")),
    Route(
        "inspections:judgements",
        factual(force_a=403),
        kwargs=lambda w: at_fa(w, code="CA"),
        label="factual accuracy",
    ),
    Route(
        "inspections:judgement",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, code="CA", criterion="CA-F03"),
        method="post",
        data=lambda w: {"value": "partly", "comment": "Most referrals are assessed the same day."},
    ),
    Route(
        "inspections:conditions",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, code="CA"),
        method="post",
        data=lambda w: {"condition": "beacon", "beacon-rationale": ""},
    ),
    Route("inspections:grade", draft(moderator=403), kwargs=lambda w: at(w, code="CA")),
    Route(
        "inspections:grade",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, code="CA"),
        method="post",
        data=lambda w: {"grade": "fair", "rationale": "Most Fair criteria are met on the evidence seen."},
        label="post",
    ),
    # Invalid input at the factual accuracy check, when force A sees the inspection: the answer is
    # still a refusal for everyone outside the team, never the form again with the trace beside it.
    Route(
        "inspections:grade",
        factual(400, force_a=403, moderator=403),
        kwargs=lambda w: at_fa(w, code="CA"),
        method="post",
        data=lambda w: {"grade": "not-a-grade", "rationale": ""},
        label="invalid at factual accuracy",
    ),
    Route(
        "inspections:judgement",
        factual(400, force_a=403),
        kwargs=lambda w: at_fa(w, code="CA", criterion="CA-F03"),
        method="post",
        data=lambda w: {"value": "not-a-value"},
        label="invalid at factual accuracy",
    ),
    # Findings.
    Route("inspections:findings", draft(), kwargs=lambda w: at(w, code="CA")),
    Route("inspections:findings", factual(), kwargs=lambda w: at_fa(w, code="CA"), label="factual accuracy"),
    Route(
        "inspections:findings",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, code="CA"),
        method="post",
        data=lambda w: {"kind": "strength", "text": "Strategy discussions are held promptly."},
        label="post",
    ),
    Route("inspections:group_findings", draft(), kwargs=lambda w: at(w, code="PVP")),
    Route(
        "inspections:group_findings",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, code="PVP"),
        method="post",
        data=lambda w: {"kind": "work_in_progress", "text": "A shared referral system is being built."},
        label="post",
    ),
    Route("inspections:finding_edit", draft(moderator=403), kwargs=lambda w: at(w, finding_pk=w.finding.pk)),
    Route(
        "inspections:finding_edit",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, finding_pk=w.finding.pk),
        method="post",
        data=lambda w: {"kind": "strength", "text": "Strategy discussions are held within a day."},
        label="post",
    ),
    # The inspector deletes it; everyone after finds nothing there.
    Route(
        "inspections:finding_delete",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, finding_pk=w.finding.pk),
        method="post",
        data=lambda w: {"confirm": "yes"},
    ),
    # The middle strength moves to the end.
    Route(
        "inspections:finding_move",
        draft(302, moderator=403),
        kwargs=lambda w: at(w, finding_pk=w.finding.pk),
        method="post",
        data=lambda w: {"direction": "down"},
    ),
    Route(
        "inspections:finding_comment",
        factual(403, force_a=302),
        kwargs=lambda w: at_fa(w, finding_pk=w.fa_finding.pk),
        method="post",
        data=lambda w: {f"finding-{w.fa_finding.pk}-text": "The waiting list was cleared in August."},
    ),
    Route(
        "inspections:comment_respond",
        factual(302, force_a=403, moderator=403),
        kwargs=lambda w: at_fa(w, comment_pk=w.fa_comment.pk),
        method="post",
        data=lambda w: {f"comment-{w.fa_comment.pk}-response": "Noted: the report now says so."},
    ),
]
