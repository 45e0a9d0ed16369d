"""Django forms that render GOV.UK Frontend markup: an error summary at the top, an error message per
field, hint text, and the GOV.UK classes on every control (with their error modifiers).

Forms only check the shape of input (a date is a date, a choice is one of the choices). The rules of
the service live in the service functions; their `Invalid` errors are put back on the form with
`add_service_errors`, so the user sees them where they arose."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.boundfield import BoundField

from inspectorate import plaintext

_CONTROL_CLASSES = {
    "text": ("govuk-input", "govuk-input--error"),
    "number": ("govuk-input", "govuk-input--error"),
    "date": ("govuk-input govuk-input--width-10", "govuk-input--error"),
    "email": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "clearablefile": ("govuk-file-upload", "govuk-file-upload--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
}
CHOICE_LISTS = frozenset({"radioselect", "checkboxselectmultiple"})


class GovukBoundField(BoundField):
    def build_widget_attrs(self, attrs: Any, widget: Any = None) -> Any:
        built = super().build_widget_attrs(attrs, widget)
        classes = _CONTROL_CLASSES.get(self.widget_type)
        if classes is not None:
            base, error = classes
            extra = self.field.widget.attrs.get("class", "")
            built["class"] = " ".join(c for c in (base, extra, error if self.errors else "") if c)
        return built

    @property
    def error_anchor(self) -> str:
        """Where the error summary's link for this field points: the control, or a list's first option."""
        if self.widget_type in CHOICE_LISTS or self.widget_type == "checkbox":
            return f"{self.auto_id}_0" if self.widget_type in CHOICE_LISTS else self.auto_id
        return self.auto_id

    @property
    def is_choice_list(self) -> bool:
        return self.widget_type in CHOICE_LISTS


def refuse_control_characters(value: Any) -> None:
    """Every text field of every form refuses what no report format can hold (see plaintext)."""
    found = plaintext.problems_in(value)
    if found is not None:
        raise ValidationError(f"This text {found}.", code="control_character")


class GovukForm(forms.Form):
    template_name = "inspections/forms/form.html"
    bound_field_class = GovukBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                # Django's own check covers NUL only, with a message of its own; this one covers it too.
                kept = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
                field.validators = [*kept, refuse_control_characters]

    def add_service_errors(self, errors: Mapping[str, Any], rename: Mapping[str, str] | None = None) -> None:
        """Show a service's `Invalid` errors: by the field when the form has it (the service's field
        names mapped through `rename`), else at the top."""
        for given, message in errors.items():
            name = (rename or {}).get(given, given)
            messages = message if isinstance(message, list | tuple) else [message]
            for text in messages:
                if name in self.fields:
                    self.add_error(name, str(text))
                else:
                    label = (
                        "" if not name or name == "__all__" else f"{name.replace('_', ' ').capitalize()}: "
                    )
                    self.add_error(None, f"{label}{text}")

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, in field order, non-field errors first."""
        items = [("", str(message)) for message in self.non_field_errors()]
        for bound in self:
            items.extend((getattr(bound, "error_anchor", bound.auto_id), str(m)) for m in bound.errors)
        return items


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    """Give a choice field its choices once the form knows them (the inspection's frameworks, team)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    field.choices = choices


def grouped(
    choices: Iterable[tuple[str, Iterable[tuple[Any, str]]]],
) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped under headings (criteria by framework), with values as strings for templates."""
    return [(heading, [(str(value), label) for value, label in options]) for heading, options in choices]
