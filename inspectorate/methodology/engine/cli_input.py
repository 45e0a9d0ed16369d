"""Reading a judgement file for the command line, and writing a proposal as JSON.

A judgement file is JSON:

    {"judgements": {"CA-F01": "met", "CA-G02": "partly"},
     "conditions": {"beacon": true, "innovation": false}}

`judgements` is required (an empty object is allowed: every criterion is then not yet judged);
`conditions` is optional (a condition not given is not present). A criterion missing from
`judgements` is not yet judged. Every error names the file and the place in it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import Any, NoReturn

from .engine import Proposal
from .inputs import Judgement

_TOP_KEYS = ("judgements", "conditions")
_VALUES = ", ".join(judgement.value for judgement in Judgement)


class JudgementFileError(ValueError):
    """A judgement file that cannot be used; the message names the file and where in it."""


class _Object(dict[str, Any]):
    """A JSON object that remembers keys it saw more than once (json keeps only the last)."""

    repeated: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    result.repeated = []
    for key, value in pairs:
        if key in result:
            result.repeated.append(key)
        result[key] = value
    return result


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a string" if isinstance(value, str) else "a number"


def _mapping(value: Any, where: str, fail: Callable[[str, str], NoReturn]) -> _Object:
    if not isinstance(value, _Object):
        fail(where, f"expected an object, got {_type_name(value)}")
    if value.repeated:
        fail(f"{where}.{value.repeated[0]}" if where else value.repeated[0], "key appears more than once")
    return value


def parse_judgement_file(
    text: str, filename: str, criteria_codes: Collection[str], condition_codes: Collection[str]
) -> tuple[dict[str, Judgement], dict[str, bool]]:
    """Validate a judgement file and return (judgements, conditions) for `propose`.

    Raises JudgementFileError naming the file and the key path (or line and column for JSON
    that does not parse) on the first problem found.
    """

    def fail(where: str, reason: str) -> NoReturn:
        place = f"{filename}: {where}" if where else filename
        raise JudgementFileError(f"{place}: {reason}")

    try:
        data = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise JudgementFileError(
            f"{filename}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
        ) from None
    top = _mapping(data, "", fail)
    for key in top:
        if key not in _TOP_KEYS:
            fail(key, f"unknown key (expected {' or '.join(_TOP_KEYS)})")
    if "judgements" not in top:
        fail("judgements", "missing (give an object, empty if nothing is judged yet)")

    judgements: dict[str, Judgement] = {}
    for code, value in _mapping(top["judgements"], "judgements", fail).items():
        where = f"judgements.{code}"
        if code not in criteria_codes:
            fail(where, "unknown criterion code")
        if not isinstance(value, str) or value not in Judgement._value2member_map_:
            shown = json.dumps(value)
            fail(
                where,
                f"{shown} is not a judgement (use one of {_VALUES}; leave a criterion out if not yet judged)",
            )
        judgements[code] = Judgement(value)

    conditions: dict[str, bool] = {}
    for code, value in _mapping(top.get("conditions", _object([])), "conditions", fail).items():
        where = f"conditions.{code}"
        if code not in condition_codes:
            known = ", ".join(sorted(condition_codes)) or "none"
            fail(where, f"unknown condition (known: {known})")
        if not isinstance(value, bool):
            fail(where, f"expected true or false, got {_type_name(value)}")
        conditions[code] = value
    return judgements, conditions


def proposal_to_json(proposal: Proposal) -> dict[str, Any]:
    """`{"proposal": grade or None, "reason": ..., "trace": ...}`, ready for json.dumps."""
    return {"proposal": proposal.grade, "reason": proposal.reason, "trace": proposal.trace.to_dict()}
