"""Evidence files: what may be uploaded, checked by content and size, stored under a random
path; replacing keeps the old version."""

from __future__ import annotations

import logging
from pathlib import PurePosixPath

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from agencies.models import AuditEvent, User

from .models import Answer, Evidence
from .workflow import WorkflowError, lock_for_answer, may_fill_in

logger = logging.getLogger(__name__)

STORAGE_FAILED_MESSAGE = _(
    "Berkas tidak dapat disimpan di server (ruang penyimpanan penuh atau tidak dapat "
    "ditulis). Tidak ada yang berubah; coba lagi nanti atau hubungi admin."
)

# What the content says, not what the name claims. Old Office formats (doc, xls, ppt) are
# OLE files that the sniffer reports under their own MIME types.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/msword": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
}
# Stored under the extension of what the content is, never the uploader's: a PNG named
# "halaman.html" is kept as .png.
EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
}
# What a browser may show in the page; anything else is handed over as a download, so an
# Office file is never opened by whatever the browser would guess.
SHOWN_INLINE = {"application/pdf", "image/jpeg", "image/png", "image/webp"}
SNIFF_BYTES = 8192


def download_name(original_name: str, content_type: str) -> str:
    """The name the user gave, with the extension its content has."""
    stem = PurePosixPath(original_name.replace("\\", "/")).stem or "bukti"
    return stem + EXTENSIONS.get(content_type, "")


def max_size() -> int:
    return int(getattr(settings, "ASSESSMENT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def sniff(upload: UploadedFile[bytes]) -> str | None:
    """The MIME type read from the file's first bytes, or None when unknown."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def check_upload(upload: UploadedFile[bytes]) -> str:
    """Return the sniffed content type, or raise WorkflowError with a clear message."""
    size = upload.size or 0
    if size > max_size():
        raise WorkflowError(
            _("Berkas %(name)s terlalu besar (%(size)s). Batasnya %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(size),
                "max": filesizeformat(max_size()),
            }
        )
    if size == 0:
        raise WorkflowError(_("Berkas %(name)s kosong.") % {"name": upload.name})
    content_type = sniff(upload)
    if content_type not in ALLOWED_TYPES:
        raise WorkflowError(
            _(
                "Berkas %(name)s bukan PDF, gambar, atau dokumen Office (isinya diperiksa, "
                "bukan namanya)."
            )
            % {"name": upload.name}
        )
    return content_type


@transaction.atomic
def evidence_add(
    *,
    answer: Answer,
    actor: User,
    upload: UploadedFile[bytes],
    requirement: int | None,
    replaces: Evidence | None = None,
) -> Evidence:
    # Locks the assessment row as the workflow steps do: an upload racing a submission waits
    # for it and then sees the new status.
    assessment = lock_for_answer(answer)
    if not may_fill_in(actor, assessment):
        raise WorkflowError(_("Anda tidak dapat mengubah penilaian ini."))
    if not answer.agency_may_edit(assessment):
        raise WorkflowError(
            _("Jawaban ini terkunci: penilaian sedang diverifikasi atau sudah final.")
        )
    expected = answer.indicator.evidence_expected
    if requirement is not None and not 0 <= requirement < len(expected):
        requirement = None
    content_type = check_upload(upload)
    if replaces is not None:
        requirement = replaces.requirement
    original_name = (upload.name or "")[:255]
    # evidence_path takes the stored file's extension from this name.
    upload.name = "bukti" + EXTENSIONS[content_type]
    try:
        evidence = Evidence.objects.create(
            answer=answer,
            requirement=requirement,
            file=upload,
            original_name=original_name,
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
    except OSError as exc:
        # Disk full or not writable: the user's work is still in their hands; say so plainly
        # instead of a 500, and let the transaction drop the half-made row.
        logger.exception("Evidence upload could not be stored")
        raise WorkflowError(STORAGE_FAILED_MESSAGE) from exc
    if replaces is not None:
        replaces.replaced_by = evidence
        replaces.save(update_fields=["replaced_by"])
    AuditEvent.record(
        action="assessment.evidence",
        summary=(
            f"Bukti {evidence.original_name} "
            f"{'mengganti versi lama' if replaces else 'diunggah'} untuk {answer.indicator.code}"
        ),
        actor=actor,
        instansi=assessment.instansi,
        assessment=assessment.pk,
        evidence=str(evidence.public_id),
    )
    return evidence
