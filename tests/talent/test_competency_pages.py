"""The talent committee opens an employee's competency: the radar of standard against
achieved for the current post and a target post, the gap table, strengths and development
areas, the same radar in the PDF; the admin plans development (IDP) from the gaps and the
box follow-up; the agency summary counts JPM categories and names the weakest competencies."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from agencies.models import AuditEvent
from employees.models import HasilKompetensi, JenisJabatan, Kompetensi, NilaiKompetensi
from talent import competency
from talent.models import (
    RencanaPengembangan,
    StandarKompetensi,
    StandarKompetensiLevel,
    TargetPost,
)
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

CODES = [
    "integritas",
    "kerja-sama",
    "komunikasi",
    "orientasi-pada-hasil",
    "pelayanan-publik",
    "pengembangan-diri-dan-orang-lain",
    "mengelola-perubahan",
    "pengambilan-keputusan",
    "perekat-bangsa",
]


def give_result(employee, levels: list[int], tanggal=dt.date(2026, 3, 15), metode="pemetaan"):
    hasil = HasilKompetensi.objects.create(
        employee=employee, tanggal=tanggal, metode=metode, lembaga="UPT Penilaian Kompetensi"
    )
    kompetensi = {k.kode: k for k in Kompetensi.objects.all()}
    for kode, level in zip(CODES, levels, strict=True):
        NilaiKompetensi.objects.create(hasil=hasil, kompetensi=kompetensi[kode], level=level)
    return hasil


def make_standard(instansi, levels: list[int], *, nama: str = "", jenis=None):
    standar = StandarKompetensi.objects.create(
        instansi=instansi, nama_jabatan=nama, jenis_jabatan=jenis
    )
    kompetensi = {k.kode: k for k in Kompetensi.objects.all()}
    for kode, level in zip(CODES, levels, strict=True):
        StandarKompetensiLevel.objects.create(
            standar=standar, kompetensi=kompetensi[kode], level=level
        )
    return standar


@pytest.fixture
def analis(contoh):
    """Citra, Analis SDM (pelaksana): standard 3 everywhere; achieved 26 of 27 with
    komunikasi and mengelola perubahan at 2 and perekat bangsa at 4."""
    citra = contoh["staff"]["citra"]
    citra.jabatan = "Analis SDM Aparatur"
    citra.jenis_jabatan = JenisJabatan.objects.get(kode="pelaksana")
    citra.save()
    kab = citra.instansi
    make_standard(kab, [3] * 9, nama="Analis SDM Aparatur")
    make_standard(kab, [4] * 9, nama="Kepala Bidang Mutasi")
    TargetPost.objects.create(instansi=kab, nama_jabatan="Kepala Bidang Mutasi")
    give_result(citra, [3, 3, 2, 3, 3, 3, 2, 3, 4])
    return citra


def test_the_profile_shows_jpm_gaps_strengths_and_development_areas(client, people, analis):
    client.force_login(people["admin_contoh"])
    url = reverse("talent:competency_profile", args=[analis.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="radar-chart"' in page
    assert "96,29 %" in page and "Optimal" in page  # 26 / 27
    assert "Kekuatan" in page and "Perekat bangsa" in page
    assert "Area pengembangan" in page and "Komunikasi (-1)" in page

    target = StandarKompetensi.objects.get(nama_jabatan="Kepala Bidang Mutasi")
    post = TargetPost.objects.get(nama_jabatan="Kepala Bidang Mutasi")
    page = client.get(url, {"target": f"t{post.pk}"}).content.decode()
    assert target.levels()["integritas"] == 4
    assert "72,22 %" in page and "Kurang optimal" in page  # 26 / 36
    assert "Standar Kepala Bidang Mutasi" in page  # the radar's legend


def test_the_pdf_has_the_same_radar_and_gap_table(client, people, analis):
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:competency_pdf", args=[analis.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response))).pages)
    assert "Profil Kompetensi Pegawai" in text
    assert analis.nip in text
    assert "96,29 %" in text
    assert "Pengambilan keputusan" in text  # a radar axis label and a gap-table line
    assert "Area pengembangan" in text
    assert AuditEvent.objects.filter(action="talent.kompetensi.pdf").exists()


def test_another_agency_cannot_open_the_profile(client, people, analis):
    client.force_login(people["admin_lain"])
    assert client.get(reverse("talent:competency_profile", args=[analis.pk])).status_code == 404


def test_an_idp_item_from_a_gap_is_added_audited_and_tracked_to_completion(client, people, analis):
    client.force_login(people["admin_contoh"])
    komunikasi = Kompetensi.objects.get(kode="komunikasi")
    create = reverse("talent:idp_create", args=[analis.pk])
    form = client.get(create, {"sumber": "kesenjangan", "kompetensi": komunikasi.pk})
    assert form.status_code == 200
    data = {
        "sumber": "kesenjangan",
        "kompetensi": komunikasi.pk,
        "kegiatan": "Pelatihan komunikasi publik",
        "bentuk": "klasikal",
        "jam_pelajaran": 24,
        "tenggat": "2026-09-30",
        "status": "direncanakan",
    }
    response = client.post(create, data)
    assert response.status_code == 302
    item = RencanaPengembangan.objects.get(employee=analis)
    assert item.dibuat_oleh == people["admin_contoh"] and item.jam_pelajaran == 24
    assert AuditEvent.objects.filter(action="talent.idp.create").exists()

    edit = reverse("talent:idp_edit", args=[analis.pk, item.pk])
    refused = client.post(edit, dict(data, status="selesai"))
    assert "Isi tanggal selesai" in refused.content.decode()
    client.post(edit, dict(data, status="selesai", selesai_pada="2026-08-01"))
    item.refresh_from_db()
    assert (item.status, item.selesai_pada) == ("selesai", dt.date(2026, 8, 1))
    assert item.history.count() == 2
    page = client.get(reverse("talent:competency_profile", args=[analis.pk])).content.decode()
    assert "Pelatihan komunikasi publik" in page and "Selesai" in page


def test_the_box_follow_up_is_offered_for_the_idp(client, people, analis, contoh):
    client.force_login(people["admin_contoh"])
    page = client.get(reverse("talent:competency_profile", args=[analis.pk])).content.decode()
    box = contoh["period"].placements.get(employee=analis).kotak
    assert f"Tindak lanjut kotak {box}" in page
    assert "sumber=kotak" in page


def test_a_result_is_edited_in_the_browser_with_history(client, people, analis):
    client.force_login(people["admin_contoh"])
    hasil = HasilKompetensi.objects.get(employee=analis)
    url = reverse("talent:result_edit", args=[analis.pk, hasil.pk])
    data = {"tanggal": "2026-03-15", "metode": "pemetaan", "lembaga": "UPT PK", "keterangan": ""}
    data.update({f"k_{kode}": 3 for kode in CODES})
    assert client.post(url, data).status_code == 302
    hasil.refresh_from_db()
    assert hasil.levels() == dict.fromkeys(CODES, 3)
    assert (
        NilaiKompetensi.history.filter(level=3, history_type="~").count() == 3
    )  # 2->3, 2->3, 4->3
    assert AuditEvent.objects.filter(action="talent.kompetensi.update").exists()
    empty = {k: v for k, v in data.items() if not k.startswith("k_")}
    assert "setidaknya satu kompetensi" in client.post(url, empty).content.decode()


def test_a_wrongly_entered_result_is_deleted_after_a_question_and_audited(client, people, analis):
    client.force_login(people["admin_contoh"])
    hasil = HasilKompetensi.objects.get(employee=analis)
    levels = hasil.levels()
    page = client.get(reverse("talent:result_edit", args=[analis.pk, hasil.pk])).content.decode()
    delete = reverse("talent:result_delete", args=[analis.pk, hasil.pk])
    # The edit page asks before it deletes (the browser's confirm, from data-confirm).
    at = page.index('data-testid="delete-form"')
    form = page[page.rindex("<form", 0, at) : page.index("</form>", at)]
    assert f'action="{delete}"' in form and f"Hapus hasil asesmen {hasil}?" in form
    # A new result has nothing to delete yet.
    new = client.get(reverse("talent:result_create", args=[analis.pk])).content.decode()
    assert 'data-testid="delete-form"' not in new
    # Deleting is a POST, never a link.
    assert client.get(delete).status_code == 405

    response = client.post(delete, follow=True)
    assert f"Hasil asesmen {hasil} dihapus." in response.content.decode()
    assert not HasilKompetensi.objects.filter(pk=hasil.pk).exists()
    assert not NilaiKompetensi.objects.filter(hasil_id=hasil.pk).exists()
    event = AuditEvent.objects.get(action="talent.kompetensi.delete")
    assert event.actor == people["admin_contoh"] and event.instansi == analis.instansi
    assert event.detail["levels"] == levels
    # The record's former state stays in its history, marked deleted.
    assert HasilKompetensi.history.filter(id=hasil.pk, history_type="-").exists()


def test_an_idp_item_is_deleted_from_its_edit_page(client, people, analis):
    client.force_login(people["admin_contoh"])
    item = RencanaPengembangan.objects.create(
        employee=analis, sumber="kesenjangan", kegiatan="Magang di BKN", bentuk="klasikal",
        status="direncanakan", tenggat=dt.date(2026, 12, 31),
    )  # fmt: skip
    edit = client.get(reverse("talent:idp_edit", args=[analis.pk, item.pk])).content.decode()
    assert "Hapus rencana pengembangan Magang di BKN?" in edit
    response = client.post(reverse("talent:idp_delete", args=[analis.pk, item.pk]), follow=True)
    assert "Rencana pengembangan Magang di BKN dihapus." in response.content.decode()
    assert not RencanaPengembangan.objects.filter(pk=item.pk).exists()
    assert AuditEvent.objects.get(action="talent.idp.delete").detail["status"] == "direncanakan"


def test_only_the_agency_s_manager_may_delete(client, people, analis):
    hasil = HasilKompetensi.objects.get(employee=analis)
    delete = reverse("talent:result_delete", args=[analis.pk, hasil.pk])
    client.force_login(people["admin_lain"])
    assert client.post(delete).status_code == 404
    client.force_login(people["reviewer_provinsi"])
    assert client.post(delete).status_code == 403
    assert HasilKompetensi.objects.filter(pk=hasil.pk).exists()


def test_a_post_type_standard_applies_when_the_post_has_none(analis):
    budi = EmployeeFactory(
        instansi=analis.instansi,
        jabatan="Pengadministrasi Umum",
        jenis_jabatan=JenisJabatan.objects.get(kode="pelaksana"),
    )
    give_result(budi, [2] * 9)
    assert competency.jpm_for(budi).percent is None  # no standard yet
    make_standard(analis.instansi, [2] * 9, jenis=budi.jenis_jabatan)
    assert competency.jpm_for(budi).band == "optimal"
    assert (
        competency.jpm_for(analis).percent
        == competency.job_person_match(
            dict(zip(CODES, [3, 3, 2, 3, 3, 3, 2, 3, 4], strict=True)), dict.fromkeys(CODES, 3)
        ).percent
    )  # its own named standard wins over the post type's


def test_jpm_for_many_ranks_candidates_against_a_target_post(analis, contoh):
    post = TargetPost.objects.get(nama_jabatan="Kepala Bidang Mutasi")
    ani = contoh["staff"]["ani"]
    give_result(ani, [4] * 9, tanggal=dt.date(2025, 1, 1))
    give_result(ani, [5] * 9)  # the newest counts
    results = competency.jpm_for_many([analis.pk, ani.pk, contoh["staff"]["dedi"].pk], post)
    assert results[ani.pk].percent == 125
    assert results[analis.pk].band == "kurang_optimal"
    assert results[contoh["staff"]["dedi"].pk].percent is None


def summary_employees(instansi, n: int):
    pelaksana = JenisJabatan.objects.get(kode="pelaksana")
    for i in range(n):
        employee = EmployeeFactory(
            instansi=instansi, jabatan=f"Pengadministrasi {i}", jenis_jabatan=pelaksana
        )
        give_result(employee, [3, 3, 2, 3, 3, 3, 2, 3, 3])


def test_the_summary_counts_categories_and_names_the_weakest_competencies(
    client, people, analis, django_assert_num_queries
):
    kab = analis.instansi
    make_standard(kab, [3] * 9, jenis=JenisJabatan.objects.get(kode="pelaksana"))
    summary_employees(kab, 2)
    client.force_login(people["admin_contoh"])
    url = reverse("talent:competency_summary")
    response = client.get(url)
    total = response.context["total"]
    # Citra 26/27 optimal; the two others 25/27 = 92.59 % optimal as well.
    assert total.cells == [3, 0, 0]
    assert total.not_assessed == total.total - 3
    weakest = response.context["weakest"]
    assert [w.kompetensi.kode for w in weakest[:2]] == ["komunikasi", "mengelola-perubahan"]
    assert weakest[0].below == 3 and weakest[0].mean_gap_text == "−1,00"
    test = client.get(url, {"kategori": "uji_kompetensi"}).context["total"]
    assert test.cells == [3, 0, 0]

    # The same queries for 3 or 23 assessed employees.
    count = _count(client, url)
    summary_employees(kab, 20)
    with django_assert_num_queries(count):
        client.get(url)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries.captured_queries)


def test_the_list_costs_the_same_queries_for_one_or_a_full_page(
    client, people, analis, django_assert_num_queries
):
    client.force_login(people["admin_contoh"])
    url = reverse("talent:competency_list")
    count = _count(client, url)
    summary_employees(analis.instansi, 30)
    with django_assert_num_queries(count):
        response = client.get(url)
    assert "96,29 %" in response.content.decode()


def test_the_nine_box_placement_links_to_the_competency_profile(client, people, analis, contoh):
    client.force_login(people["admin_contoh"])
    url = reverse("talent:placement_detail", args=[contoh["period"].pk, analis.pk])
    page = client.get(url).content.decode()
    assert reverse("talent:competency_profile", args=[analis.pk]) in page
