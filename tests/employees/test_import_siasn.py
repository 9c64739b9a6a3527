"""An admin brings BKN's SIASN "Export Data ASN" as it is, PNS and PPPK in one file, through
the browser's screens and through `manage.py impor`."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from employees.importing.models import ImportBatch
from employees.models import Employee

from .conftest import (
    SIASN_AGUS,
    SIASN_BUDI,
    SIASN_DEWI,
    SIASN_HEADERS,
    SIASN_NEWER,
    SIASN_SITI,
    siasn_csv,
    upload,
)

pytestmark = pytest.mark.django_db

UPLOAD = reverse("employees:import_upload", args=["pegawai"])


def test_the_siasn_export_imports_as_it_is_through_the_screens(admin_client):
    content = siasn_csv([SIASN_BUDI, SIASN_SITI, SIASN_DEWI, SIASN_AGUS])
    assert len(SIASN_HEADERS) == 64
    response = admin_client.post(UPLOAD, {"berkas": upload("export-asn.csv", content)}, follow=True)
    page = response.content.decode()
    batch = ImportBatch.objects.get()
    assert batch.errors == [] and batch.count_new == 4, batch.errors
    assert 'data-testid="confirm-import"' in page
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", batch.pk]))

    budi = Employee.objects.get(nip="198609262015051001")  # the apostrophe is gone
    assert (budi.status, budi.golongan.nama, budi.jenis_kelamin) == ("PNS", "III/b", "L")
    assert budi.tanggal_lahir == dt.date(1986, 9, 26) and budi.tmt_cpns == dt.date(2015, 5, 1)
    assert budi.jenis_jabatan.kode == "fungsional" and budi.pendidikan.nama == "S-1"
    assert budi.gelar_depan == "" and budi.tempat_lahir == "MEDAN"  # "null" is empty
    siti = Employee.objects.get(nip="199001152014032002")
    assert siti.tanggal_lahir == dt.date(1990, 1, 15), "ISO dates are read too"
    assert siti.jenis_jabatan.kode == "pelaksana" and siti.pendidikan.nama == "D-III"
    assert siti.unit.nama == "Badan Kepegawaian Daerah" and siti.jenis_kelamin == "P"
    dewi = Employee.objects.get(nip="199205102024212003")
    assert (dewi.status, dewi.golongan.nama, dewi.golongan.untuk_pppk) == ("PPPK", "VII", True)
    agus = Employee.objects.get(nip="199503032025211004")
    assert (agus.status, agus.golongan.nama, agus.pendidikan.nama) == ("PPPK", "V", "SLTA")


def test_the_same_export_through_manage_py_impor(admin_client, wilayah, tmp_path):
    path = tmp_path / "export-asn.csv"
    path.write_bytes(siasn_csv([SIASN_BUDI, SIASN_SITI, SIASN_DEWI, SIASN_AGUS]))
    out = io.StringIO()
    call_command(
        "impor", "pegawai", str(path), "--instansi", "9101", "--apply", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    assert result == {
        "status": "done", "rows": 4, "new": 4, "changed": 0, "unchanged": 0, "skipped": 0,
        "errors": [],
    }  # fmt: skip
    assert Employee.objects.filter(instansi=wilayah["kabupaten"]).count() == 4


def test_a_newer_export_with_eselon_places_a_structural_post(admin_client):
    headers = [*SIASN_HEADERS, *SIASN_NEWER]
    kepala = {
        **SIASN_BUDI, "JENIS JABATAN ID": "1", "JENIS JABATAN NAMA": "Struktural",
        "ESELON ID": "31", "ESELON NAMA": "III.a", "GOL AKHIR NAMA": "IV/a", "FLAG IKD": "1",
    }  # fmt: skip
    admin_client.post(UPLOAD, {"berkas": upload("asn.csv", siasn_csv([kepala], headers=headers))})
    batch = ImportBatch.objects.get()
    assert batch.errors == [] and batch.count_new == 1, batch.errors


def test_a_structural_post_without_an_eselon_asks_for_it(admin_client):
    kepala = {**SIASN_BUDI, "JENIS JABATAN NAMA": "Struktural"}
    admin_client.post(UPLOAD, {"berkas": upload("asn.csv", siasn_csv([kepala]))})
    [[row, column, message]] = ImportBatch.objects.get().errors
    assert (row, column) == (2, "JENIS JABATAN NAMA")
    assert "isi kolom ESELON (I-II JPT, III administrator, IV pengawas)" in message


def test_a_pppk_golongan_id_that_collides_with_a_pns_code_is_read_by_status(admin_client):
    # GOL AKHIR ID 13 is PNS I/c; for a PPPK row it is PPPK XIII.
    dewi = {**SIASN_DEWI, "GOL AKHIR NAMA": "13"}
    admin_client.post(UPLOAD, {"berkas": upload("asn.csv", siasn_csv([dewi]))})
    admin_client.post(
        reverse("employees:import_confirm", args=["pegawai", ImportBatch.objects.get().pk])
    )
    assert Employee.objects.get().golongan.nama == "XIII"


def test_re_importing_the_same_export_changes_nothing(admin_client):
    content = siasn_csv([SIASN_BUDI, SIASN_SITI, SIASN_DEWI, SIASN_AGUS])
    admin_client.post(UPLOAD, {"berkas": upload("export-asn.csv", content)})
    first = ImportBatch.objects.get()
    admin_client.post(reverse("employees:import_confirm", args=["pegawai", first.pk]))
    admin_client.post(UPLOAD, {"berkas": upload("export-asn.csv", content)})
    again = ImportBatch.objects.exclude(pk=first.pk).get()
    assert (again.count_new, again.count_changed, again.count_unchanged) == (0, 0, 4), again.changes
