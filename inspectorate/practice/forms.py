"""The developing-practice forms. They check the shape of input only; the services decide the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from inspectorate.forces.models import Force
from inspectorate.inspections.forms.govuk import GovukForm
from inspectorate.methodology.models import Framework, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def area_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """The inspection areas of each current programme, grouped by programme for a select."""
    groups = []
    for programme in Programme.objects.latest_versions().order_by("-period_start"):
        options = [(f.pk, f"{f.code} {f.name}") for f in programme.frameworks.order_by("position")]
        groups.append((programme.name, options))
    return groups


class SubmissionForm(GovukForm):
    framework = forms.TypedChoiceField(
        label="Inspection area", coerce=int, help_text="The area of the report the example belongs under."
    )
    title = forms.CharField(max_length=200)
    problem = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), help_text="What needed to change, and why."
    )
    solution = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), help_text="What the force did.")
    outcomes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What changed as a result, with figures if you have them.",
    )
    contact_name = forms.CharField(max_length=200, label="Force contact")
    contact_details = forms.CharField(
        max_length=300, label="Contact details", help_text="Telephone or email."
    )
    evaluated_by_force = forms.BooleanField(
        required=False,
        label="The force has evaluated this practice",
        help_text="Only evaluated examples can be selected for a report.",
    )
    transferable = forms.BooleanField(
        required=False,
        label="Other forces could easily adopt it",
        help_text="Only easily transferable examples can be selected for a report.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].choices = [("", "Choose an area"), *area_choices()]  # type: ignore[attr-defined]

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        framework = Framework.objects.select_related("programme").get(pk=data.pop("framework"))
        return {"programme": framework.programme, "framework": framework, **data}


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[("select", "Select for the report"), ("decline", "Do not select")], widget=forms.RadioSelect
    )
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the example is not selected.",
    )


class AdoptionForm(GovukForm):
    adopting_force = forms.ModelChoiceField(queryset=Force.objects.all(), label="Force that adopted it")
    adopted_on = forms.DateField(widget=DATE, label="Date adopted")
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How the force took the practice up.",
    )

    def __init__(self, *args: Any, own_force: Force | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if own_force is not None:
            # A force liaison officer records adoptions by their own force only.
            field = self.fields["adopting_force"]
            field.queryset = Force.objects.filter(pk=own_force.pk)  # type: ignore[attr-defined]
            field.initial = own_force.pk
