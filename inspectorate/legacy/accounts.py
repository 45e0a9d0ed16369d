"""The account that imports act as: imports from the command line are made by the system, and the
audit log and each published version say so."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

IMPORT_USERNAME = "report-import"


def import_account() -> Any:
    """The system account that imports are recorded against (created on first use, unable to sign in)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=IMPORT_USERNAME,
        defaults={"first_name": "Report", "last_name": "import", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
