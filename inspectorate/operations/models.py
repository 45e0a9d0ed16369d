"""What was done to the service as a whole: each backup taken and each restore, with the audit event
that `record` writes beside it."""

from __future__ import annotations

from typing import Any

from django.db import models

from inspectorate.accounts.access import RestrictedQuerySet, Rule, is_admin


class BackupRecord(models.Model):
    class Kind(models.TextChoices):
        BACKUP = "backup", "Backup taken"
        RESTORE = "restore", "Restored from a backup"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    folder = models.CharField(max_length=1000, help_text="The backup's folder, as given on the command line")
    engine = models.CharField(max_length=20, help_text="sqlite or postgresql")
    files = models.PositiveIntegerField(help_text="Media files in the backup")
    bytes = models.PositiveBigIntegerField(help_text="Size of the database copy and the media files")
    manifest_sha256 = models.CharField(max_length=64)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M} ({self.files} files)"

    @classmethod
    def access_rule(cls, user: Any, action: str) -> Rule:
        # Backups are taken and restored by whoever runs the server, from its command line; in the
        # service only administrators may read their history.
        if action == "view" and is_admin(user):
            return Rule.all("administrators see the backup history")
        return Rule.none("backups are taken and restored from the server's command line")
