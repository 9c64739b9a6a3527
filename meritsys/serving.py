"""The last check before a WSGI/ASGI server serves Merit (meritsys/wsgi.py, asgi.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_development_key() -> None:
    """A server must not run with the development key published in settings.py: with it
    anyone can forge sessions and signed links. DEBUG off already demands a SECRET_KEY; this
    also stops a server started with DEBUG=true and no key. `manage.py runserver` (which
    loads this module too) is a developer's and keeps its zero-configuration start."""
    if settings.DEVELOPER_PROCESS:
        return
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "Merit will not be served with the published development SECRET_KEY. Set "
            "SECRET_KEY (and DEBUG=false) in the server's environment; for a developer's "
            "machine use `manage.py runserver`."
        )
