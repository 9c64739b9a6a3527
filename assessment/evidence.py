"""Evidence files: what may be uploaded (checked by content and size), the agency's library
(one stored file per content, SHA-256, attached to any number of indicators and years),
removal before submission and the purge of removed files after the retention period.
Replacing keeps the old version."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import AuditEvent, Instansi, User

from .models import Answer, Evidence, EvidenceFile
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
SNIFF_BYTES = 8192


def download_name(original_name: str, content_type: str) -> str:
    """The name the user gave, with the extension its content has."""
    stem = PurePosixPath(original_name.replace("\\", "/")).stem or "bukti"
    return stem + EXTENSIONS.get(content_type, "")


def max_size() -> int:
    """The largest evidence file, in bytes: the server's check, the browser's check and the
    number printed on the form all read it from here."""
    return int(getattr(settings, "ASSESSMENT_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))


def max_size_label() -> str:
    """The limit as people read it ("10,0 MB"): the same words on the form and the refusal."""
    return str(filesizeformat(max_size()))


def sniff(upload: UploadedFile[bytes]) -> str | None:
    """The MIME type read from the file's first bytes, or None when unknown."""
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def sha256_of(upload: File[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def check_upload(upload: UploadedFile[bytes]) -> str:
    """Return the sniffed content type, or raise WorkflowError with a clear message."""
    size = upload.size or 0
    if size > max_size():
        raise WorkflowError(
            _("Berkas %(name)s terlalu besar (%(size)s). Batasnya %(max)s.")
            % {"name": upload.name, "size": filesizeformat(size), "max": max_size_label()}
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


# --- which expected document a file name suggests ---------------------------------------

# Words every label and file name shares, which say nothing about which document it is.
_NOISE = {"dan", "atau", "yang", "untuk", "dari", "dengan", "tentang", "pada", "the", "pdf"}
_WORD = re.compile(r"[a-z0-9]+")


def suggestion_words(text: str) -> list[str]:
    """The words of a label or file name that can tell documents apart: lower case, three
    letters or more (years and numbers of four digits count), without filler words."""
    return [
        w for w in _WORD.findall(text.lower()) if (len(w) >= 3 or w.isdigit()) and w not in _NOISE
    ]


def suggest_requirement(filename: str, expected: list[str]) -> int | None:
    """The expected document whose label shares the most words with the file name (the first
    on a tie), or None when none shares a word. The browser makes the same suggestion from
    the words rendered with each label (static/js/evidence.js), and the person can change it."""
    name = set(suggestion_words(filename))
    best, best_score = None, 0
    for index, label in enumerate(expected):
        score = len(name & set(suggestion_words(label)))
        if score > best_score:
            best, best_score = index, score
    return best


# --- adding, attaching, removing ----------------------------------------------------------


def _require_editable(answer: Answer, actor: User) -> None:
    # Locks the assessment row as the workflow steps do (call inside a transaction): an
    # upload racing a submission waits for it and then sees the new status (#15).
    assessment = lock_for_answer(answer)
    if not may_fill_in(actor, assessment):
        raise WorkflowError(_("Anda tidak dapat mengubah penilaian ini."))
    if not answer.agency_may_edit(assessment):
        raise WorkflowError(
            _("Jawaban ini terkunci: penilaian sedang diverifikasi atau sudah final.")
        )


def _library_document(
    *,
    instansi: Instansi,
    upload: UploadedFile[bytes],
    content_type: str,
    actor: User,
    original_name: str,
) -> EvidenceFile:
    """The library's document with this content, stored now if the agency has none yet."""
    try:
        document, _created = _one_document(
            instansi.pk,
            sha256_of(upload),
            file=upload,
            original_name=original_name,
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        return document
    except OSError as exc:
        # Disk full or not writable: the user's work is still in their hands; say so plainly
        # instead of a 500, and let the transaction drop the half-made row.
        logger.exception("Evidence upload could not be stored")
        raise WorkflowError(STORAGE_FAILED_MESSAGE) from exc


def _one_document(instansi_id: int, sha256: str, **fields: Any) -> tuple[EvidenceFile, bool]:
    """The agency's library document with this content (one per agency and content), made
    from `fields` if it has none yet; whether it was made now."""
    existing = EvidenceFile.objects.filter(instansi_id=instansi_id, sha256=sha256).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            made = EvidenceFile.objects.create(instansi_id=instansi_id, sha256=sha256, **fields)
            return made, True
    except IntegrityError:
        # The same content stored at the same moment by a colleague: theirs is the library's.
        return EvidenceFile.objects.get(instansi_id=instansi_id, sha256=sha256), False


def _attach(
    *,
    answer: Answer,
    actor: User,
    document: EvidenceFile,
    requirement: int | None,
    original_name: str,
    replaces: Evidence | None,
) -> Evidence:
    expected = answer.indicator.evidence_expected
    if replaces is not None:
        requirement = replaces.requirement
    elif requirement is not None and not 0 <= requirement < len(expected):
        requirement = None
    evidence = Evidence.objects.create(
        answer=answer,
        requirement=requirement,
        document=document,
        file=document.file.name,
        original_name=original_name[:255],
        content_type=document.content_type,
        size=document.size,
        version=(replaces.version + 1) if replaces is not None else 1,
        uploaded_by=actor,
    )
    if replaces is not None:
        replaces.replaced_by = evidence
        replaces.save(update_fields=["replaced_by"])
    return evidence


@transaction.atomic
def evidence_add(
    *,
    answer: Answer,
    actor: User,
    upload: UploadedFile[bytes],
    requirement: int | None,
    replaces: Evidence | None = None,
) -> Evidence:
    """Attach an uploaded file to the answer. A file whose content the agency's library
    already holds is not stored twice: the new row names the stored one."""
    _require_editable(answer, actor)
    content_type = check_upload(upload)
    original_name = (upload.name or "")[:255]
    # The stored file takes its extension from this name: the sniffed type's, never the
    # uploader's (#15).
    upload.name = "bukti" + EXTENSIONS[content_type]
    assessment = answer.assessment
    document = _library_document(
        instansi=assessment.instansi,
        upload=upload,
        content_type=content_type,
        actor=actor,
        original_name=original_name,
    )
    evidence = _attach(
        answer=answer,
        actor=actor,
        document=document,
        requirement=requirement,
        original_name=original_name or document.original_name,
        replaces=replaces,
    )
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


@transaction.atomic
def evidence_attach(
    *, answer: Answer, actor: User, document: EvidenceFile, requirement: int | None
) -> Evidence:
    """Attach a document of the agency's library (uploaded for another indicator or an
    earlier year) to this answer, by reference."""
    _require_editable(answer, actor)
    if document.instansi_id != answer.assessment.instansi_id:
        raise WorkflowError(_("Dokumen ini bukan milik instansi penilaian ini."))
    evidence = _attach(
        answer=answer,
        actor=actor,
        document=document,
        requirement=requirement,
        original_name=document.original_name,
        replaces=None,
    )
    AuditEvent.record(
        action="assessment.evidence",
        summary=f"Bukti {document.original_name} dari pustaka dilampirkan untuk "
        f"{answer.indicator.code}",
        actor=actor,
        instansi=answer.assessment.instansi,
        assessment=answer.assessment.pk,
        evidence=str(evidence.public_id),
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User) -> Evidence:
    """Take a wrong file off its indicator before submission. The row stays (who, when) and
    the stored file goes after ASSESSMENT_EVIDENCE_REMOVED_KEEP_DAYS (purge_removed)."""
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    answer = Answer.objects.select_related("assessment__instansi", "indicator").get(
        pk=evidence.answer_id
    )
    _require_editable(answer, actor)
    if not evidence.is_current:
        raise WorkflowError(_("Berkas ini sudah diganti atau dihapus."))
    evidence.removed_at = timezone.now()
    evidence.removed_by = actor
    evidence.save(update_fields=["removed_at", "removed_by"])
    AuditEvent.record(
        action="assessment.evidence_removed",
        summary=(
            f"Bukti {evidence.original_name} (versi {evidence.version}) dihapus dari "
            f"{answer.indicator.code}"
        ),
        actor=actor,
        instansi=answer.assessment.instansi,
        assessment=answer.assessment_id,
        evidence=str(evidence.public_id),
    )
    return evidence


def set_document_dates(
    *,
    document: EvidenceFile,
    actor: User,
    effective_date: dt.date | None,
    valid_until: dt.date | None,
) -> None:
    """The document's own dates ("berlaku sejak", "berlaku sampai"), not the upload's."""
    if effective_date and valid_until and valid_until < effective_date:
        raise WorkflowError(_("Tanggal 'berlaku sampai' tidak boleh sebelum 'berlaku sejak'."))
    document.effective_date = effective_date
    document.valid_until = valid_until
    document.save(update_fields=["effective_date", "valid_until"])
    AuditEvent.record(
        action="assessment.evidence_dates",
        summary=f"Masa berlaku {document.original_name}: {effective_date or '-'} sampai "
        f"{valid_until or '-'}",
        actor=actor,
        instansi=document.instansi,
        document=document.pk,
    )


# --- the library ---------------------------------------------------------------------------


def library(instansi_qs: QuerySet[Instansi]) -> QuerySet[EvidenceFile]:
    """The documents of these agencies still attached somewhere (removed-only ones are not
    offered again)."""
    return (
        EvidenceFile.objects.filter(instansi__in=instansi_qs)
        .filter(attachments__removed_at__isnull=True)
        .distinct()
    )


def expiring(
    instansi_qs: QuerySet[Instansi], today: dt.date | None = None
) -> QuerySet[EvidenceFile]:
    """Library documents whose "berlaku sampai" has passed or falls within
    ASSESSMENT_EVIDENCE_EXPIRY_WARNING_DAYS: listed before the next round opens."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=settings.ASSESSMENT_EVIDENCE_EXPIRY_WARNING_DAYS)
    return (
        library(instansi_qs)
        .filter(valid_until__isnull=False, valid_until__lte=horizon)
        .order_by("valid_until", "original_name")
    )


def purge_removed(now: dt.datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete the stored files of evidence removed more than ASSESSMENT_EVIDENCE_REMOVED_KEEP_DAYS
    ago, unless another attachment still uses the same file. The rows stay (audit trail);
    their file reference is cleared. Returns how many stored files were deleted."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.ASSESSMENT_EVIDENCE_REMOVED_KEEP_DAYS)
    expired = Evidence.objects.filter(removed_at__lt=cutoff).exclude(file="")
    names = set(expired.values_list("file", flat=True))
    if dry_run:
        still_used = set(
            Evidence.objects.filter(file__in=names, removed_at__isnull=True).values_list(
                "file", flat=True
            )
        )
        return len(names - still_used)
    unused: list[str] = []
    with transaction.atomic():
        expired.update(file="")
        for name in sorted(names):
            if Evidence.objects.filter(file=name).exists():
                continue  # still attached elsewhere (another indicator, another year)
            EvidenceFile.objects.filter(file=name).delete()
            unused.append(name)
    # Only once no record names them: a rollback above leaves every file in place.
    for name in unused:
        if default_storage.exists(name):
            default_storage.delete(name)
    return len(unused)


# --- evidence from before the library -----------------------------------------------------


@dataclass
class Backfill:
    """What `backfill_library` did (or, dry, would do)."""

    attached: int = 0  # evidence rows given their library document
    documents: int = 0  # library documents made for them
    copies_deleted: int = 0  # stored copies of a content the library already held
    missing: list[str] = field(default_factory=list)  # rows whose stored file is gone


def backfill_library(*, dry_run: bool = False) -> Backfill:
    """Evidence uploaded before the library existed (no document) joins it: one library
    document per agency and content, its date the first upload's, so the agency can attach
    it to later indicators and years like any other. A row whose content the library already
    holds under another stored name is pointed at that one, and its own copy is deleted once
    nothing names it. Each row is its own transaction: a failure stops with the rows before it
    done, and a second run carries on. A stored file that is gone is reported, its row left."""
    report = Backfill()
    made: set[tuple[int, str]] = set()
    pending = (
        Evidence.objects.filter(document__isnull=True)
        .exclude(file="")
        .select_related("answer__assessment")
        .order_by("pk")
    )
    for evidence in pending.iterator(chunk_size=200):
        name = str(evidence.file.name)
        if not default_storage.exists(name):
            report.missing.append(str(evidence.public_id))
            continue
        with default_storage.open(name, "rb") as stored:
            sha256 = sha256_of(stored)
        instansi_id = evidence.answer.assessment.instansi_id
        if dry_run:
            known = EvidenceFile.objects.filter(instansi_id=instansi_id, sha256=sha256).exists()
            if not known and (instansi_id, sha256) not in made:
                made.add((instansi_id, sha256))
                report.documents += 1
            report.attached += 1
            continue
        with transaction.atomic():
            document, created = _one_document(
                instansi_id,
                sha256,
                file=name,  # the stored file as it is: named, not copied
                original_name=evidence.original_name,
                content_type=evidence.content_type,
                size=evidence.size,
                uploaded_by_id=evidence.uploaded_by_id,
            )
            if created:  # dated as first uploaded, not as back-filled (auto_now_add)
                EvidenceFile.objects.filter(pk=document.pk).update(uploaded=evidence.uploaded)
            Evidence.objects.filter(pk=evidence.pk).update(
                document=document, file=document.file.name
            )
        report.attached += 1
        report.documents += created
        if document.file.name != name and not _names_stored_file(name):
            default_storage.delete(name)
            report.copies_deleted += 1
    if report.attached and not dry_run:
        AuditEvent.record(
            action="assessment.evidence.library_backfill",
            summary=(
                f"Bukti lama masuk pustaka bukti: {report.attached} lampiran, "
                f"{report.documents} dokumen baru, {report.copies_deleted} salinan ganda dihapus"
            ),
            attached=report.attached,
            documents=report.documents,
            copies_deleted=report.copies_deleted,
        )
    return report


def _names_stored_file(name: str) -> bool:
    return (
        Evidence.objects.filter(file=name).exists()
        or EvidenceFile.objects.filter(file=name).exists()
    )
