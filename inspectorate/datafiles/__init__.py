"""Reading YAML data files with every problem located by file, key path and line.

Pure: reads files, never the database. Methodology packs, the forces' reference data and every other
data folder are read through here, so a mistake in any of them is reported the same way."""

from __future__ import annotations

from .problems import DataFileError, DataProblem
from .source import KeyPath, SourceFile, format_key_path, load_source, parse_key_path, show, type_name
from .validation import validate

__all__ = [
    "DataFileError",
    "DataProblem",
    "KeyPath",
    "SourceFile",
    "format_key_path",
    "load_source",
    "parse_key_path",
    "show",
    "type_name",
    "validate",
]
