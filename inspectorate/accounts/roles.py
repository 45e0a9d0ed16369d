"""The personas of METHODOLOGY §1 as roles.

The public is not a role: it is the anonymous visitor. A force liaison officer is always tied to one
force; every other role is national.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    INSPECTOR = "inspector", "Inspector"
    LEAD_INSPECTOR = "lead_inspector", "Lead inspector (HMI)"
    MODERATOR = "moderator", "Moderator"
    ANALYST = "analyst", "Analyst"
    FORCE_LIAISON = "force_liaison", "Force liaison officer"
    ADMINISTRATOR = "administrator", "Administrator"


# Staff of the inspectorate itself, as opposed to people working for an inspected force.
INSPECTORATE_ROLES = frozenset(
    {Role.INSPECTOR, Role.LEAD_INSPECTOR, Role.MODERATOR, Role.ANALYST, Role.ADMINISTRATOR}
)
