from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "inspectorate.practice"
    label = "practice"
    verbose_name = "Developing practice"
    default_auto_field = "django.db.models.BigAutoField"
