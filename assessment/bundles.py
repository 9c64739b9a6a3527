"""Bulk download: several scorecards as one ZIP, built in the background (django-tasks, as
the employee imports) with progress the page polls. Only the user who asked may follow or
download it, and only scorecards of agencies that user may see go in."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from agencies import scoping
from agencies.models import AuditEvent, User

from .models import Assessment, ScorecardBundle
from .scorecard import scorecard_bytes

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
    from .tasks import build_bundle

    # Views run in autocommit: the row is committed, so a worker finds it.
    build_bundle.enqueue(str(bundle.pk))
    return bundle


def build(bundle: ScorecardBundle) -> None:
    S = ScorecardBundle.Status
    ScorecardBundle.objects.filter(pk=bundle.pk).update(status=S.RUNNING, progress=0)
    try:
        assessments = scoping.scope(
            Assessment.objects.filter(pk__in=bundle.assessment_ids).select_related(
                "instansi", "instrument"
            ),
            bundle.requested_by,
        ).order_by("instansi__nama", "year")
        total = len(bundle.assessment_ids) or 1
        buffer = io.BytesIO()
        names: set[str] = set()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, assessment in enumerate(assessments, start=1):
                content, name = scorecard_bytes(assessment)
                while name in names:
                    name = f"{assessment.pk}-{name}"
                names.add(name)
                archive.writestr(name, content)
                ScorecardBundle.objects.filter(pk=bundle.pk).update(
                    done_count=index, progress=min(99, round(100 * index / total))
                )
        bundle.file.save(f"{bundle.pk.hex}.zip", ContentFile(buffer.getvalue()), save=False)
        ScorecardBundle.objects.filter(pk=bundle.pk).update(
            file=bundle.file.name, status=S.DONE, progress=100, finished=timezone.now()
        )
    except Exception as exc:  # the user sees "Gagal" instead of a bar that never ends
        ScorecardBundle.objects.filter(pk=bundle.pk).update(
            status=S.FAILED, message=str(exc)[:500], finished=timezone.now()
        )
        raise


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
