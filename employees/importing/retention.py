"""How long uploaded spreadsheets are kept. A batch keeps its counts, errors and changes for
the record; the file itself (personal data of every employee in it) is deleted
IMPORT_FILE_KEEP_DAYS after the upload by `manage.py bersihkan`."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import ImportBatch

EXPIRED_MESSAGE = (
    "Berkas impor ini sudah dihapus karena melewati masa simpan {days} hari sebelum "
    "dikonfirmasi. Tidak ada data yang disimpan; unggah ulang berkasnya."
)


def expire_files(now: dt.datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete the files of batches uploaded more than IMPORT_FILE_KEEP_DAYS ago; a batch that
    is running is left alone. Returns how many."""
    now = now or timezone.now()
    days = settings.IMPORT_FILE_KEEP_DAYS
    old = ImportBatch.objects.filter(created__lt=now - dt.timedelta(days=days)).exclude(file="")
    count = 0
    for batch in old.iterator():
        if batch.is_running:
            continue
        count += 1
        if dry_run:
            continue
        # A batch that could still have been saved (waiting for confirmation, or its worker
        # died) never can now: say so. Every other batch keeps its outcome (done, failed,
        # rows with errors: the list stays on its page).
        could_finish = batch.can_apply or batch.status in ImportBatch.RUNNING
        batch.file.delete(save=False)
        fields: dict[str, object] = {"file": ""}
        if could_finish:
            fields.update(
                status=ImportBatch.Status.FAILED,
                message=EXPIRED_MESSAGE.format(days=days),
                finished=batch.finished or now,
            )
        ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    return count
