"""The background task that runs an import (django-tasks; see settings.TASKS)."""

from __future__ import annotations

from django_tasks import task

from agencies.models import AuditEvent

from . import engine
from .models import ImportBatch
from .reader import FileProblem, refuse_unreadable


@task()
def run_import(batch_id: str, apply: bool) -> None:
    batch = ImportBatch.objects.select_related("instansi", "uploaded_by").get(pk=batch_id)
    # The reader refuses a sheet that would abort this process before opening it, so a
    # hostile file fails its batch (with the reason) and the worker lives on.
    engine.run(batch, apply=apply)
    if batch.status == ImportBatch.Status.FAILED:
        discard_refused_file(batch)


def discard_refused_file(batch: ImportBatch) -> bool:
    """Delete the stored file of a batch that failed because the sheet guard refuses it.

    Running it again would be refused the same way, so the batch must not offer "Coba lagi"
    (it offers it only while it has a file), and a file built to crash the reader is not
    worth keeping. Cheap: a refused file is refused at its first blocks."""
    if not batch.file:
        return False
    try:
        with batch.local_file() as path:
            refuse_unreadable(path)
    except FileProblem as problem:
        batch.file.delete(save=False)
        ImportBatch.objects.filter(pk=batch.pk).update(file="")
        AuditEvent.record(
            action=f"import.{batch.kind}.refused",
            summary=f"Berkas {batch.original_name} ditolak sebelum dibaca dan dihapus",
            actor=batch.uploaded_by,
            instansi=batch.instansi,
            batch=str(batch.pk),
            reason=str(problem),
        )
        return True
    return False
