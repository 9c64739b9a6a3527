"""The private files of the default storage (uploads and generated documents) and the sweep
that removes a file no record points to, such as an evidence upload or a frozen scorecard
whose database transaction rolled back after the file was written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

# Every FileField stores under one of these (tests/agencies/test_files.py checks it), so the
# sweep never touches anything else an operator keeps in the media folder.
PRIVATE_FOLDERS = (
    "bukti/",
    "kartu-nilai/",
    "kartu-nilai-zip/",
    "impor/",
    "survei/",
    "komitmen/",
)


def file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def referenced_names() -> set[str]:
    """Every stored name a record points to, history tables included."""
    names: set[str] = set()
    for model, field in file_fields():
        values = model._default_manager.exclude(**{field.attname: ""}).values_list(
            field.attname, flat=True
        )
        names.update(name for name in values.iterator() if name)
    return names


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}{sub}/")


def sweep_orphans(now: dt.datetime | None = None, *, dry_run: bool = False) -> int:
    """Delete the files in PRIVATE_FOLDERS that no record points to and that are older than
    ORPHAN_FILE_GRACE_HOURS (younger ones may belong to an upload still in progress).
    Returns how many."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.ORPHAN_FILE_GRACE_HOURS)
    # Names are read before the folders are listed: a file saved in between is younger than
    # the cutoff, so it is never taken for an orphan.
    keep = referenced_names()
    count = 0
    for folder in PRIVATE_FOLDERS:
        for name in _walk(default_storage, folder):
            if name in keep or default_storage.get_modified_time(name) >= cutoff:
                continue
            count += 1
            if not dry_run:
                default_storage.delete(name)
    return count
