from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "inspectorate.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
