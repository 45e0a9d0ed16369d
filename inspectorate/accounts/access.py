"""Access decided in one place per model.

Each model that needs access control uses `RestrictedQuerySet` (or a subclass) and defines a
classmethod `access_rule(user, action) -> Rule`. `Model.objects.restrict(user, action)` filters by that
rule, `decide(user, action, obj)` says whether the user may act on one object and why, so a page
or an API answer can show the reason instead of a bare refusal, and `permits(user, action)` whether
the rule allows any row at all (navigation links, pages before an object, adding).

These are the only access decisions: services, pages and API endpoints ask them for reads and writes
alike, and roles are read only inside the rules. The actions are the common ones (`ACTIONS`) and any a
model declares in `access_actions` (see `actions_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

ACTIONS = frozenset({"view", "add", "change", "delete", "download"})

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Rule:
    """Which rows a user may act on: all of them, none, or those matching `q`; and why."""

    reason: str
    q: Q | None = None
    everything: bool = False
    # What a refusal says when `q` leaves the object out (default: "not allowed: <reason>").
    refusal: str = ""

    @classmethod
    def all(cls, reason: str) -> Rule:
        return cls(reason=reason, everything=True)

    @classmethod
    def none(cls, reason: str) -> Rule:
        return cls(reason=reason)

    @classmethod
    def where(cls, q: Q, reason: str, refusal: str = "") -> Rule:
        return cls(reason=reason, q=q, refusal=refusal)

    @property
    def allows_nothing(self) -> bool:
        return not self.everything and self.q is None


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def describe(user: User | AnonymousUser | None) -> str:
    if user is None or not user.is_authenticated:
        return "members of the public"
    return f"{user.get_username()} ({user.role_label})"


class RestrictedQuerySet(models.QuerySet[M], Generic[M]):
    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet[M]:
        rule = rule_for(self.model, user, action)
        if rule.everything:
            return self.all()
        if rule.q is None:
            return self.none()
        # A subquery rather than a join, so rules that follow many-to-many relations (team members)
        # never duplicate rows.
        allowed = self.model._default_manager.filter(rule.q).values("pk")
        return self.filter(pk__in=allowed)

    def decide(self, user: Any, action: str, obj: M) -> Decision:
        rule = rule_for(self.model, user, action)
        if rule.everything:
            return Decision(True, rule.reason)
        if rule.q is None:
            return Decision(False, rule.reason)
        allowed = self.model._default_manager.filter(rule.q, pk=obj.pk).exists()
        return Decision(allowed, rule.reason if allowed else (rule.refusal or f"not allowed: {rule.reason}"))

    def permits(self, user: Any, action: str) -> Decision:
        """Whether the rule lets the user act on any row at all, and why: for what comes before there
        is an object (a link in the navigation, a page listing what the user may act on, adding)."""
        rule = rule_for(self.model, user, action)
        return Decision(not rule.allows_nothing, rule.reason)


def actions_of(model: type[models.Model]) -> frozenset[str]:
    """The common actions and any a model declares for itself in `access_actions` (for example a
    monitoring flag's "decide"), so an app adds its own vocabulary without editing this module."""
    return ACTIONS | frozenset(getattr(model, "access_actions", ()))


def rule_for(model: type[models.Model], user: Any, action: str) -> Rule:
    known = actions_of(model)
    if action not in known:
        raise ValueError(f"unknown action {action!r} for {model.__name__}; use one of {sorted(known)}")
    if user is not None and getattr(user, "is_authenticated", False) and not user.is_active:
        return Rule.none("the account is inactive")
    access_rule = getattr(model, "access_rule", None)
    if access_rule is None:
        raise TypeError(f"{model.__name__} has no access_rule; every restricted model must define one")
    rule: Rule = access_rule(user, action)
    return rule


def signed_in(user: Any) -> bool:
    """A signed-in, active account (the public and deactivated accounts are not)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_admin(user: Any) -> bool:
    return bool(signed_in(user) and user.is_administrator)


def decide(model: type[models.Model], user: Any, action: str, obj: models.Model) -> Decision:
    """The model's rule applied to one object (for code that holds a model class, not its manager)."""
    return _restricted(model).decide(user, action, obj)


def permits(model: type[models.Model], user: Any, action: str) -> Decision:
    """Whether the model's rule lets the user act on any row at all (see `RestrictedQuerySet.permits`)."""
    return _restricted(model).permits(user, action)


def _restricted(model: type[models.Model]) -> RestrictedQuerySet[Any]:
    queryset = model._default_manager.all()
    if not isinstance(queryset, RestrictedQuerySet):
        raise TypeError(f"{model.__name__} is not access-controlled (its manager is not restricted)")
    return queryset


def reference_data_rule(user: Any, action: str, what: str) -> Rule:
    """Published reference data (forces, methodology): everyone reads it, administrators change it."""
    if action == "view":
        return Rule.all(f"{what} are public")
    if is_admin(user):
        return Rule.all(f"administrators manage {what}")
    return Rule.none(f"only administrators change {what}")
