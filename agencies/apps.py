from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Instansi dan pengguna")

    def ready(self) -> None:
        # Audit-log receivers for logins, failed logins and access changes.
        from . import security  # noqa: F401
