"""The report builder: a pure function from programme, force, inspection and national data to the
report model (`model.Report`), which the renderers lay out as HTML, PDF, Word or JSON."""

from .build import build_report
from .inputs import (
    AwardData,
    ForceData,
    ForceFactData,
    FrameworkDef,
    GradeDef,
    GroupDef,
    InspectionData,
    NationalGrades,
    PracticeExample,
    ProgrammeData,
)
from .model import GlossaryEntry, Report

__all__ = [
    "AwardData",
    "ForceData",
    "ForceFactData",
    "FrameworkDef",
    "GlossaryEntry",
    "GradeDef",
    "GroupDef",
    "InspectionData",
    "NationalGrades",
    "PracticeExample",
    "ProgrammeData",
    "Report",
    "build_report",
]
