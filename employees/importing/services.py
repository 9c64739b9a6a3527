"""Starting, confirming and retrying imports: what the views (and other apps) call."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from agencies.models import AuditEvent, Instansi, UnitKerja, User

from . import vocab
from .kinds import get_kind
from .models import ColumnChoice, ImportBatch
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
    *,
    kind: str,
    instansi: Instansi,
    user: User | None,
    upload: UploadedFile[bytes],
    status: str = "",
    queue: bool = True,
) -> ImportBatch:
    """Store the upload under a private name and queue its dry run (`queue=False`: the
    caller runs it, as `manage.py impor` does). `status` applies to rows whose status the
    file does not give."""
    get_kind(kind)  # an unknown kind is a programming error: fail loudly
    check_upload(upload)
    name = upload.name or f"impor.{kind}"
    batch = ImportBatch(
        kind=kind,
        instansi=instansi,
        uploaded_by=user,
        original_name=name[:255],
        options={"status": status} if status else {},
    )
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
    if queue:
        _enqueue(batch, apply=False)
    return batch


def confirm_batch(batch: ImportBatch, *, skip_invalid: bool = False, queue: bool = True) -> bool:
    """Queue the apply step if the batch is ready for it; False if it is not (already
    applied, has errors, or another request confirmed it first). With `skip_invalid`, a
    batch with bad rows applies its valid ones; the bad ones stay in the error workbook.
    `queue=False`: claimed only, the caller runs it (`manage.py impor`)."""
    if skip_invalid and batch.can_apply_valid:
        claim = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.VALIDATED)
    elif batch.can_apply:
        claim = ImportBatch.objects.filter(
            pk=batch.pk, status=ImportBatch.Status.VALIDATED, count_error=0
        )
    else:
        return False
    options = {**batch.options, "skip_invalid": skip_invalid}
    if not claim.update(status=ImportBatch.Status.APPLY_QUEUED, options=options):
        return False
    batch.options = options
    batch.status = ImportBatch.Status.APPLY_QUEUED
    if queue:
        _enqueue(batch, apply=True)
    return True


def revalidate_batch(
    batch: ImportBatch,
    *,
    mapping: dict[str, str] | None = None,
    unit: tuple[str, int] | None = None,
) -> bool:
    """Run the preview again with the admin's answers: `mapping` (header key -> field, ""
    to ignore a column; remembered for the agency's next upload of this kind) and `unit`
    (a unit name as written -> the unit meant, for every row naming it)."""
    if not batch.can_revalidate:
        return False
    options = dict(batch.options)
    if mapping is not None:
        options["mapping"] = {**options.get("mapping", {}), **mapping}
        for header, field in mapping.items():
            ColumnChoice.objects.update_or_create(
                instansi=batch.instansi, kind=batch.kind, header=header, defaults={"field": field}
            )
    if unit is not None:
        name, pk = unit
        options["units"] = {**options.get("units", {}), vocab.key(name): pk}
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.VALIDATED).update(
        options=options
    )
    if not claimed:
        return False
    batch.options = options
    _enqueue(batch, apply=False)
    return True


def unit_create_for_import(
    *, batch: ImportBatch, name: str, parent: UnitKerja | None, user: User
) -> UnitKerja:
    """Add a unit a file names but the agency's tree lacks, under the parent the admin
    picked, then preview the file again so every row naming it finds it."""
    if parent is not None and parent.instansi_id != batch.instansi_id:
        raise ValueError("The parent unit belongs to another agency.")
    with transaction.atomic():
        unit, _created = UnitKerja.objects.get_or_create(
            instansi=batch.instansi, induk=parent, nama=name[:200]
        )
        AuditEvent.record(
            action="unit.create",
            summary=f"Unit kerja {unit.nama} dibuat dari pratinjau impor {batch.original_name}",
            actor=user,
            instansi=batch.instansi,
            unit=unit.pk,
            batch=str(batch.pk),
        )
    revalidate_batch(batch, unit=(name, unit.pk))
    return unit


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
