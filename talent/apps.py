from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "talent"
    verbose_name = _("Manajemen talenta")

    def ready(self) -> None:
        # Registers the "kinerja" and "potensial" kinds with the shared spreadsheet importer,
        # and the talent facts (core.facts) that assessment indicators show (#14).
        from . import competency_import, facts, importing  # noqa: F401
