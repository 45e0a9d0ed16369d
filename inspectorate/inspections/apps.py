from django.apps import AppConfig
from django.db.models.signals import pre_save


class InspectionsConfig(AppConfig):
    name = "inspectorate.inspections"
    label = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        from .services.text import refuse_unsafe_text

        # Every model of the project, whichever app: text reaches the same report formats.
        pre_save.connect(refuse_unsafe_text, dispatch_uid="inspectorate.refuse_unsafe_text")
