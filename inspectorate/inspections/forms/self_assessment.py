"""The force's self-assessment submission: what it is, what it says, the date it describes, the
frameworks it bears on, its marking and its files (several at once)."""

from __future__ import annotations

from typing import Any

from django import forms

from ..choices import Marking
from .govuk import GovukForm, set_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service (type sniffed, size limited)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "govuk-file-upload"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


class SelfAssessmentForm(GovukForm):
    title = forms.CharField(
        max_length=200, help_text="For example: Child protection policy and audit, 2006-07"
    )
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="What it shows",
        help_text="What the force says this evidence shows. The inspection team checks it independently.",
    )
    effective_date = forms.DateField(
        widget=DATE,
        label="Date it describes",
        help_text="The date the evidence describes, which should fall inside the assessment period.",
    )
    frameworks = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Frameworks it bears on (optional)"
    )
    marking = forms.ChoiceField(
        choices=[
            ("", "Decide from the frameworks it bears on"),
            (Marking.OFFICIAL_SENSITIVE.value, Marking.OFFICIAL_SENSITIVE.label),
        ],
        required=False,
        widget=forms.RadioSelect,
        label="Protective marking",
        help_text="Evidence about victims, children and offenders is OFFICIAL-SENSITIVE by default.",
    )
    attachments = MultipleFileField(
        label="Files (optional)",
        help_text="PDF, image, Office document, plain text or CSV. Each file becomes an evidence item "
        "of its own, which the team checks on its own.",
    )

    def __init__(self, *args: Any, frameworks: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "frameworks", [(f.code, f"{f.code} {f.name}") for f in frameworks])
