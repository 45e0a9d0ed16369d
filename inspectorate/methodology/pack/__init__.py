"""Methodology packs: reading, validating and describing a programme's pack folder.

Pure: reads files, never the database. See docs/packs.md for the format.
"""

from .errors import PackError
from .model import Pack
from .reader import read_pack
from .schema import (
    AssessmentPeriod,
    Condition,
    Criterion,
    Framework,
    GlossaryTerm,
    Grade,
    Group,
    Programme,
    ProgrammeTexts,
    Scale,
    Theme,
)
from .summary import pack_summary

__all__ = [
    "AssessmentPeriod",
    "Condition",
    "Criterion",
    "Framework",
    "GlossaryTerm",
    "Grade",
    "Group",
    "Pack",
    "PackError",
    "Programme",
    "ProgrammeTexts",
    "Scale",
    "Theme",
    "pack_summary",
    "read_pack",
]
