"""What every planning service shares: the command line as an actor, and the access checks through
the models' access rules (`decide`/`rule_for`)."""

from __future__ import annotations

from typing import Any, cast

from django.db import models

from inspectorate.accounts.access import Decision, RestrictedQuerySet, rule_for
from inspectorate.inspections.services.errors import NotAllowed


class _CommandLine:
    """Whoever runs `inspectorate plan …` on the server: like `load-pack`, the command line acts with
    the authority of the account that can run it, and its audit events name it "command line"."""

    is_authenticated = False
    is_active = True

    def __str__(self) -> str:
        return "command line"


COMMAND_LINE = _CommandLine()


def decide(model: type[models.Model], actor: Any, action: str, obj: models.Model) -> Decision:
    return cast(RestrictedQuerySet[Any], model._default_manager.all()).decide(actor, action, obj)


def require_rule(model: type[models.Model], actor: Any, action: str) -> None:
    if actor is COMMAND_LINE:
        return
    rule = rule_for(model, actor, action)
    if not rule.everything:
        raise NotAllowed(rule.reason)


def require(model: type[models.Model], actor: Any, action: str, obj: models.Model) -> None:
    if actor is COMMAND_LINE:
        return
    decision = decide(model, actor, action, obj)
    if not decision:
        raise NotAllowed(decision.reason)
