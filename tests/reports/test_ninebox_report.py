"""The nine-box report PDF of one agency and period, read back as text."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talent.compute import period_compute
from talent.models import TargetPost
from tests.factories import employee_with

from .conftest import pdf_text

pytestmark = pytest.mark.django_db


def url(period) -> str:
    return f"/talenta/periode/{period.pk}/laporan.pdf"


@pytest.fixture
def report_world(contoh, wilayah):
    TargetPost.objects.create(
        instansi=wilayah["kabupaten"], nama_jabatan="Kepala Bidang Mutasi", kritikal=True
    )
    return contoh


def test_the_report_shows_grid_pool_succession_and_units(client, people, report_world):
    period = report_world["period"]
    client.force_login(people["operator_contoh"])
    response = client.get(url(period))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_text(response.content)
    text = "\n".join(pages)
    assert "Laporan Pemetaan Talenta (Nine-Box)" in text
    assert "Kabupaten Contoh" in text
    assert "Matriks sembilan kotak" in text
    # Ani and Budi are in box 9 (the talent pool), both listed with their box.
    assert re.search(r"Ani Bintang \d{18} Badan Kepegawaian Daerah 9", text)
    assert "Budi Bintang" in text
    assert "Dedi Bawah" not in text.split("Talent pool")[1].split("Kandidat suksesi")[0]
    assert "Kepala Bidang Mutasi" in text
    assert "Sebaran per unit kerja" in text
    assert "Dinas Kesehatan" in text
    assert f"Halaman 1 dari {len(pages)}" in pages[0]
    assert "Lain Orang" not in text


def test_another_agency_gets_404_and_anonymous_logs_in(client, people, report_world):
    period = report_world["period"]
    client.force_login(people["operator_lain"])
    assert client.get(url(period)).status_code == 404
    client.logout()
    response = client.get(url(period))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_the_report_runs_a_fixed_number_of_queries(client, people, report_world, wilayah):
    period = report_world["period"]
    client.force_login(people["operator_contoh"])
    client.get(url(period))
    with CaptureQueriesContext(connection) as few:
        client.get(url(period))
    for n in range(6):
        employee_with(wilayah["kabupaten"], f"Tambahan {n}", "sangat_baik", "95")
    period_compute(period=period)
    with CaptureQueriesContext(connection) as many:
        client.get(url(period))
    assert len(many) == len(few)


def test_the_grid_labels_its_rows_and_columns(client, people, report_world):
    client.force_login(people["operator_contoh"])
    response = client.get(url(report_world["period"]))
    text = " ".join(" ".join(pdf_text(response.content)).split())
    for row in ("di atas ekspektasi", "sesuai ekspektasi", "di bawah ekspektasi"):
        assert f"Kinerja {row}" in text
    for column in ("rendah", "menengah", "tinggi"):
        assert f"Potensial {column}" in text
    # Rows top to bottom from the highest kinerja, as on the grid page.
    assert (
        text.index("Kinerja di atas")
        < text.index("Kinerja sesuai")
        < text.index("Kinerja di bawah")
    )
