"""Background tasks of the assessment app (django-tasks; see settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from . import bundles
from .models import ScorecardBundle


@task()
def build_bundle(bundle_id: str) -> None:
    bundle = ScorecardBundle.objects.select_related("requested_by").get(pk=bundle_id)
    bundles.build(bundle)
