"""Bulk download: several scorecards as one ZIP, built in the background (django-tasks, as
the employee imports) with progress the page polls. Only the user who asked may follow or
download it, and only scorecards of agencies that user may see go in."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from contextlib import closing

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from agencies import scoping
from agencies.models import AuditEvent, User
from core.pdf import render_many

from . import scorecard
from .models import Assessment, ScorecardBundle

MAX_BUNDLE = 600


def start(user: User, assessment_ids: list[int]) -> ScorecardBundle:
    """Keep the ids the user may see, create the bundle and queue its build."""
    allowed = list(
        scoping.scope(Assessment.objects.filter(pk__in=assessment_ids[:MAX_BUNDLE]), user)
        .order_by("instansi__nama", "year")
        .values_list("pk", flat=True)
    )
    bundle = ScorecardBundle.objects.create(requested_by=user, assessment_ids=allowed)
    AuditEvent.record(
        action="scorecard.bundle",
        summary=f"Unduhan {len(allowed)} kartu nilai diminta",
        actor=user,
        bundle=str(bundle.pk),
    )
    # Views run in autocommit: the row is committed, so a worker finds it.
    build_bundle.enqueue(str(bundle.pk))
    return bundle


@task()
def build_bundle(bundle_id: str) -> None:
    """The background task (django-tasks; see settings.TASKS) that builds a requested ZIP.
    It lives beside `start` and `build`, so neither module has to import the other."""
    bundle = ScorecardBundle.objects.select_related("requested_by").get(pk=bundle_id)
    build(bundle)


def build(bundle: ScorecardBundle) -> None:
    S = ScorecardBundle.Status
    ScorecardBundle.objects.filter(pk=bundle.pk).update(
        status=S.RUNNING, progress=0, done_count=0, message="", heartbeat=timezone.now()
    )
    try:
        assessments = scoping.scope(
            Assessment.objects.filter(pk__in=bundle.assessment_ids).select_related(
                "instansi", "instrument"
            ),
            bundle.requested_by,
        ).order_by("instansi__nama", "year")
        total = len(bundle.assessment_ids) or 1
        # Finals are their frozen bytes; drafts their stored copy while unchanged, else
        # rendered (side by side when there are enough, core.pdf.render_many) and stored for
        # the next download, in the order they go into the ZIP.
        entries: list[tuple[Assessment, bytes | scorecard.Document]] = []
        for assessment in assessments:
            if assessment.status == Assessment.Status.FINAL:
                entries.append((assessment, scorecard.final_bytes(assessment)))
                continue
            document = scorecard.draft_document(assessment)
            stored = scorecard.stored_draft(assessment, document.version)
            entries.append((assessment, stored if stored is not None else document))
        to_render = [body for _a, body in entries if isinstance(body, scorecard.Document)]
        buffer = io.BytesIO()
        names: set[str] = set()
        # closing(): a failure part-way stops the render processes at once.
        with (
            closing(render_many([document.source() for document in to_render])) as drafts,
            zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            for index, (assessment, body) in enumerate(entries, start=1):
                if isinstance(body, scorecard.Document):
                    content = next(drafts)
                    scorecard.store_draft(assessment, body.version, content)
                else:
                    content = body
                name = scorecard.file_name(assessment)
                while name in names:
                    name = f"{index}-{name}"
                names.add(name)
                archive.writestr(name, content)
                ScorecardBundle.objects.filter(pk=bundle.pk).update(
                    done_count=index,
                    progress=min(99, round(100 * index / total)),
                    heartbeat=timezone.now(),
                )
        bundle.file.save(f"{bundle.pk.hex}.zip", ContentFile(buffer.getvalue()), save=False)
        ScorecardBundle.objects.filter(pk=bundle.pk).update(
            file=bundle.file.name, status=S.DONE, progress=100, finished=timezone.now()
        )
    except Exception:  # the user sees "Gagal" instead of a bar that never ends
        ScorecardBundle.objects.filter(pk=bundle.pk).update(
            status=S.FAILED, message=ERROR_MESSAGE, finished=timezone.now()
        )
        raise  # the worker logs the cause


ERROR_MESSAGE = "Terjadi kesalahan sistem saat membuat ZIP; silakan coba lagi."
STALE_MESSAGE = (
    "Pembuatan ZIP terhenti sebelum selesai (proses latar belakang berhenti). Tidak ada "
    "berkas yang tersimpan; silakan coba lagi."
)


def fail_if_stale(bundle: ScorecardBundle) -> bool:
    """Record as failed a bundle whose worker died (no heartbeat for
    SCORECARD_BUNDLE_STALE_SECONDS), so the page says so and offers a retry. The ZIP is
    written to storage only once complete, so a killed build leaves no partial file."""
    if not bundle.is_stale:
        return False
    S = ScorecardBundle.Status
    # Conditional on the heartbeat read: a worker that reported meanwhile keeps its bundle.
    failed = ScorecardBundle.objects.filter(
        pk=bundle.pk, status=bundle.status, heartbeat=bundle.heartbeat
    ).update(status=S.FAILED, message=STALE_MESSAGE, finished=timezone.now())
    if failed:
        bundle.status, bundle.message = S.FAILED, STALE_MESSAGE
    return bool(failed)


def retry(bundle: ScorecardBundle) -> bool:
    """Queue a failed bundle's build again (same scorecards, same requester)."""
    S = ScorecardBundle.Status
    queued = ScorecardBundle.objects.filter(pk=bundle.pk, status=S.FAILED).update(
        status=S.QUEUED,
        progress=0,
        done_count=0,
        message="",
        finished=None,
        heartbeat=timezone.now(),
    )
    if not queued:
        return False
    AuditEvent.record(
        action="scorecard.bundle.retry",
        summary=f"Unduhan {len(bundle.assessment_ids)} kartu nilai dicoba lagi",
        actor=bundle.requested_by,
        bundle=str(bundle.pk),
    )
    build_bundle.enqueue(str(bundle.pk))
    return True


def expire(now: dt.datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete the ZIPs (file and record) finished more than SCORECARD_BUNDLE_KEEP_HOURS ago,
    and those that never finished in that time (their worker is gone). Returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.SCORECARD_BUNDLE_KEEP_HOURS)
    old = ScorecardBundle.objects.filter(
        Q(finished__lt=cutoff) | Q(finished__isnull=True, created__lt=cutoff)
    )
    count = 0
    for bundle in old.iterator():
        count += 1
        if dry_run:
            continue
        if bundle.file:
            bundle.file.delete(save=False)
        bundle.delete()
    return count
