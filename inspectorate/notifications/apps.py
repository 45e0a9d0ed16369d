from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "inspectorate.notifications"
    label = "notifications"
    verbose_name = "Notifications"
