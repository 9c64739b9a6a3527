"""WSGI entry point: `gunicorn meritsys.wsgi`. With no configuration DEBUG is off (so
SECRET_KEY is required), and the published development key is refused in any case."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meritsys.settings")
application = get_wsgi_application()

from meritsys.serving import refuse_development_key  # noqa: E402  (needs the settings)

refuse_development_key()

# What is loaded by now (Django, the apps, their models) lives as long as the worker: out of
# the garbage collector's full passes, which would otherwise walk it on every one of them
# while requests wait (gc.freeze; measured in benchmarks/load/REPORT.md).
gc.freeze()
