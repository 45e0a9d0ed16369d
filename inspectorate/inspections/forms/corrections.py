"""The forms of a correction after publication: opening one (why, and what it unlocks), cancelling it,
and publishing it (the change note). Required fields are the services' to refuse, with their words."""

from __future__ import annotations

from typing import Any

from django import forms

from .govuk import GovukForm, grouped, set_choices


class CorrectionForm(GovukForm):
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why the published report needs correcting",
        help_text="Kept with the correction and offered as the change note of the new version.",
    )
    unlocks = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="What the correction unlocks",
        help_text="Only what you choose can change; everything else stays as published.",
    )

    def set_unlocks(self, choices: list[Any]) -> None:
        by_heading: dict[str, list[tuple[str, str]]] = {}
        for choice in choices:
            by_heading.setdefault(choice.heading, []).append((choice.token, choice.label))
        set_choices(self, "unlocks", [(heading, options) for heading, options in by_heading.items()])
        self.unlock_groups = grouped(by_heading.items())

    def selected_unlocks(self) -> set[str]:
        return {str(v) for v in (self["unlocks"].value() or [])}


class CancelCorrectionForm(GovukForm):
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Why the correction is cancelled"
    )


class PublishCorrectionForm(GovukForm):
    change_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Change note",
        help_text="Printed on the new version and on every older one: say what the correction changes.",
    )
