"""Access is one mechanism: the pages, the API and the services ask the models' access rules
(`decide`/`restrict`/`permits`) and nothing else, so they cannot disagree, and a refusal carries the
rule's reason. Each test here is a place where they used to disagree, or a guard that no hand-written
check comes back."""

from __future__ import annotations

import ast
import datetime
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.accounts.access import permits
from inspectorate.accounts.models import User
from inspectorate.accounts.roles import Role
from inspectorate.forces.models import Force
from inspectorate.inspections import services
from inspectorate.inspections.models import Finding, GradeAward, Inspection
from inspectorate.inspections.services.errors import NotAllowed
from inspectorate.practice import services as practice
from inspectorate.practice.models import Adoption, PracticeExample

from . import world_api_inspections, world_inspections, world_publication
from .working import CRITERION_CODE, leaks

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2] / "inspectorate"


@pytest.fixture
def world(pack_2007: Any, make_persona: Callable[[str], Any]) -> SimpleNamespace:
    return SimpleNamespace(
        programme=pack_2007,
        make_persona=make_persona,
        force_a=Force.objects.get(code="west-midlands"),
        force_b=Force.objects.get(code="durham"),
        cleanups=[],
    )


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _outsider() -> User:
    """An inspector on no inspection's team."""
    return User.objects.create_user(
        username="oscar.outsider", password="a-long-test-password", role=Role.INSPECTOR
    )


# --- the working never leaves the team -------------------------------------------------------------


def test_it_refuses_the_force_the_trace_on_an_invalid_grade_post(world: SimpleNamespace) -> None:
    world_inspections.build_factual_accuracy(world)
    url = reverse("inspections:grade", args=[world.fa_inspection.pk, "CA"])
    force = _client(world.make_persona("force_a"))

    page = force.get(url)
    invalid = force.post(url, {"grade": "not-a-grade", "rationale": ""})

    assert page.status_code == 403
    assert invalid.status_code == 403
    body = invalid.content.decode()
    assert "stays within its team" in body
    assert not CRITERION_CODE.search(body), "the refused force was shown criterion codes"
    assert leaks(body) == []


def test_it_answers_the_same_on_the_web_and_the_api_for_a_published_inspection_off_the_team(
    world: SimpleNamespace,
) -> None:
    world_api_inspections.build(world)
    published = world.api_published
    outsider = _client(_outsider())
    team = _client(world.make_persona("inspector"))
    grid = reverse("inspections:judgements", args=[published.pk, "CA"])
    proposal = reverse("api-1:get_proposal", kwargs={"inspection_id": published.pk, "code": "CA"})

    web, api = outsider.get(grid), outsider.get(proposal)

    # Working stays within the team and its lead: both refuse, with the same rule's reason.
    assert (web.status_code, api.status_code) == (403, 403)
    reason = api.json()["detail"]
    assert reason == Inspection.objects.decide(_outsider_user(), "view_working", published).reason
    assert reason[0].upper() + reason[1:] in web.content.decode()
    assert not CRITERION_CODE.search(web.content.decode())
    # The outsider still sees the published inspection itself, on both.
    assert outsider.get(reverse("inspections:detail", args=[published.pk])).status_code == 200
    assert (
        outsider.get(reverse("api-1:get_inspection", kwargs={"inspection_id": published.pk})).status_code
        == 200
    )
    # The team gets both.
    assert (team.get(grid).status_code, team.get(proposal).status_code) == (200, 200)


def _outsider_user() -> User:
    return User.objects.get(username="oscar.outsider")


def test_it_lets_moderators_read_the_working_but_never_change_it(world: SimpleNamespace) -> None:
    world_inspections.build_drafting(world)
    moderator = world.make_persona("moderator")
    client = _client(moderator)

    grid = client.get(reverse("inspections:judgements", args=[world.inspection.pk, "CA"]))
    post = client.post(
        reverse("inspections:judgement", args=[world.inspection.pk, "CA", "CA-F03"]), {"value": "met"}
    )

    assert grid.status_code == 200 and CRITERION_CODE.search(grid.content.decode())
    assert post.status_code == 403
    assert Inspection.objects.decide(moderator, "view_working", world.inspection)
    assert not Inspection.objects.decide(moderator, "change", world.inspection)


def test_it_keeps_superseded_awards_within_the_team(world: SimpleNamespace) -> None:
    world_api_inspections.build(world)
    fac = world.api_fac
    superseded = GradeAward.objects.get(inspection=fac, status="superseded")

    # Moderators read the current award's working, but what it replaced is the team's deliberation.
    for persona in ("force_a", "public", "moderator"):
        assert not GradeAward.objects.restrict(world.make_persona(persona), "view").filter(pk=superseded.pk)
    current = GradeAward.objects.get(inspection=fac, status="approved")
    assert GradeAward.objects.decide(world.make_persona("moderator"), "view_working", current)
    for persona in ("inspector", "lead", "admin"):
        assert GradeAward.objects.restrict(world.make_persona(persona), "view").filter(pk=superseded.pk)
    # An inspector off the team sees the published grade, but not the award it replaced.
    outsider = GradeAward.objects.restrict(_outsider(), "view").filter(inspection=world.api_published)
    assert [award.status for award in outsider] == ["approved"]


# --- one decision, asked by the page and the service alike -----------------------------------------


def test_it_decides_an_adoption_once_for_the_page_and_the_service(world: SimpleNamespace) -> None:
    world_publication.build(world)
    example = world.practice_selected  # force A's, printed in a published report
    for persona in ("inspector", "lead", "moderator", "analyst", "force_a", "force_b", "admin"):
        user = world.make_persona(persona)
        page = _client(user).get(reverse("practice:detail", args=[example.pk]))
        offered = 'action="' + reverse("practice:adopt", args=[example.pk]) + '"' in page.content.decode()
        adopting = user.force if user.force_id else Force.objects.get(code="cumbria")
        try:
            adoption = practice.record_adoption(
                user, example, adopting_force=adopting, adopted_on=datetime.date(2007, 9, 1)
            )
        except NotAllowed as refusal:
            accepted, reason = False, refusal.reason
        else:
            accepted, reason = True, ""
            # The adoption's own rule agrees with the service that wrote it.
            assert Adoption.objects.decide(user, "add", adoption), persona
            adoption.delete()
        assert offered == accepted == bool(PracticeExample.objects.decide(user, "adopt", example)), persona
        if not accepted:
            assert reason == PracticeExample.objects.decide(user, "adopt", example).reason, persona


def test_it_refuses_a_force_recording_another_forces_adoption(world: SimpleNamespace) -> None:
    world_publication.build(world)
    force_b = world.make_persona("force_b")
    cumbria = Force.objects.get(code="cumbria")

    with pytest.raises(NotAllowed, match="by their own force only"):
        practice.record_adoption(
            force_b, world.practice_selected, adopting_force=cumbria, adopted_on=datetime.date(2007, 9, 1)
        )
    assert not Adoption.objects.filter(example=world.practice_selected).exists()


def test_it_decides_force_comments_by_the_findings_rule(world: SimpleNamespace) -> None:
    world_inspections.build_drafting(world)
    world_inspections.build_factual_accuracy(world)
    finding = world.fa_finding
    for persona in ("inspector", "lead", "moderator", "force_a", "admin"):
        user = world.make_persona(persona)
        decision = Finding.objects.decide(user, "comment", finding)
        page = _client(user).get(reverse("inspections:findings", args=[world.fa_inspection.pk, "CA"]))
        offered = f'name="finding-{finding.pk}-text"' in page.content.decode()
        try:
            services.comment_on_finding(user, finding, "The figures were revised in July.")
        except NotAllowed as refusal:
            assert not decision and refusal.reason == decision.reason, persona
        else:
            assert decision, persona
        assert offered == bool(decision), persona
    # At drafting the force sees nothing to comment on, and the rule says why.
    assert not Finding.objects.decide(world.make_persona("force_a"), "comment", world.finding)


def test_it_decides_publication_and_leading_by_the_inspections_rule(world: SimpleNamespace) -> None:
    world_inspections.build_drafting(world)
    inspection = world.inspection
    lead, inspector, admin = (world.make_persona(p) for p in ("lead", "inspector", "admin"))

    assert Inspection.objects.decide(lead, "publish", inspection)
    assert Inspection.objects.decide(lead, "direct", inspection)
    for user in (inspector, admin):
        refusal = Inspection.objects.decide(user, "publish", inspection)
        assert not refusal and "only the inspection's lead inspector publishes" in refusal.reason
    with pytest.raises(NotAllowed) as refused:
        services.move(inspector, inspection, "moderation")
    assert refused.value.reason == Inspection.objects.decide(inspector, "direct", inspection).reason


def test_it_keeps_the_moderator_gate_in_one_rule(world: SimpleNamespace) -> None:
    from inspectorate.web.context import navigation_items

    world_inspections.build_drafting(world)
    for persona in ("inspector", "lead", "moderator", "analyst", "force_a", "admin"):
        user = world.make_persona(persona)
        gate = permits(Inspection, user, "review")
        page = _client(user).get(reverse("moderation:index"))
        assert page.status_code == (200 if gate else 403), persona
        assert ("Moderation" in dict(navigation_items(user))) == bool(gate), persona
        if not gate:
            assert gate.reason[0].upper() + gate.reason[1:] in page.content.decode(), persona
    award = world.award
    moderator, admin = world.make_persona("moderator"), world.make_persona("admin")
    assert GradeAward.objects.decide(moderator, "moderate", award)
    assert not GradeAward.objects.decide(admin, "moderate", award)


def test_it_decides_departures_by_the_awards_rule(world: SimpleNamespace) -> None:
    world_inspections.build_drafting(world)
    inspection = world.inspection
    lead = world.make_persona("lead")
    second_lead = User.objects.create_user(
        username="lena.secondlead", password="a-long-test-password", role=Role.LEAD_INSPECTOR
    )
    inspection.inspectors.add(second_lead)
    own = services.award_grade(second_lead, inspection, "CA", "good", "The audit suggests Good")

    # The queue lists what the rule lets each lead decide: never their own award.
    assert list(services.approval_queue(lead)) == [own]
    assert list(services.approval_queue(second_lead)) == []
    with pytest.raises(NotAllowed) as refused:
        services.decide_departure(second_lead, own, True, "")
    assert refused.value.reason == GradeAward.objects.decide(second_lead, "approve", own).reason
    assert "other than its author" in refused.value.reason
    assert services.decide_departure(lead, own, True, "Agreed").status == "approved"


# --- guards -----------------------------------------------------------------------------------------

# Modules where roles may be read: the access rules themselves (every app's `rules.py`, and practice's
# rule beside its models), account management, the demonstration accounts and data, and the
# dashboard's description of each role's duties (words, not access).
ROLE_READERS = {
    "accounts",
    "practice/models.py",
    "inspections/demo/loader.py",
    "web/dashboard.py",
}
ROLE_CHECK = re.compile(r"\bRole\.|\.role\b|is_administrator|has_role|is_inspectorate_staff")


def _python_files() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts]


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def test_it_reads_roles_only_in_the_access_rules() -> None:
    found = []
    for path in _python_files():
        name = _relative(path)
        if path.name == "rules.py" or any(name == a or name.startswith(a + "/") for a in ROLE_READERS):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if ROLE_CHECK.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    templates = [p for p in PACKAGE.rglob("*.html")]
    for path in templates:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"user\.role\b|is_administrator|is_inspectorate_staff", line):
                found.append(f"{_relative(path)}:{number}: {line.strip()[:100]}")
    assert found == [], "hand-written role checks outside the access rules"


def _restricted_models() -> set[str]:
    """Access-controlled models, leaving out the published reference data (methodology packs, forces),
    which everyone reads."""
    from django.apps import apps

    from inspectorate.accounts.access import RestrictedQuerySet

    public = ("inspectorate.methodology.", "inspectorate.forces.")
    return {
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), RestrictedQuerySet)
        and model.__module__.startswith("inspectorate.")
        and not model.__module__.startswith(public)
    }


def _chain_top(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.AST:
    """The whole method chain a node is part of (`X.objects.a().b().c()`)."""
    while node in parents:
        parent = parents[node]
        if isinstance(parent, ast.Attribute) or (isinstance(parent, ast.Call) and parent.func is node):
            node = parent
        else:
            break
    return node


def test_it_reads_restricted_models_only_through_restrict_in_pages_and_the_api() -> None:
    """A page or an endpoint that reads a restricted model without `restrict()` decides access by
    itself; every such read there goes through `restrict(user, action)` (or `decide`/`permits`)."""
    models = _restricted_models()
    readers = [
        p
        for p in _python_files()
        if _relative(p).startswith("api/") or p.name.endswith("views.py") or "/views/" in _relative(p)
    ]
    found = []
    for path in readers:
        source = path.read_text()
        tree = ast.parse(source)
        parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "objects"
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id in models
            ):
                chain = ast.get_source_segment(source, _chain_top(node, parents)) or ""
                if not re.search(r"\.(restrict|decide|permits)\(", chain):
                    found.append(f"{_relative(path)}:{node.lineno}: {chain.splitlines()[0][:80]}")
    assert found == [], "restricted models read without restrict()"
