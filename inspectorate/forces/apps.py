from django.apps import AppConfig


class ForcesConfig(AppConfig):
    name = "inspectorate.forces"
    label = "forces"
    verbose_name = "Forces and command units"
