"""What every service shares: permission and stage checks that raise with a reason, per-field error
collection, resolving frameworks and criteria of an inspection, and the programme's policy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from inspectorate.accounts.access import Decision, signed_in
from inspectorate.accounts.access import decide as _decide
from inspectorate.methodology.models import Criterion, Framework, FrameworkGroup, Programme

from ..models import Inspection, ProgrammePolicy
from .errors import Invalid, NotAllowed

__all__ = ["signed_in"]  # re-exported: services and views share the one definition in accounts.access


def decide(model: type[models.Model], actor: Any, action: str, obj: models.Model) -> Decision:
    """The model's access rule applied to one object (`RestrictedQuerySet.decide`)."""
    return _decide(model, actor, action, obj)


def allow(model: type[models.Model], actor: Any, action: str, obj: models.Model) -> None:
    """Raise NotAllowed, with the access rule's reason, unless the actor may act on the object."""
    decision = decide(model, actor, action, obj)
    if not decision:
        raise NotAllowed(decision.reason)


def require_team(actor: Any, inspection: Inspection) -> None:
    """The inspection team (and administrators) work on an inspection."""
    allow(Inspection, actor, "change", inspection)


def require_lead(actor: Any, inspection: Inspection, action: str = "direct") -> None:
    """The steps that are the inspection's lead inspector's alone ("direct", "publish", "plan")."""
    allow(Inspection, actor, action, inspection)


def lock(inspection: Inspection) -> Inspection:
    """The inspection as it is now, locked against concurrent changes until the transaction ends."""
    return Inspection.objects.select_for_update().select_related("programme", "force").get(pk=inspection.pk)


def require_unlocked(inspection: Inspection, what: str) -> None:
    if inspection.is_locked:
        raise NotAllowed(
            f"{what} can no longer change: the inspection is at the "
            f"{inspection.get_stage_display().lower()} stage and its judgements and grades are signed off"
        )


def require_unpublished(inspection: Inspection, what: str) -> None:
    if inspection.is_published:
        raise NotAllowed(
            f"{what} can no longer change: the report is published; a correction is a new version"
        )


class Errors(dict[str, str]):
    """Per-field messages, collected so that every problem is reported at once."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, message)

    def raise_any(self) -> None:
        if self:
            raise Invalid(dict(self))


def framework_label(framework: Framework) -> str:
    return f"{framework.code} {framework.name}"


def code_of(given: Framework | str) -> str:
    return given.code if isinstance(given, Framework) else str(given).strip()


def framework_by_code(frameworks: models.QuerySet[Framework], given: Framework | str) -> Framework | None:
    """The framework `given` (an instance, or its code) among `frameworks`; None when it is not one."""
    found = frameworks.filter(code=code_of(given)).first()
    if found is None or (isinstance(given, Framework) and given.pk != found.pk):
        return None
    return found


def resolve_frameworks(
    programme: Programme, given: Iterable[Framework | str], errors: Errors, field: str = "frameworks"
) -> list[Framework]:
    """Frameworks by instance or code; each must belong to the programme."""
    found: list[Framework] = []
    for item in given:
        framework = framework_by_code(programme.frameworks.all(), item)
        if framework is None:
            errors.add(field, f"{code_of(item)} is not a framework of {programme}")
            continue
        if framework not in found:
            found.append(framework)
    return found


def in_scope(
    inspection: Inspection, framework: Framework | str, errors: Errors, field: str = "framework"
) -> Framework | None:
    found = framework_by_code(inspection.frameworks.all(), framework)
    if found is None:
        errors.add(field, f"{code_of(framework)} is not in this inspection's scope")
    return found


def resolve_criteria(
    inspection: Inspection, given: Iterable[Criterion | str], errors: Errors, field: str = "criteria"
) -> list[Criterion]:
    """Criteria by instance or code; each must belong to a framework in the inspection's scope."""
    scope = inspection.frameworks.all()
    found: list[Criterion] = []
    for item in given:
        if isinstance(item, Criterion):
            criterion = Criterion.objects.filter(pk=item.pk, framework__in=scope).first()
            code = item.code
        else:
            code = str(item)
            criterion = Criterion.objects.filter(code=code, framework__in=scope).first()
        if criterion is None:
            errors.add(field, f"{code} is not a criterion of a framework in this inspection's scope")
            continue
        if criterion not in found:
            found.append(criterion)
    return found


def same_inspection(inspection: Inspection, items: Iterable[Any], errors: Errors, field: str) -> list[Any]:
    """Evidence items (or their ids) that belong to the inspection."""
    from ..models import Evidence

    found: list[Evidence] = []
    for item in items:
        pk = item.pk if isinstance(item, models.Model) else item
        evidence = Evidence.objects.filter(pk=pk, inspection=inspection).first()
        if evidence is None:
            errors.add(field, f"evidence {getattr(item, 'reference', pk)} is not part of this inspection")
            continue
        if evidence not in found:
            found.append(evidence)
    return found


def policy(programme: Programme) -> ProgrammePolicy:
    """The programme's policy row, or the defaults when none is stored."""
    stored = ProgrammePolicy.objects.filter(programme=programme).first()
    return stored if stored is not None else ProgrammePolicy(programme=programme)


def sensitive_groups(programme: Programme) -> list[FrameworkGroup]:
    codes = policy(programme).sensitive_groups
    groups = FrameworkGroup.objects.filter(programme=programme)
    return list(groups if codes is None else groups.filter(code__in=codes))


def codes(items: Iterable[Any]) -> list[str]:
    return sorted(str(getattr(item, "code", getattr(item, "reference", item))) for item in items)


def usernames(users: Iterable[Any]) -> list[str]:
    return sorted(user.get_username() for user in users)
