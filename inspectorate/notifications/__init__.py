"""Notifications: an in-app list for each user of what waits for them, and an e-mail for each through
Django's mail settings (docs/notifications.md). Domain apps raise them through `services.notify`."""
