"""ASGI entry point, for servers that speak ASGI. Like wsgi.py: DEBUG off with no
configuration, and never the published development key."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
application = get_asgi_application()

from meritsys.serving import refuse_development_key  # noqa: E402  (needs the settings)

refuse_development_key()
