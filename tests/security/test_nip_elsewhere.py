"""A NIP registered at another agency (issue 15, finding 6): the messages said "terdaftar pada
instansi lain", and the talent import answered "no employee with this NIP" otherwise, so
anyone with an import could learn which NIPs exist elsewhere. Now they say only that the NIP
cannot be used here and offer a transfer request to the province's reviewer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agencies.models import AuditEvent, User
from employees.models import Employee, TransferRequest
from employees.transfer import NIP_NOT_HERE
from tests.employees.conftest import BUDI, HEADER, xlsx_bytes
from tests.employees.test_import import dry_run
from tests.factories import EmployeeFactory, UserFactory
from tests.talent.test_import import run, xlsx

ELSEWHERE_WORDS = ("instansi lain", "terdaftar", "Kabupaten Lain")


@pytest.fixture
def admin(people):
    return people["admin_contoh"]


def assert_says_only_not_here(message: str) -> None:
    assert message == NIP_NOT_HERE
    for word in ELSEWHERE_WORDS:
        assert word not in message


def test_the_employee_import_says_only_that_the_nip_cannot_be_used_here(
    admin, wilayah, referensi, unit_contoh
):
    EmployeeFactory(nip=BUDI[0], instansi=wilayah["kabupaten_lain"], nama="Orang Lain")
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes([list(HEADER), list(BUDI)]))
    nip_errors = [message for _row, column, message in batch.errors if column == "NIP"]
    assert len(nip_errors) == 1
    assert_says_only_not_here(nip_errors[0])
    assert "permintaan pindah" in NIP_NOT_HERE


def test_the_talent_import_answers_the_same_for_elsewhere_and_nowhere(admin, wilayah, referensi):
    lain = EmployeeFactory(instansi=wilayah["kabupaten_lain"])
    sheet = xlsx(
        [
            ["NIP", "TAHUN", "PREDIKAT", "RATING HASIL KERJA", "RATING PERILAKU"],
            [lain.nip, "2026", "Baik", "", ""],
            ["199001012020011999", "2026", "Baik", "", ""],
        ]
    )
    batch = run(admin, "kinerja", sheet)
    messages = [message for _row, _col, message in batch.errors]
    assert len(messages) == 2
    assert messages[0] == messages[1]
    for word in ELSEWHERE_WORDS:
        assert word not in messages[0]


def test_the_employee_form_says_only_that_the_nip_cannot_be_used_here(
    client, admin, wilayah, referensi
):
    other = EmployeeFactory(instansi=wilayah["kabupaten_lain"])
    client.force_login(admin)
    response = client.post(reverse("employees:create"), {"nip": other.nip, "nama": "Baru"})
    assert response.status_code == 200
    errors = response.context["form"].errors["nip"]
    assert errors == [NIP_NOT_HERE]
    assert reverse("employees:transfer_request") in response.content.decode()


def test_an_admin_asks_the_provinces_reviewer_for_a_transfer(client, admin, people, wilayah):
    client.force_login(admin)
    url = reverse("employees:transfer_request")
    page = client.get(url, {"nip": "198609262015051001"})
    assert page.status_code == 200
    assert "198609262015051001" in page.content.decode()
    response = client.post(
        url, {"nip": "19860926 201505 1 001", "catatan": "Pindah tugas per 1 Desember"}
    )
    assert response.status_code == 302
    request = TransferRequest.objects.get()
    assert (request.nip, request.instansi, request.requested_by) == (
        "198609262015051001",
        wilayah["kabupaten"],
        admin,
    )
    assert AuditEvent.objects.filter(action="employees.transfer_request").exists()
    # The answer is the same whether or not the NIP exists anywhere.
    assert not Employee.objects.filter(nip="198609262015051001").exists()

    client.force_login(people["reviewer_provinsi"])
    listing = client.get(reverse("employees:transfer_list"))
    assert listing.status_code == 200
    assert "198609262015051001" in listing.content.decode()
    assert "Pindah tugas per 1 Desember" in listing.content.decode()

    # Another province's reviewer does not see it.
    client.force_login(people["reviewer_nasional"])
    assert "198609262015051001" in client.get(reverse("employees:transfer_list")).content.decode()
    client.force_login(people["admin_lain"])
    assert client.get(reverse("employees:transfer_list")).status_code == 403


def test_another_provinces_reviewer_does_not_see_the_request(client, admin, wilayah):
    client.force_login(admin)
    client.post(reverse("employees:transfer_request"), {"nip": "198609262015051001"}, follow=True)
    reviewer_lain = UserFactory(
        username="reviewer_lain", role=User.Role.REVIEWER, instansi=wilayah["provinsi_lain"]
    )
    client.force_login(reviewer_lain)
    listing = client.get(reverse("employees:transfer_list"))
    assert "198609262015051001" not in listing.content.decode()


def test_a_malformed_nip_is_refused_with_the_nip_rules(client, admin):
    client.force_login(admin)
    response = client.post(reverse("employees:transfer_request"), {"nip": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["nip"]
    assert not TransferRequest.objects.exists()
