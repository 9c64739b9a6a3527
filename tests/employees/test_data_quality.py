"""An agency's admin sees the quality of its ASN data in BKN's four dimensions, opens the
rows behind each figure and downloads them to fix."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees import quality
from employees.models import Employee, Golongan, JenisJabatan
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)
URL = reverse("employees:data_quality")


@pytest.fixture
def contoh(wilayah, referensi, unit_contoh):
    """Kabupaten Contoh: two clean records and one of each problem."""
    kab = wilayah["kabupaten"]
    clean = {"instansi": kab, "unit": unit_contoh}
    rows = {
        "bersih": [
            EmployeeFactory(nama="Ani Bersih", **clean),
            EmployeeFactory(nama="Bambang Bersih", **clean),
        ],
        "tanpa_pendidikan": EmployeeFactory(
            nama="Citra Tanpa Pendidikan", pendidikan=None, **clean
        ),
        "tanpa_unit": EmployeeFactory(nama="Dodi Tanpa Unit", instansi=kab, unit=None),
        "nip_tanggal_lahir": EmployeeFactory(nama="Eka Salah Lahir", **clean),
        "nip_jenis_kelamin": EmployeeFactory(nama="Fajar Salah Kelamin", **clean),
        "nip_tmt_cpns": EmployeeFactory(nama="Gita Salah TMT", **clean),
        "golongan_status": EmployeeFactory(
            nama="Hadi PPPK Bergolongan PNS", status="PPPK", **clean
        ),
        "lewat_bup": EmployeeFactory(
            nama="Indra Lewat Pensiun",
            tanggal_lahir=dt.date(1960, 1, 2),
            tmt_cpns=dt.date(1985, 3, 1),
            **clean,
        ),
    }
    # Records as stored by hand or by an old import: they disagree with their own NIP.
    Employee.objects.filter(pk=rows["nip_tanggal_lahir"].pk).update(
        tanggal_lahir=dt.date(1986, 9, 27)
    )
    Employee.objects.filter(pk=rows["nip_jenis_kelamin"].pk).update(jenis_kelamin="P")
    Employee.objects.filter(pk=rows["nip_tmt_cpns"].pk).update(tmt_cpns=dt.date(2016, 1, 1))
    # Another agency's problem never shows in Kabupaten Contoh's figures.
    EmployeeFactory(
        nama="Lain Tanpa Pendidikan", instansi=wilayah["kabupaten_lain"], pendidikan=None
    )
    return rows


def test_each_check_finds_its_record_and_only_it(contoh):
    report = quality.agency_report(
        contoh["bersih"][0].instansi.pegawai.all(), quality.Rules.load(today=TODAY)
    )
    assert report.total == 9
    found = {
        key: [f.record["nama"] for f in findings]
        for key, findings in report.failing.items()
        if findings
    }
    assert found == {
        "tanpa_pendidikan": ["Citra Tanpa Pendidikan"],
        "tanpa_unit": ["Dodi Tanpa Unit"],
        "nip_tanggal_lahir": ["Eka Salah Lahir"],
        "nip_jenis_kelamin": ["Fajar Salah Kelamin"],
        "nip_tmt_cpns": ["Gita Salah TMT"],
        "golongan_status": ["Hadi PPPK Bergolongan PNS"],
        "lewat_bup": ["Indra Lewat Pensiun"],
    }
    assert report.failing["nip_tanggal_lahir"][0].detail == (
        "Tanggal lahir 27-09-1986, menurut NIP 26-09-1986"
    )
    # Completeness: 7 of 9 have education and a unit; accuracy: 6 of 9 agree with the NIP.
    assert round(report.percent("kelengkapan"), 1) == round(700 / 9, 1)
    assert round(report.percent("akurasi"), 1) == round(600 / 9, 1)
    assert round(report.percent("kemutakhiran"), 1) == round(800 / 9, 1)
    assert round(report.percent("konsistensi"), 1) == round(800 / 9, 1)


def test_the_import_previews_doubts_are_counted_the_same_way(wilayah, referensi, unit_contoh):
    jpt = EmployeeFactory(
        nama="Joko JPT Golongan II/a", instansi=wilayah["kabupaten"], unit=unit_contoh,
        jenis_jabatan=JenisJabatan.objects.get(kode="jpt_pratama"),
        golongan=Golongan.objects.get(nama="II/a", untuk_pppk=False),
    )  # fmt: skip
    report = quality.agency_report(jpt.instansi.pegawai.all(), quality.Rules.load(today=TODAY))
    (finding,) = report.failing["jpt_golongan"]
    assert finding.detail.startswith("JPT Pratama dengan golongan II/a")


def test_a_pppk_number_is_not_read_as_a_tmt_month(wilayah, referensi, unit_contoh):
    pppk = EmployeeFactory(
        instansi=wilayah["kabupaten"], unit=unit_contoh, status="PPPK", nip="199205102024212003",
        tanggal_lahir=dt.date(1992, 5, 10), jenis_kelamin="P", tmt_cpns=None,
        golongan=Golongan.objects.get(nama="VII", untuk_pppk=True),
    )  # fmt: skip
    report = quality.agency_report(pppk.instansi.pegawai.all(), quality.Rules.load(today=TODAY))
    assert {k for k, v in report.failing.items() if v} == set()


def test_the_admin_opens_a_figure_to_see_its_rows(client, people, contoh):
    client.force_login(people["admin_contoh"])
    page = client.get(URL).content.decode()
    assert "Kabupaten Contoh" in page and 'data-testid="provisional"' in page
    assert 'href="?instansi=' in page and "cek=nip_tanggal_lahir" in page
    rows = client.get(URL, {"cek": "nip_tanggal_lahir"}).content.decode()
    assert "Eka Salah Lahir" in rows and "menurut NIP 26-09-1986" in rows
    assert "Ani Bersih" not in rows and "Lain Tanpa Pendidikan" not in rows


def test_another_agencys_figures_answer_404(client, people, contoh, wilayah):
    client.force_login(people["admin_contoh"])
    assert client.get(URL, {"instansi": wilayah["kabupaten_lain"].pk}).status_code == 404
    export = reverse("employees:data_quality_export")
    assert client.get(export, {"instansi": wilayah["kabupaten_lain"].pk}).status_code == 404


def test_a_provincial_reviewer_picks_a_kabupaten(client, people, contoh, wilayah):
    client.force_login(people["reviewer_nasional"])
    assert "Pilih instansi" in client.get(URL).content.decode()
    client.force_login(people["reviewer_provinsi"])
    assert 'id="id_instansi"' in client.get(URL).content.decode()
    page = client.get(URL, {"instansi": wilayah["kabupaten"].pk, "cek": "tanpa_unit"})
    assert "Dodi Tanpa Unit" in page.content.decode()
    assert client.get(URL, {"instansi": wilayah["kabupaten_lain"].pk}).status_code == 404


def test_the_rows_are_exported_to_excel_with_nip_as_text_and_formulas_neutralised(
    client, people, contoh
):
    citra = contoh["tanpa_pendidikan"]
    Employee.objects.filter(pk=citra.pk).update(nama='=HYPERLINK("http://x")')
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("employees:data_quality_export"), {"cek": "tanpa_pendidikan"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("NIP", "NAMA", "UNIT KERJA", "DIMENSI", "PEMERIKSAAN", "KETERANGAN")
    assert rows[1][0] == citra.nip and sheet["A2"].number_format == "@"
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][3:5] == ("Kelengkapan", "Pendidikan kosong")
    everything = client.get(reverse("employees:data_quality_export"))
    assert len(list(openpyxl.load_workbook(io.BytesIO(everything.content)).active.rows)) == 8


def test_the_operator_sees_the_page_but_does_not_export(client, people, contoh):
    client.force_login(people["operator_contoh"])
    assert client.get(URL).status_code == 200
    assert client.get(reverse("employees:data_quality_export")).status_code == 403


def test_the_page_and_its_rows_cost_the_same_queries_for_few_or_many_records(
    client, people, contoh, unit_contoh
):
    client.force_login(people["admin_contoh"])
    client.get(URL)  # warm the session
    counts = []
    for _round in range(2):
        for params in ({}, {"cek": "tanpa_pendidikan"}):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(URL, params).status_code == 200
            counts.append(len(queries))
        EmployeeFactory.create_batch(
            60, instansi=unit_contoh.instansi, unit=unit_contoh, pendidikan=None
        )
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_an_agency_without_active_records_says_so(client, people, wilayah, referensi):
    client.force_login(people["admin_lain"])
    assert 'data-testid="quality-empty"' in client.get(URL).content.decode()


def test_the_employee_list_links_to_the_quality_page(client, people, contoh):
    client.force_login(people["admin_contoh"])
    assert URL in client.get(reverse("employees:list")).content.decode()
