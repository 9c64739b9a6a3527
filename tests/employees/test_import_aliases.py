"""The words agencies write for golongan, education, job type, sex and status are data: the
alias table (fixtures/referensi.json) that a superadmin extends in the admin, no code change.
Case, spaces and punctuation do not matter; an unknown word lists the accepted ones."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from employees.importing import services
from employees.importing.models import ImportBatch
from employees.models import Alias, Employee

from .conftest import upload, xlsx_bytes

pytestmark = pytest.mark.django_db

PNS_NIP, PPPK_NIP = "198609262015051001", "199205102024212003"


@pytest.fixture
def admin(people, referensi, unit_contoh):
    return people["admin_contoh"]


def imported(admin, column: str, cell: str, *, nip: str = PNS_NIP, status: str = "PNS"):
    """Import one employee whose `column` holds `cell`; the stored record, or the errors."""
    batch = services.start_batch(
        kind="pegawai",
        instansi=admin.instansi,
        user=admin,
        upload=upload("pegawai.xlsx", xlsx_bytes([["NIP", "NAMA", column], [nip, "Uji", cell]])),
        status=status,
    )
    batch.refresh_from_db()
    if batch.errors:
        return batch.errors
    assert services.confirm_batch(batch)
    return Employee.objects.get(nip=nip)


@pytest.mark.parametrize(
    "written",
    ["III/a", "IIIa", "III-a", "III.a", "iii a", "3a", "3/a", "Penata Muda / III a", "31"],
)
def test_golongan_pns_in_every_spelling(admin, written):
    assert imported(admin, "GOL/RUANG", written).golongan.nama == "III/a"


@pytest.mark.parametrize(("written", "name"), [("IX", "IX"), ("xvii", "XVII"), ("9", "IX")])
def test_golongan_pppk_by_roman_name_or_siasn_id(admin, written, name):
    employee = imported(admin, "GOL/RUANG", written, nip=PPPK_NIP, status="PPPK")
    assert employee.golongan.nama == name and employee.golongan.untuk_pppk


@pytest.mark.parametrize(
    ("written", "name"),
    [
        ("SD", "SD"), ("SLTP", "SLTP"), ("SMP", "SLTP"), ("SMA", "SLTA"), ("SMK", "SLTA"),
        ("MA", "SLTA"), ("D3", "D-III"), ("D-3", "D-III"), ("DIII", "D-III"),
        ("D.III", "D-III"), ("Diploma III/Sarjana Muda", "D-III"), ("D4", "D-IV"),
        ("S1", "S-1"), ("S-1", "S-1"), ("S.1", "S-1"), ("Sarjana", "S-1"),
        ("S-1/Sarjana", "S-1"), ("S2", "S-2"), ("Magister", "S-2"), ("S3", "S-3"),
        ("Doktor", "S-3"), ("40", "S-1"),
    ],
)  # fmt: skip
def test_education_in_every_spelling(admin, written, name):
    assert imported(admin, "PENDIDIKAN", written).pendidikan.nama == name


@pytest.mark.parametrize(
    ("written", "kode"),
    [
        ("Fungsional Tertentu", "fungsional"), ("Fungsional Umum", "pelaksana"),
        ("JFT", "fungsional"), ("Pelaksana", "pelaksana"), ("JPT Pratama", "jpt_pratama"),
        ("administrator", "administrator"),
    ],
)  # fmt: skip
def test_job_types_in_siasns_words_and_ours(admin, written, kode):
    assert imported(admin, "JENIS JABATAN", written).jenis_jabatan.kode == kode


@pytest.mark.parametrize(
    ("written", "sex"),
    [("L", "L"), ("M", "L"), ("Laki-laki", "L"), ("PRIA", "L"), ("1", "L")],
)
def test_sex_in_every_spelling_for_a_man(admin, written, sex):
    assert imported(admin, "JENIS KELAMIN", written).jenis_kelamin == sex


@pytest.mark.parametrize("written", ["P", "F", "Perempuan", "wanita", "2"])
def test_sex_in_every_spelling_for_a_woman(admin, written):
    employee = imported(admin, "JENIS KELAMIN", written, nip=PPPK_NIP, status="PPPK")
    assert employee.jenis_kelamin == "P"


def test_an_unknown_word_lists_the_accepted_ones(admin):
    [[row, column, message]] = imported(admin, "PENDIDIKAN", "Pesantren")
    assert (row, column) == (2, "PENDIDIKAN")
    assert message.startswith("Pendidikan 'Pesantren' tidak dikenal; nilai yang diterima: SD, ")
    assert "S-3" in message and "SMA" in message


def test_a_superadmin_adds_a_word_in_the_admin_and_the_next_import_knows_it(admin, client, people):
    assert imported(admin, "PENDIDIKAN", "Pesantren")  # errors
    client.force_login(people["superadmin"])
    response = client.post(
        reverse("admin:employees_alias_add"),
        {"family": "pendidikan", "alias": "Pesantren", "value": "15"},
    )
    assert response.status_code == 302
    assert Alias.objects.filter(alias="Pesantren").exists()
    assert imported(admin, "PENDIDIKAN", "Pesantren").pendidikan.nama == "SLTA"
    assert ImportBatch.objects.count() == 2


def test_reloading_the_reference_data_keeps_the_aliases_a_superadmin_added(admin):
    Alias.objects.create(family="pendidikan", alias="Pesantren", value="15")
    count = Alias.objects.count()
    call_command("loaddata", "referensi", verbosity=0)
    assert Alias.objects.count() == count
    assert Alias.objects.filter(alias="Pesantren").exists()
