"""Changing a planned inspection: its team, its fieldwork dates and the force context its report prints."""

from __future__ import annotations

from typing import Any

from django import forms

from inspectorate.accounts.models import User

from ..models.rules import lead_candidates, team_candidates
from ..services.inspections import CONTEXT_SECTIONS
from .govuk import GovukForm, refuse_control_characters

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TeamForm(GovukForm):
    lead = forms.ModelChoiceField(
        queryset=User.objects.filter(lead_candidates()).order_by("last_name", "username"),
        empty_label="Choose a lead inspector",
        label="Lead inspector (HMI)",
        help_text="Handing the lead to someone else also hands them this page.",
    )
    inspectors = forms.ModelMultipleChoiceField(
        queryset=User.objects.filter(team_candidates()).order_by("last_name", "username"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Inspectors",
    )


class DatesForm(GovukForm):
    fieldwork_starts = forms.DateField(required=False, widget=DATE, label="Fieldwork starts")
    fieldwork_ends = forms.DateField(required=False, widget=DATE, label="Fieldwork ends")


class ContextForm(GovukForm):
    """A text per force overview section, then one per framework in scope (its force contextual
    factors), named `context_<key>` and `framework_<code>`. An empty text removes the section."""

    def __init__(self, *args: Any, frameworks: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, heading in CONTEXT_SECTIONS.items():
            self.fields[f"context_{key}"] = forms.CharField(
                required=False, label=heading, widget=forms.Textarea(attrs={"rows": 5})
            )
        self.framework_codes = []
        for framework in frameworks:
            self.framework_codes.append(framework.code)
            self.fields[f"framework_{framework.code}"] = forms.CharField(
                required=False,
                label=f"{framework.code} {framework.name}: force contextual factors",
                widget=forms.Textarea(attrs={"rows": 5}),
            )
        # GovukForm gave its control-character check to the fields it knew; these are new.
        for name, field in self.fields.items():
            if name.startswith(("context_", "framework_")):
                field.validators.append(refuse_control_characters)

    @staticmethod
    def initial_from(context: dict[str, str], framework_context: dict[str, str]) -> dict[str, str]:
        initial = {f"context_{key}": text for key, text in context.items()}
        initial.update({f"framework_{code}": text for code, text in framework_context.items()})
        return initial

    def service_kwargs(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        return {
            "context": {key: data[f"context_{key}"] for key in CONTEXT_SECTIONS},
            "framework_context": {code: data[f"framework_{code}"] for code in self.framework_codes},
        }

    def service_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """The service names fields `context.<key>` and `framework_context.<code>`; these are the form's."""
        renamed = {}
        for name, message in errors.items():
            kind, _, key = name.partition(".")
            field = {"context": f"context_{key}", "framework_context": f"framework_{key}"}.get(kind, name)
            renamed[field] = message
        return renamed
