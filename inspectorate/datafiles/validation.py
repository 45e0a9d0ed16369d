"""Turning pydantic validation errors into located problems."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .problems import DataProblem
from .source import SourceFile, type_name

Model = TypeVar("Model", bound=BaseModel)

_EXPECTED = {
    "string_type": "text",
    "bool_type": "true or false",
    "int_type": "a whole number",
    "float_type": "a number",
    "list_type": "a list",
    "tuple_type": "a list",
    "set_type": "a list",
    "dict_type": "a mapping",
    "mapping_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date YYYY-MM-DD",
}


def validate(model: type[Model], source: SourceFile) -> tuple[Model | None, list[DataProblem]]:
    try:
        return model.model_validate(source.data), []
    except ValidationError as exc:
        return None, problems_from(exc, source)


def problems_from(exc: ValidationError, source: SourceFile) -> list[DataProblem]:
    errors = exc.errors(include_url=False)
    # pydantic counts list items after validating them, so a list whose only item is wrong is also
    # reported as too short; the item's own error says what to fix.
    errors = [
        error
        for error in errors
        if error["type"] != "too_short"
        or not any(other is not error and _within(other["loc"], error["loc"]) for other in errors)
    ]
    return [_problem(error, source) for error in errors]


def _within(loc: tuple[int | str, ...], outer: tuple[int | str, ...]) -> bool:
    return len(loc) > len(outer) and loc[: len(outer)] == outer


def _problem(error: ErrorDetails, source: SourceFile) -> DataProblem:
    names_key = error["type"] in ("missing", "extra_forbidden")
    return source.problem(_file_path(error["loc"], source.data, names_key), reason_for(error))


def _file_path(loc: tuple[int | str, ...], data: Any, names_key: bool) -> tuple[int | str, ...]:
    """The part of a pydantic location that exists in the file.

    pydantic adds steps that are not keys: "[key]" after a mapping key that failed, and the member
    of a union it tried (a tag value taken from the data, or a model name). ``names_key`` says the
    last step is a key, present or missing, never a union member.
    """
    steps = [part for part in loc if part != "[key]"]
    path: list[int | str] = []
    current = data
    for index, part in enumerate(steps):
        following = steps[index + 1] if index + 1 < len(steps) else None
        if isinstance(current, dict):
            is_tag = (
                not (names_key and following is None)
                and part in [v for v in current.values() if isinstance(v, str)]
                and (part not in current or following in current)
            )
            if is_tag:
                continue
            if part in current:
                current = current[part]
            elif following is not None:
                continue
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif following is not None:
            continue
        path.append(part)
    return tuple(path)


def reason_for(error: ErrorDetails) -> str:
    kind = error["type"]
    value: Any = error.get("input")
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    name = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        return f"unknown key '{name}'"
    if kind == "missing":
        return f"missing key '{name}'"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {type_name(value)}"
    if kind == "literal_error":
        return f"unknown value {value!r} (expected {ctx.get('expected', 'one of the listed values')})"
    if kind == "union_tag_not_found":
        return f"missing key {ctx.get('discriminator', 'naming the kind')}"
    if kind == "too_short":
        least = ctx.get("min_length", 1)
        return f"needs at least {least} item{'s' if least != 1 else ''}"
    bounds = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}
    for bound, words in bounds.items():
        if bound in ctx and kind.startswith(("greater", "less")):
            return f"must be {words} {ctx[bound]}, got {value!r}"
    message = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message
