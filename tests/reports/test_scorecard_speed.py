"""Speed where a person waits: a draft scorecard is rendered once per version of the
assessment and served from that stored copy until something it shows changes; the ZIP
reuses those copies; PDF downloads are limited per user; the ZIP is named in local time."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage

from assessment import bundles, scorecard, workflow
from assessment.letterhead import Letterhead
from assessment.models import DraftScorecard, ScorecardBundle

from .conftest import pdf_text

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
MORNING = dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB)


def url(assessment) -> str:
    return f"/penilaian/{assessment.pk}/kartu-nilai.pdf"


def text(content: bytes) -> str:
    # Words joined by single spaces: a note wraps inside its narrow column.
    return " ".join(" ".join(pdf_text(content)).split())


def test_an_unchanged_draft_is_served_from_its_stored_copy(client, people, filled):
    client.force_login(people["operator_contoh"])
    first = client.get(url(filled)).content
    assert client.get(url(filled)).content == first
    stored = DraftScorecard.objects.get(assessment=filled)
    with stored.file.open("rb") as handle:
        assert handle.read() == first
    # Only the generation time differs minutes later: still the same copy, not a render.
    early = scorecard.draft_bytes(filled, now=MORNING)
    assert scorecard.draft_bytes(filled, now=MORNING + dt.timedelta(minutes=5)) == early
    # The stored copy is private: under the media folder that is never served by URL.
    assert stored.file.name.startswith("kartu-nilai-draf/")


def _new_answer_level(assessment, people):
    answer = assessment.answers.order_by("pk").first()
    workflow.answer_save(
        answer=answer,
        actor=people["admin_contoh"],
        expected_version=answer.version,
        level=1,
        justification="Belum ada dokumen.",
    )
    return None


def _head_of_agency(assessment, people):
    assessment.head_name = "Drs. Sutrisno Wibowo"
    assessment.save()
    return "Drs. Sutrisno Wibowo"


def _submitted_and_verified(assessment, people):
    workflow.assessment_submit(assessment=assessment, actor=people["admin_contoh"])
    answer = assessment.answers.order_by("pk").first()
    workflow.answer_verify(
        answer=answer,
        actor=people["reviewer_provinsi"],
        verified_level=2,
        note="Bukti SK belum ditandatangani.",
        return_requested=False,
        return_reason="",
    )
    return "Bukti SK belum ditandatangani."


def _letterhead(assessment, people):
    Letterhead.objects.create(
        provinsi=assessment.instansi.provinsi, name="Badan Kepegawaian Daerah Provinsi Contoh"
    )
    return "BADAN KEPEGAWAIAN DAERAH PROVINSI CONTOH"


def _agency_renamed(assessment, people):
    instansi = assessment.instansi
    instansi.nama = "Kabupaten Contoh Raya"
    instansi.save()
    return "Kabupaten Contoh Raya"


@pytest.mark.parametrize(
    "change",
    [_new_answer_level, _head_of_agency, _submitted_and_verified, _letterhead, _agency_renamed],
)
def test_a_change_to_what_the_scorecard_shows_renders_a_new_copy(people, filled, change):
    before = scorecard.draft_bytes(filled, now=MORNING)
    old_name = DraftScorecard.objects.get(assessment=filled).file.name
    filled.refresh_from_db()
    shown = change(filled, people)
    filled.refresh_from_db()
    after = scorecard.draft_bytes(filled, now=MORNING)
    assert after != before
    if shown:
        assert shown in text(after) and shown not in text(before)
    # One stored copy per assessment: the old one is gone from storage.
    stored = DraftScorecard.objects.get(assessment=filled)
    assert stored.file.name != old_name and not default_storage.exists(old_name)
    with stored.file.open("rb") as handle:
        assert handle.read() == after


def test_the_zip_reuses_stored_drafts_and_stores_the_ones_it_renders(people, filled, kota_draft):
    stored = scorecard.draft_bytes(filled)
    bundle = ScorecardBundle.objects.create(
        requested_by=people["reviewer_provinsi"], assessment_ids=[filled.pk, kota_draft.pk]
    )
    bundles.build(bundle)
    bundle.refresh_from_db()
    with bundle.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert archive.read("kartu-nilai-9101-2026-draf.pdf") == stored
    kota = archive.read("kartu-nilai-9171-2026-draf.pdf")
    # Rendered for the ZIP, and kept: the next download of Kota Contoh is that copy.
    assert scorecard.draft_bytes(kota_draft) == kota


def test_the_zip_is_named_in_local_time(client, people, filled):
    client.force_login(people["reviewer_provinsi"])
    client.post("/penilaian/kartu-nilai/zip/", {"penilaian": [filled.pk]})
    bundle = ScorecardBundle.objects.get()
    # Asked at 20:30 UTC: 03:30 the next morning in Jakarta (WIB, UTC+7).
    ScorecardBundle.objects.filter(pk=bundle.pk).update(
        created=dt.datetime(2026, 11, 30, 20, 30, tzinfo=dt.UTC)
    )
    response = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/unduh/")
    assert 'filename="kartu-nilai-20261201-0330.zip"' in response["Content-Disposition"]


def test_a_burst_of_pdf_downloads_is_answered_429_in_indonesian(client, people, filled, settings):
    settings.PDF_REQUESTS_PER_USER_PER_MINUTE = 3
    client.force_login(people["operator_contoh"])
    codes = [client.get(url(filled)).status_code for _ in range(3)]
    refused = client.get(url(filled))
    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Terlalu banyak unduhan PDF dalam satu menit" in refused.content.decode()
    # Someone else is not held up by it.
    client.force_login(people["admin_contoh"])
    assert client.get(url(filled)).status_code == 200


def test_the_nine_box_report_counts_against_the_same_limit(
    client, people, filled, contoh, settings
):
    settings.PDF_REQUESTS_PER_USER_PER_MINUTE = 1
    client.force_login(people["operator_contoh"])
    assert client.get(url(filled)).status_code == 200
    response = client.get(f"/talenta/periode/{contoh['period'].pk}/laporan.pdf")
    assert response.status_code == 429
