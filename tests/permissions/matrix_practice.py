"""Developing practice (/practice/): who may submit, read, select and record adoptions.

Objects come from world_publication.py: `practice_selected` is force A's example printed in a
published report (everyone reads it), `practice_submitted` force A's example still waiting (force A,
the team inspecting force A and administrators), `practice_inspection` force B's inspection at the
planned stage (only its team and administrators see it) and `pub_inspection` force A's published one
(everyone sees it; only its team may select, and nothing changes once it is published).

The public is sent to sign in from every page except an example's own page, which answers 404 for
anything not yet published; POST-only URLs answer a GET with 405 before anything else. A user who may
not see the object gets 404; one who may see it but not act gets 403 with the reason; refused input
is 400.
"""

from __future__ import annotations

from typing import Any

from .routes import PERSONAS, WORKING, Route, everyone

# Everyone else is checked for the working in every answer (see routes.py).
SEES_WORKING = WORKING


def statuses(**given: int) -> dict[str, int]:
    missing = set(PERSONAS) - set(given)
    assert not missing, f"every persona needs a status; missing {sorted(missing)}"
    return given


def _submission(world: Any) -> dict[str, Any]:
    return {
        "framework": str(world.programme.frameworks.get(code="NP").pk),
        "title": "Street briefings",
        "problem": "Residents did not know their neighbourhood team.",
        "solution": "Monthly street briefings.",
        "outcomes": "Confidence rose by ten points.",
        "contact_name": "PC Lee",
        "contact_details": "0121 000 0001",
        "evaluated_by_force": "on",
        "transferable": "on",
    }


def _adoption(world: Any) -> dict[str, Any]:
    # A different adopting force for each persona in turn (see ADOPTERS in world_publication.py).
    return {"adopting_force": str(world.next_adopter()), "adopted_on": "2008-02-01", "note": "Rolled out"}


def _decline(world: Any) -> dict[str, Any]:
    pk = world.practice_durham.pk
    return {f"e{pk}-decision": "decline", f"e{pk}-reason": "Covered by another example"}


def _decline_published(world: Any) -> dict[str, Any]:
    pk = world.practice_selected.pk
    return {f"e{pk}-decision": "decline", f"e{pk}-reason": "Too late"}


ROUTES = [
    Route(
        "practice:list",
        statuses(
            public=302,
            inspector=200,
            lead=200,
            moderator=200,
            analyst=200,
            force_a=200,
            force_b=200,
            admin=200,
        ),
    ),
    Route(
        "practice:submit",
        statuses(
            public=302,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=403,
            force_a=200,
            force_b=200,
            admin=403,
        ),
        label="get",
    ),
    Route(
        "practice:submit",
        statuses(
            public=302,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=403,
            force_a=302,
            force_b=302,
            admin=403,
        ),
        method="post",
        data=_submission,
        label="post",
    ),
    Route("practice:detail", everyone(), kwargs=lambda w: {"pk": w.practice_selected.pk}, label="published"),
    Route(
        "practice:detail",
        statuses(
            public=404,
            inspector=200,
            lead=200,
            moderator=404,
            analyst=404,
            force_a=200,
            force_b=404,
            admin=200,
        ),
        kwargs=lambda w: {"pk": w.practice_submitted.pk},
        label="submitted",
    ),
    Route(
        "practice:adopt",
        everyone(405),
        kwargs=lambda w: {"pk": w.practice_selected.pk},
        label="get",
    ),
    # The team inspecting force A and administrators record any other force's adoption; a force's
    # liaison officer records their own force's (force A cannot adopt its own example).
    Route(
        "practice:adopt",
        statuses(
            public=302,
            inspector=302,
            lead=302,
            moderator=403,
            analyst=403,
            force_a=403,
            force_b=302,
            admin=302,
        ),
        kwargs=lambda w: {"pk": w.practice_selected.pk},
        method="post",
        data=_adoption,
        label="post",
    ),
    # Not yet published: only those who see the example get as far as the form (force A sees its own
    # example but cannot adopt it).
    Route(
        "practice:adopt",
        statuses(
            public=302,
            inspector=400,
            lead=400,
            moderator=404,
            analyst=404,
            force_a=403,
            force_b=404,
            admin=400,
        ),
        kwargs=lambda w: {"pk": w.practice_submitted.pk},
        method="post",
        data=lambda w: {"adopted_on": "not a date"},
        label="unpublished",
    ),
    Route(
        "practice:selection",
        statuses(
            public=302,
            inspector=200,
            lead=200,
            moderator=404,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=200,
        ),
        kwargs=lambda w: {"pk": w.practice_inspection.pk},
        label="draft",
    ),
    Route(
        "practice:selection",
        statuses(
            public=302,
            inspector=200,
            lead=200,
            moderator=403,
            analyst=403,
            force_a=403,
            force_b=403,
            admin=200,
        ),
        kwargs=lambda w: {"pk": w.pub_inspection.pk},
        label="published",
    ),
    Route(
        "practice:decide",
        statuses(
            public=302,
            inspector=302,
            lead=302,
            moderator=404,
            analyst=404,
            force_a=404,
            force_b=404,
            admin=302,
        ),
        kwargs=lambda w: {"pk": w.practice_inspection.pk, "example_pk": w.practice_durham.pk},
        method="post",
        data=_decline,
        label="draft",
    ),
    # Once published, nobody changes the selection, not even the team.
    Route(
        "practice:decide",
        statuses(
            public=302,
            inspector=403,
            lead=403,
            moderator=403,
            analyst=403,
            force_a=403,
            force_b=403,
            admin=403,
        ),
        kwargs=lambda w: {"pk": w.pub_inspection.pk, "example_pk": w.practice_selected.pk},
        method="post",
        data=_decline_published,
        label="published",
    ),
]
