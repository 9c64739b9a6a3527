"""The background task that runs an import (django-tasks; see settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from . import engine
from .models import ImportBatch


@task()
def run_import(batch_id: str, apply: bool) -> None:
    batch = ImportBatch.objects.select_related("instansi", "uploaded_by").get(pk=batch_id)
    engine.run(batch, apply=apply)
