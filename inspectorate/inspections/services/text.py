"""The services' safety net for text: nothing with a control character is ever saved.

Forms and the API's schemas refuse such text first, naming the field beside every other problem; this
net catches every other way in (the command line, the demonstration loader, any future caller) at the
last moment every write goes through, a model's `pre_save`, and raises `Invalid` naming the field, so
the service's transaction rolls back with nothing written. See `inspectorate.plaintext`.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from inspectorate import plaintext

from .errors import Invalid

# The audit log records what a record was, faults included, so that fixing an old record can be audited.
_EXEMPT = frozenset({"accounts.AuditEvent"})
_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def refuse_unsafe_text(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any
) -> None:
    """A `pre_save` receiver: Invalid naming every text field of a project model that cannot be kept."""
    meta = sender._meta
    if (
        raw
        or meta.label in _EXEMPT
        or not meta.app_config
        or not meta.app_config.name.startswith("inspectorate.")
    ):
        return
    errors: dict[str, str] = {}
    for field in meta.concrete_fields:
        if isinstance(field, _TEXT_FIELDS):
            found = plaintext.problems_in(getattr(instance, field.attname))
            if found is not None:
                errors[field.name] = found
    if errors:
        raise Invalid(errors)
