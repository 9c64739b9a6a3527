"""Admins keep their agency's ASN records in the browser; others read; nobody crosses agencies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employees.models import Employee, Golongan
from tests.factories import EmployeeFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def budi(people, referensi, wilayah, unit_contoh):
    return EmployeeFactory(
        nip="198609262015051001", nama="Budi Santoso", instansi=wilayah["kabupaten"],
        unit=unit_contoh,
    )  # fmt: skip


@pytest.fixture
def orang_lain(people, referensi, wilayah):
    return EmployeeFactory(
        nip="199001152014032002", nama="Siti Lain", jenis_kelamin="P",
        tanggal_lahir=dt.date(1990, 1, 15), tmt_cpns=dt.date(2014, 3, 1),
        instansi=wilayah["kabupaten_lain"],
    )  # fmt: skip


def form_data(**overrides) -> dict:
    data = {
        "nip": "19860926 201505 1 001",
        "nama": "Budi Santoso",
        "jenis_kelamin": "L",
        "tanggal_lahir": "1986-09-26",
        "status": "PNS",
        "golongan": Golongan.objects.get(nama="III/a", untuk_pppk=False).pk,
        "tmt_cpns": "2015-05-01",
    }
    data.update(overrides)
    return data


LIST = reverse("employees:list")


def test_anonymous_visitors_are_sent_to_login(client, budi):
    urls = [
        LIST,
        reverse("employees:detail", args=[budi.pk]),
        reverse("employees:create"),
        reverse("employees:edit", args=[budi.pk]),
        reverse("employees:export", args=["xlsx"]),
        reverse("employees:import_upload", args=["pegawai"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"], url


@pytest.mark.parametrize("username", ["operator_contoh", "admin_contoh", "reviewer_provinsi"])
def test_people_of_the_agency_and_its_reviewers_read_the_list(
    client, people, budi, orang_lain, username
):
    client.force_login(people[username])
    page = client.get(LIST).content.decode()
    assert "Budi Santoso" in page and "Siti Lain" not in page


def test_another_agencys_record_answers_404(client, people, budi, orang_lain):
    client.force_login(people["admin_contoh"])
    for name in ["detail", "edit", "deactivate", "reactivate"]:
        assert client.get(reverse(f"employees:{name}", args=[orang_lain.pk])).status_code == 404
    client.force_login(people["operator_lain"])
    assert client.get(reverse("employees:detail", args=[budi.pk])).status_code == 404


def test_operators_and_reviewers_read_but_do_not_change(client, people, budi):
    for username in ["operator_contoh", "reviewer_provinsi"]:
        client.force_login(people[username])
        assert client.get(reverse("employees:detail", args=[budi.pk])).status_code == 200
        assert client.get(reverse("employees:edit", args=[budi.pk])).status_code == 403
        assert client.post(reverse("employees:create"), form_data()).status_code == 403
        assert client.get(reverse("employees:import_upload", args=["pegawai"])).status_code == 403


def test_search_by_nip_or_name_and_filters(client, people, budi, referensi, wilayah):
    other_unit = UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Dinas Pendidikan")
    EmployeeFactory(nama="Ani Guru", instansi=wilayah["kabupaten"], unit=other_unit,
                    jenis_kelamin="P", status="PNS")  # fmt: skip
    client.force_login(people["admin_contoh"])
    page = client.get(LIST, {"q": "19860926 201505 1 001"}).content.decode()
    assert "Budi Santoso" in page and "Ani Guru" not in page
    page = client.get(LIST, {"q": "ani"}).content.decode()
    assert "Ani Guru" in page and "Budi Santoso" not in page
    page = client.get(LIST, {"unit": other_unit.pk}).content.decode()
    assert "Ani Guru" in page and "Budi Santoso" not in page
    page = client.get(LIST, {"urut": "-nama"}).content.decode()
    assert page.index("Budi Santoso") < page.index("Ani Guru")


def test_inactive_records_are_hidden_unless_asked_for(client, people, budi):
    budi.deactivate("pensiun")
    client.force_login(people["admin_contoh"])
    assert "Budi Santoso" not in client.get(LIST).content.decode()
    assert "Budi Santoso" in client.get(LIST, {"aktif": "tidak"}).content.decode()


def test_the_list_runs_the_same_queries_for_few_or_many_employees(client, people, budi, wilayah):
    client.force_login(people["reviewer_provinsi"])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, {"urut": "golongan"}).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    units = [UnitKerjaFactory(instansi=wilayah["kota"]) for _ in range(3)]
    for i in range(60):
        EmployeeFactory(instansi=wilayah["kota"], unit=units[i % 3])
    assert count() == few


def test_the_detail_shows_who_changed_what_and_when(client, people, budi):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("employees:edit", args=[budi.pk]),
        form_data(golongan=Golongan.objects.get(nama="III/b", untuk_pppk=False).pk,
                  jabatan="Analis SDM Aparatur"),
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(reverse("employees:detail", args=[budi.pk])).content.decode()
    history = page[page.index('data-testid="history"') :]
    assert "Admin Contoh" in history and "Data diubah" in history
    assert "III/a" in history and "III/b" in history and "Analis SDM Aparatur" in history


def test_the_detail_history_costs_the_same_queries_however_long(client, people, budi):
    client.force_login(people["admin_contoh"])
    url = reverse("employees:detail", args=[budi.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        return len(ctx.captured_queries)

    few = count()
    for i in range(5):
        budi.jabatan = f"Jabatan {i}"
        budi.save()
    assert count() == few


def test_an_admin_adds_a_record_and_nip_spaces_are_removed(client, people, referensi, unit_contoh):
    client.force_login(people["admin_contoh"])
    response = client.post(reverse("employees:create"), form_data(unit=unit_contoh.pk))
    employee = Employee.objects.get()
    assert response["Location"] == reverse("employees:detail", args=[employee.pk])
    assert employee.nip == "198609262015051001" and employee.instansi == unit_contoh.instansi


def test_each_nip_problem_is_shown_under_the_nip_field(client, people, referensi):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("employees:create"),
        form_data(nip="198609262015131001", jenis_kelamin="P", tanggal_lahir="1986-09-27"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["nip"]
    assert any("tahun-bulan TMT CPNS" in e for e in errors)
    assert any("Jenis kelamin (perempuan) tidak sesuai" in e for e in errors)
    assert any("Tanggal lahir (27-09-1986) tidak sesuai" in e for e in errors)
    assert not Employee.objects.exists()


def test_a_unit_of_another_agency_cannot_be_chosen(client, people, referensi, wilayah):
    foreign = UnitKerjaFactory(instansi=wilayah["kabupaten_lain"])
    client.force_login(people["admin_contoh"])
    response = client.post(reverse("employees:create"), form_data(unit=foreign.pk))
    assert "unit" in response.context["form"].errors
    assert not Employee.objects.exists()


def test_deactivation_asks_for_confirmation_and_a_reason(client, people, budi):
    client.force_login(people["admin_contoh"])
    url = reverse("employees:deactivate", args=[budi.pk])
    page = client.get(url).content.decode()
    assert "Nonaktifkan pegawai?" in page
    budi.refresh_from_db()
    assert budi.aktif, "looking at the confirmation changes nothing"
    response = client.post(url, {"alasan": ""})
    assert response.status_code == 200 and "alasan" in response.context["form"].errors
    client.post(url, {"alasan": "pensiun", "keterangan": "SK 800/123/2026"})
    budi.refresh_from_db()
    assert not budi.aktif and budi.alasan_nonaktif == "pensiun"
    assert Employee.objects.filter(pk=budi.pk).exists(), "never deleted"
    assert budi.history.first().history_user == people["admin_contoh"]
    client.post(reverse("employees:reactivate", args=[budi.pk]))
    budi.refresh_from_db()
    assert budi.aktif and budi.alasan_nonaktif == ""


def test_the_menu_and_dashboard_lead_to_the_records(client, people):
    client.force_login(people["admin_contoh"])
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="nav-pegawai"' in page and "Impor data pegawai" in page
    client.force_login(people["operator_contoh"])
    page = client.get(reverse("dashboard")).content.decode()
    assert 'data-testid="nav-pegawai"' in page and "Impor data pegawai" not in page


def test_a_reviewer_filters_by_agency_then_by_its_units(client, people, budi, wilayah):
    client.force_login(people["reviewer_provinsi"])
    form = client.get(LIST).context["form"]
    assert not form.fields["unit"].queryset.exists(), "no thousands of units before a choice"
    kabupaten = wilayah["kabupaten"]
    response = client.get(LIST, {"instansi": kabupaten.pk, "unit": budi.unit_id})
    assert list(response.context["form"].fields["unit"].queryset) == [budi.unit]
    assert "Budi Santoso" in response.content.decode()


def test_a_pppk_employees_page_names_the_appointment_date_tmt_pppk(client, people, budi, wilayah):
    """PPPK are appointed without a CPNS period: their date is not a TMT CPNS."""
    dewi = EmployeeFactory(
        nip="199205102024212003", nama="Dewi Lestari", jenis_kelamin="P", status="PPPK",
        tanggal_lahir=dt.date(1992, 5, 10), tmt_cpns=dt.date(2024, 3, 1),
        golongan=Golongan.objects.get(nama="VII", untuk_pppk=True), instansi=wilayah["kabupaten"],
    )  # fmt: skip
    client.force_login(people["admin_contoh"])
    page = client.get(reverse("employees:detail", args=[dewi.pk])).content.decode()
    assert "TMT PPPK" in page and "TMT CPNS" not in page
    assert "1 Mar 2024" in page  # the one date format (core.formats)
    page = client.get(reverse("employees:detail", args=[budi.pk])).content.decode()
    assert "TMT CPNS" in page and "TMT PPPK" not in page
