"""Starting, confirming and retrying imports: what the views (and other apps) call."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from agencies.models import AuditEvent, Instansi, User

from .kinds import get_kind
from .models import ImportBatch
from .reader import FileProblem, sniff_kind
from .tasks import run_import

logger = logging.getLogger(__name__)


def check_upload(upload: UploadedFile[bytes]) -> None:
    """Refuse a file that is too large or is not .xlsx/.csv by its content."""
    limit = settings.IMPORT_MAX_UPLOAD_BYTES
    size = upload.size or 0
    if size > limit:
        raise FileProblem(
            f"Berkas terlalu besar ({size / 1_048_576:.1f} MB); batasnya "
            f"{limit / 1_048_576:.0f} MB. Bagi berkas menjadi beberapa bagian."
        )
    if size == 0:
        raise FileProblem("Berkas kosong.")
    head = upload.read(4096)
    upload.seek(0)
    kind = sniff_kind(head)
    name = (upload.name or "").lower()
    if not name.endswith(f".{kind}"):
        raise FileProblem("Isi berkas tidak sesuai dengan namanya; unggah berkas .xlsx atau .csv.")


def start_batch(
    *, kind: str, instansi: Instansi, user: User, upload: UploadedFile[bytes]
) -> ImportBatch:
    """Store the upload under a private name and queue its dry run."""
    get_kind(kind)  # an unknown kind is a programming error: fail loudly
    check_upload(upload)
    name = upload.name or f"impor.{kind}"
    batch = ImportBatch(kind=kind, instansi=instansi, uploaded_by=user, original_name=name[:255])
    try:
        batch.file.save(name, upload, save=False)
    except OSError as exc:
        # Disk full or not writable: nothing was recorded, so the user can simply retry.
        logger.exception("Import upload could not be stored")
        raise FileProblem(
            "Berkas tidak dapat disimpan di server (ruang penyimpanan penuh atau tidak dapat "
            "ditulis). Tidak ada yang berubah; coba lagi nanti atau hubungi admin."
        ) from exc
    batch.save()
    AuditEvent.record(
        action=f"import.{kind}.upload",
        summary=f"Berkas {batch.original_name} diunggah untuk diimpor",
        actor=user,
        instansi=instansi,
        batch=str(batch.pk),
        size=upload.size,
    )
    _enqueue(batch, apply=False)
    return batch


def confirm_batch(batch: ImportBatch) -> bool:
    """Queue the apply step if the batch is ready for it; False if it is not (already
    applied, has errors, or another request confirmed it first)."""
    if not batch.can_apply:
        return False
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportBatch.Status.VALIDATED, count_error=0
    ).update(status=ImportBatch.Status.APPLY_QUEUED)
    if not claimed:
        return False
    _enqueue(batch, apply=True)
    return True


def retry_batch(batch: ImportBatch) -> bool:
    """Run a batch again whose worker died or that failed for a system reason. Its writes
    were one transaction, so nothing of it is in the database: re-validating is safe."""
    if not batch.can_retry:
        return False
    applying = batch.status in (ImportBatch.Status.APPLYING, ImportBatch.Status.APPLY_QUEUED)
    _enqueue(batch, apply=applying)
    return True


def _enqueue(batch: ImportBatch, *, apply: bool) -> None:
    status = ImportBatch.Status.APPLY_QUEUED if apply else ImportBatch.Status.QUEUED
    batch.touch(status=status, progress=0)
    # Views run in autocommit (no ATOMIC_REQUESTS): the batch row is committed already, so
    # a worker finds it. The immediate backend runs the import right here.
    run_import.enqueue(str(batch.pk), apply)
