"""The mapping exported as .xlsx, formula-safe."""

from __future__ import annotations

import io
from email.message import Message

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import AuditEvent
from talent.compute import period_compute, placement_calibrate
from talent.export import formula_safe
from talent.models import Placement
from tests.factories import employee_with

pytestmark = pytest.mark.django_db


def download(client, period) -> list[tuple]:
    response = client.get(reverse("talent:period_export", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('2026.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_export_has_one_row_per_employee_with_box_label_and_recommendation(
    client, people, contoh
):
    period, ani = contoh["period"], contoh["staff"]["ani"]
    placement = Placement.objects.get(period=period, employee=ani)
    placement_calibrate(
        placement=placement, ke_kotak=8, alasan="Sidang komite 12 Mei", actor=people["admin_contoh"]
    )
    client.force_login(people["operator_contoh"])
    rows = download(client, period)
    header, body = rows[0], rows[1:]
    assert header[:3] == ("NIP", "Nama", "Unit kerja") and "Rekomendasi tindak lanjut" in header
    assert len(body) == 6
    by_nip = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    ani_row = by_nip[ani.nip]
    assert ani_row["Kotak hasil hitung"] == 9 and ani_row["Kotak akhir"] == 8
    assert ani_row["Label kotak"] == "Kinerja sesuai ekspektasi dan potensial tinggi"
    assert ani_row["Dikalibrasi"] == "Ya"
    assert ani_row["Alasan kalibrasi terakhir"] == "Sidang komite 12 Mei"
    assert ani_row["Tingkat kinerja"] == "Di atas ekspektasi"
    assert "Rotasi/perluasan jabatan" in ani_row["Rekomendasi tindak lanjut"]
    eko_row = by_nip[contoh["staff"]["eko"].nip]
    assert eko_row["Label kotak"] == "Tidak terpetakan"
    assert "tidak ada SKP tahun 2026" in eko_row["Penjelasan"]
    assert AuditEvent.objects.filter(action="talent.export").exists()


def test_text_that_looks_like_a_formula_is_neutralised(client, people, contoh, wilayah):
    period = contoh["period"]
    sly = employee_with(wilayah["kabupaten"], '=HYPERLINK("http://x")', "baik", "80")
    period_compute(period=period)
    placement = Placement.objects.get(period=period, employee=sly)
    placement_calibrate(
        placement=placement, ke_kotak=4, alasan="@SUM(A1:A2)", actor=people["admin_contoh"]
    )
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:period_export", args=[period.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = next(r for r in sheet.iter_rows() if r[0].value == sly.nip)
    assert row[1].value == '\'=HYPERLINK("http://x")' and row[1].data_type == "s"
    assert row[13].value == "'@SUM(A1:A2)"
    assert row[0].number_format == "@"  # the NIP stays text


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1+1", "'=1+1"), ("+62", "'+62"), ("-5", "'-5"), ("@x", "'@x"), ("Budi", "Budi"), (5, 5)],
)
def test_formula_safe(value, safe):
    assert formula_safe(value) == safe


def test_a_period_named_with_a_slash_still_downloads(client, people, contoh):
    """'Semester I/2026' is a natural period name; the slash may neither break the sheet
    nor the file name."""
    period = contoh["period"]
    period.nama = "Semester I/2026"
    period.save(update_fields=["nama"])
    client.force_login(people["operator_contoh"])
    response = client.get(reverse("talent:period_export", args=[period.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('Semester I-2026.xlsx"')
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 7


def test_a_quote_in_the_period_name_cannot_add_a_second_filename(client, people, contoh):
    period = contoh["period"]
    period.nama = '2026"; filename="jahat.exe'
    period.save(update_fields=["nama"])
    client.force_login(people["operator_contoh"])
    response = client.get(reverse("talent:period_export", args=[period.pk]))
    header = Message()
    header["Content-Disposition"] = response["Content-Disposition"]
    # One file name, quote and all, ending in .xlsx: no second "filename" parameter.
    assert header.get_filename().endswith('-2026"; filename="jahat.exe.xlsx')
    assert [key for key, _value in header.get_params(header="Content-Disposition")] == [
        "attachment",
        "filename",
    ]
