from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "survey"
    verbose_name = _("Survei pegawai")

    def ready(self) -> None:
        # Registers the survey's facts (core.facts) that assessment indicators can show.
        from . import facts  # noqa: F401
