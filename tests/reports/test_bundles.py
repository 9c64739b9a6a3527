"""Several scorecards as one ZIP, built in the background, for the person who asked only."""

from __future__ import annotations

import io
import zipfile

import pytest

from agencies.models import User
from assessment import workflow
from assessment.models import ScorecardBundle
from tests.factories import KabupatenFactory, UserFactory

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def lain_draft(instrument, people, wilayah):
    return workflow.assessment_create(
        instansi=wilayah["kabupaten_lain"],
        year=2026,
        instrument=instrument,
        actor=people["superadmin"],
    )


def test_the_reviewer_gets_a_zip_of_the_selected_scorecards(client, people, final, kota_draft):
    client.force_login(people["reviewer_provinsi"])
    response = client.post("/penilaian/kartu-nilai/zip/", {"penilaian": [final.pk, kota_draft.pk]})
    bundle = ScorecardBundle.objects.get()
    assert response.status_code == 302 and str(bundle.pk) in response["Location"]
    # The immediate backend built it during the request; the page shows the download.
    assert bundle.status == "done" and bundle.progress == 100 and bundle.done_count == 2
    page = client.get(response["Location"]).content.decode()
    assert "Unduh ZIP" in page
    progress = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/kemajuan/")
    assert progress["HX-Refresh"] == "true"
    download = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/unduh/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = sorted(archive.namelist())
    assert names == ["kartu-nilai-9101-2026.pdf", "kartu-nilai-9171-2026-draf.pdf"]
    # The final one in the ZIP is the frozen document, byte for byte.
    frozen = final.frozen_scorecards.get()
    with frozen.file.open("rb") as handle:
        assert archive.read("kartu-nilai-9101-2026.pdf") == handle.read()
    assert "Kota Contoh" in "\n".join(pdf_text(archive.read(names[1])))


def test_assessments_outside_the_reviewers_scope_are_left_out(client, people, final, lain_draft):
    client.force_login(people["reviewer_provinsi"])
    client.post("/penilaian/kartu-nilai/zip/", {"penilaian": [final.pk, lain_draft.pk]})
    bundle = ScorecardBundle.objects.get()
    assert bundle.assessment_ids == [final.pk]
    with bundle.file.open("rb") as handle:
        assert zipfile.ZipFile(handle).namelist() == ["kartu-nilai-9101-2026.pdf"]


def test_only_the_person_who_asked_may_follow_or_download_the_zip(client, people, final):
    client.force_login(people["reviewer_provinsi"])
    client.post("/penilaian/kartu-nilai/zip/", {"penilaian": [final.pk]})
    bundle = ScorecardBundle.objects.get()
    colleague = UserFactory(
        username="reviewer_provinsi_2",
        role=User.Role.REVIEWER,
        instansi=people["reviewer_provinsi"].instansi,
    )
    for user in (colleague, people["reviewer_nasional"], people["superadmin"]):
        client.force_login(user)
        for suffix in ("", "kemajuan/", "unduh/"):
            assert client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/{suffix}").status_code == 404


def test_an_empty_selection_gets_a_clear_message(client, people):
    client.force_login(people["reviewer_provinsi"])
    response = client.post("/penilaian/kartu-nilai/zip/", {}, follow=True)
    assert "Pilih minimal satu penilaian" in response.content.decode()
    assert not ScorecardBundle.objects.exists()


def test_a_running_build_shows_its_progress_and_keeps_polling(client, people):
    reviewer = people["reviewer_provinsi"]
    bundle = ScorecardBundle.objects.create(
        requested_by=reviewer,
        assessment_ids=[1, 2, 3, 4],
        status="running",
        progress=50,
        done_count=2,
    )
    client.force_login(reviewer)
    response = client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/kemajuan/")
    body = response.content.decode()
    assert "HX-Refresh" not in response
    assert 'hx-trigger="every 1s"' in body and "2/4" in body and "50%" in body
    assert client.get(f"/penilaian/kartu-nilai/zip/{bundle.pk}/unduh/").status_code == 404


def test_a_zip_of_many_drafts_renders_them_in_worker_processes(
    client, people, settings, wilayah, instrument
):
    settings.REPORT_WORKERS = 2
    settings.REPORT_DOCUMENTS_PER_WORKER = 2
    agencies = [
        KabupatenFactory(
            nama=f"Kabupaten Paralel {n}", kode_bkn=f"95{n:02d}", provinsi=wilayah["provinsi"]
        )
        for n in range(4)
    ]
    drafts = [
        workflow.assessment_create(
            instansi=agency, year=2026, instrument=instrument, actor=people["superadmin"]
        )
        for agency in agencies
    ]
    client.force_login(people["reviewer_provinsi"])
    client.post("/penilaian/kartu-nilai/zip/", {"penilaian": [d.pk for d in drafts]})
    bundle = ScorecardBundle.objects.get()
    assert bundle.status == "done" and bundle.done_count == 4
    with bundle.file.open("rb") as handle:
        archive = zipfile.ZipFile(handle)
        names = archive.namelist()
        assert names == [f"kartu-nilai-95{n:02d}-2026-draf.pdf" for n in range(4)]
        for n, name in enumerate(names):
            text = "\n".join(pdf_text(archive.read(name)))
            assert f"Kabupaten Paralel {n}" in text and "Halaman 1 dari" in text
