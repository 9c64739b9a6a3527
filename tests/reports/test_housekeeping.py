"""The nightly `manage.py bersihkan`: finished ZIPs expire, and a file that a rolled-back
transaction left behind (no record points to it) is removed once it is old enough."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from agencies.files import sweep_orphans
from agencies.models import AuditEvent
from assessment import bundles, scorecard
from assessment.models import FrozenScorecard, ScorecardBundle

pytestmark = pytest.mark.django_db


def age(name: str, hours: float) -> None:
    """Make a stored file look `hours` old."""
    path = default_storage.path(name)
    when = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (when, when))


def zip_for(client, reviewer, assessment) -> ScorecardBundle:
    client.force_login(reviewer)
    client.post("/penilaian/kartu-nilai/zip/", {"penilaian": [assessment.pk]})
    return ScorecardBundle.objects.get()


def test_a_finished_zip_says_until_when_and_is_deleted_a_day_later(client, people, final):
    bundle = zip_for(client, people["reviewer_provinsi"], final)
    page = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/").content.decode()
    assert 'data-testid="bundle-expires"' in page and "Tersedia sampai" in page
    stored = bundle.file.name
    assert default_storage.exists(stored)

    assert bundles.expire(now=bundle.finished + dt.timedelta(hours=23)) == 0
    assert bundles.expire(now=bundle.finished + dt.timedelta(hours=25)) == 1
    assert not ScorecardBundle.objects.exists()
    assert not default_storage.exists(stored)
    assert client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/").status_code == 404
    # The scorecard itself is untouched.
    assert default_storage.exists(final.frozen_scorecards.get().file.name)


def test_a_zip_that_never_finished_is_removed_after_the_same_time(people):
    bundle = ScorecardBundle.objects.create(requested_by=people["reviewer_provinsi"])
    assert bundles.expire(now=bundle.created + dt.timedelta(hours=1)) == 0
    assert bundles.expire(now=bundle.created + dt.timedelta(hours=25)) == 1


def test_a_frozen_scorecard_whose_transaction_rolled_back_leaves_no_file_behind(filled):
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        frozen = scorecard.freeze(filled)
        stored = frozen.file.name
        raise Rollback
    assert not FrozenScorecard.objects.exists()
    assert default_storage.exists(stored)  # written before the rollback

    assert sweep_orphans() == 0  # too young: it could be an upload in progress
    age(stored, hours=25)
    assert sweep_orphans(dry_run=True) == 1 and default_storage.exists(stored)
    assert sweep_orphans() == 1
    assert not default_storage.exists(stored)


def test_the_sweep_keeps_every_file_a_record_points_to_and_anything_outside_its_folders(final):
    frozen = final.frozen_scorecards.get()
    age(frozen.file.name, hours=24 * 400)
    other = default_storage.save("cadangan/catatan.txt", ContentFile(b"milik operator"))
    age(other, hours=24 * 400)
    assert sweep_orphans() == 0
    assert default_storage.exists(frozen.file.name) and default_storage.exists(other)


def test_the_command_reports_what_it_deleted_and_audits_it(client, people, final, capsys):
    bundle = zip_for(client, people["reviewer_provinsi"], final)
    ScorecardBundle.objects.filter(pk=bundle.pk).update(
        finished=timezone.now() - dt.timedelta(days=2)
    )
    call_command("bersihkan", "--dry-run")
    assert "Akan dihapus (uji coba, tidak ada yang dihapus): 1 ZIP kartu nilai" in (
        capsys.readouterr().out
    )
    assert ScorecardBundle.objects.exists()

    call_command("bersihkan")
    assert (
        "Dihapus: 1 ZIP kartu nilai, 0 berkas impor, 0 bukti yang dihapus operator, 0 berkas yatim."
        in capsys.readouterr().out
    )
    assert not ScorecardBundle.objects.exists()
    event = AuditEvent.objects.get(action="files.cleanup")
    assert event.detail == {"zip": 1, "impor": 0, "bukti": 0, "yatim": 0}
