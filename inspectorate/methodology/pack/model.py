"""The validated, read-only content of a pack."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .schema import Condition, Criterion, Framework, GlossaryTerm, Group, Programme, Scale

if TYPE_CHECKING:
    from inspectorate.methodology.engine.ruleset import RuleSet


@dataclass(frozen=True)
class Pack:
    """A programme's methodology as read from its pack folder.

    Built only by ``read_pack``, so every reference in it resolves. ``criteria`` maps each framework
    code that has criteria to its criteria, in framework order; the mapping and the models are read-only.
    """

    programme: Programme
    scale: Scale
    ruleset: RuleSet
    conditions: tuple[Condition, ...]
    groups: tuple[Group, ...]
    frameworks: tuple[Framework, ...]
    criteria: Mapping[str, tuple[Criterion, ...]]
    glossary: tuple[GlossaryTerm, ...]

    @property
    def code(self) -> str:
        return self.programme.code

    @property
    def version(self) -> int:
        return self.programme.version

    def framework(self, code: str) -> Framework:
        for framework in self.frameworks:
            if framework.code == code:
                return framework
        raise KeyError(code)

    def group(self, code: str) -> Group:
        for group in self.groups:
            if group.code == code:
                return group
        raise KeyError(code)

    def criteria_of(self, framework: str) -> tuple[Criterion, ...]:
        return self.criteria.get(framework, ())

    def themes_of(self, framework: str) -> tuple[str, ...]:
        """Theme codes available to the framework's criteria: its group's first, then its own."""
        found = self.framework(framework)
        inherited = self.group(found.group).themes if found.group else ()
        return tuple(theme.code for theme in (*inherited, *found.themes))

    def to_dict(self) -> dict[str, Any]:
        """Everything in the pack as JSON-ready data; criteria are listed under their framework."""
        return {
            "programme": self.programme.model_dump(mode="json", by_alias=True),
            "scale": self.scale.model_dump(mode="json", by_alias=True),
            "rules": self.ruleset.model_dump(mode="json", by_alias=True),
            "conditions": [condition.model_dump(mode="json", by_alias=True) for condition in self.conditions],
            "groups": [group.model_dump(mode="json", by_alias=True) for group in self.groups],
            "frameworks": [
                {
                    **framework.model_dump(mode="json", by_alias=True),
                    "criteria": [
                        c.model_dump(mode="json", by_alias=True) for c in self.criteria_of(framework.code)
                    ],
                }
                for framework in self.frameworks
            ],
            "glossary": [entry.model_dump(mode="json", by_alias=True) for entry in self.glossary],
        }

    def content_hash(self) -> str:
        """SHA-256 (hex) of the validated content, independent of YAML layout, comments and key order."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
