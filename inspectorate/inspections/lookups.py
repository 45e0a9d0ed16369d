"""Finding what a request names, as far as its user may see it: anything else is 404, so its existence
is not revealed. Shared by the pages and the API, so both find (and hide) the same objects."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from inspectorate.methodology.models import Framework

from .models import Inspection


def inspection_for(user: Any, pk: int) -> Inspection:
    """The inspection if the user may view it; otherwise 404."""
    visible = Inspection.objects.restrict(user, "view").select_related("force", "programme", "lead")
    return get_object_or_404(visible, pk=pk)


def framework_for(inspection: Inspection, code: str) -> Framework:
    """A framework in the inspection's scope, by code; otherwise 404."""
    return get_object_or_404(inspection.frameworks.select_related("group"), code=code)
