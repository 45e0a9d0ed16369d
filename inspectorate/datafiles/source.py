"""Reading one YAML data file, keeping where each value came from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from inspectorate import plaintext

from .problems import DataProblem

KeyPath = tuple[str | int, ...]


def format_key_path(path: Sequence[str | int]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parse_key_path(text: str) -> KeyPath:
    """The inverse of format_key_path: ``rules.poor.any[1]`` becomes ``("rules", "poor", "any", 1)``."""
    return tuple(int(index) if index else name for index, name in _PATH_PART.findall(text))


@dataclass
class SourceFile:
    """The parsed content of one file plus the 1-based line of every key and list item in it."""

    file: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """Line of the value at ``path``, or of its nearest ancestor present in the file."""
        parts = tuple(path)
        while parts:
            line = self.lines.get(parts)
            if line is None and isinstance(parts[-1], int):
                line = self.lines.get((*parts[:-1], str(parts[-1])))
            if line is not None:
                return line
            parts = parts[:-1]
        return self.lines.get((), None)

    def problem(self, path: Sequence[str | int], reason: str) -> DataProblem:
        return DataProblem(self.file, format_key_path(path), self.line_of(path), reason)


class _Loader(yaml.SafeLoader):
    """Safe loader whose date errors point at the offending value instead of escaping as ValueError."""

    def construct_checked_timestamp(self, node: Node) -> Any:
        try:
            return self.construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"invalid date {node.value!r} ({exc})", node.start_mark
            ) from exc


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_checked_timestamp)


def load_source(root: Path, relative: str) -> tuple[SourceFile | None, list[DataProblem]]:
    """Parse ``root/relative``; on failure return no source and the problems that prevented it."""
    path = root / relative
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [DataProblem(relative, "", None, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    except OSError as exc:
        return None, [DataProblem(relative, "", None, f"cannot be read ({exc.strerror})")]

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "unreadable"
        if mark is None:
            return None, [DataProblem(relative, "", None, f"bad YAML: {what}")]
        reason = f"bad YAML: {what} (column {mark.column + 1})"
        return None, [DataProblem(relative, "", mark.line + 1, reason)]
    except yaml.YAMLError as exc:
        return None, [DataProblem(relative, "", None, f"bad YAML: {exc}")]
    finally:
        loader.dispose()

    if node is None:
        return None, [DataProblem(relative, "", None, "file is empty")]
    source = SourceFile(relative, data)
    problems: list[DataProblem] = []
    _index(node, (), source, problems, set())
    if not isinstance(data, dict):
        problems.append(DataProblem(relative, "", 1, f"expected a mapping of keys, got {type_name(data)}"))
    return source, problems


def _index(
    node: Node, path: KeyPath, source: SourceFile, problems: list[DataProblem], active: set[int]
) -> None:
    # `active` guards against anchors that contain themselves.
    if id(node) in active:
        return
    active.add(id(node))
    if not path:
        source.lines[()] = node.start_mark.line + 1
    if isinstance(node, ScalarNode):
        _check_text(node, path, source, problems)
    elif isinstance(node, MappingNode):
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                continue
            key = key_node.value
            line = key_node.start_mark.line + 1
            child = (*path, key)
            _check_text(key_node, child, source, problems)
            if key in first_seen:
                # YAML loaders silently keep the last of two equal keys; the author meant something else.
                problems.append(
                    DataProblem(
                        source.file,
                        format_key_path(child),
                        line,
                        f"duplicate key '{key}' (first on line {first_seen[key]})",
                    )
                )
                continue
            first_seen[key] = line
            source.lines[child] = line
            _index(value_node, child, source, problems, active)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            source.lines[child] = item.start_mark.line + 1
            _index(item, child, source, problems, active)
    active.discard(id(node))


def _check_text(node: ScalarNode, path: KeyPath, source: SourceFile, problems: list[DataProblem]) -> None:
    # A quoted YAML string may spell control characters as escapes ("\x01"); the text would reach the
    # database and every report format, which cannot hold them (see inspectorate.plaintext).
    found = plaintext.problem(node.value)
    if found is not None:
        problems.append(
            DataProblem(source.file, format_key_path(path), node.start_mark.line + 1, f"the text {found}")
        )


def show(value: Any) -> str:
    """A value as an author would recognise it from the file, after its type name."""
    shown = value.isoformat() if isinstance(value, date) else repr(value)
    return f"{type_name(value)} {shown}"


def type_name(value: Any) -> str:
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    names = {
        type(None): "nothing",
        bool: "true/false",
        int: "a whole number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }
    for kind, name in names.items():
        if type(value) is kind:
            return name
    return type(value).__name__
