"""The talent pool page (agency and national succession groups from the box map settings)
with filters and export; the not-mappable list with counts per reason, export and a link to
add the missing data."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [p.employee.nama for p in response.context["page"]]


def test_the_agency_pool_holds_boxes_7_to_9_and_the_national_only_9(client, people, contoh):
    client.force_login(people["operator_contoh"])
    url = reverse("talent:talent_pool", args=[contoh["period"].pk])
    assert names(client.get(url)) == ["Ani Bintang", "Budi Bintang"]
    response = client.get(url, {"kelompok": "nasional"})
    assert names(response) == ["Ani Bintang", "Budi Bintang"]
    period = contoh["period"]
    settings = period.pengaturan
    settings["kelompok_suksesi"]["nasional"] = []
    period.pengaturan = settings
    period.save()
    assert names(client.get(url, {"kelompok": "nasional"})) == []


def test_the_pool_filters_by_unit_and_exports_what_is_shown(client, people, contoh):
    client.force_login(people["operator_contoh"])
    period = contoh["period"]
    bkd = contoh["units"]["bkd"].pk
    url = reverse("talent:talent_pool", args=[period.pk])
    assert names(client.get(url, {"unit": bkd})) == ["Ani Bintang"]
    response = client.get(reverse("talent:pool_export", args=[period.pk]), {"unit": bkd})
    sheet = load_workbook(io.BytesIO(b"".join(response))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "NIP" and [r[1] for r in rows[1:]] == ["Ani Bintang"]


def test_not_mappable_counts_per_reason_and_links_to_the_missing_data(client, people, contoh):
    client.force_login(people["admin_contoh"])
    period = contoh["period"]
    response = client.get(reverse("talent:not_mappable", args=[period.pk]))
    assert response.context["counts"] == [
        ("tanpa_skp", "tidak ada SKP tahun periode", 1),
        ("tanpa_potensial", "tidak ada data potensial", 1),
    ]
    html = response.content.decode()
    eko = contoh["staff"]["eko"]
    link = reverse("talent:record_create", args=["kinerja"]) + f"?nip={eko.nip}"
    assert link in html
    form = client.get(link).context["form"]
    assert form["nip"].value() == eko.nip

    only = client.get(reverse("talent:not_mappable", args=[period.pk]), {"alasan": "tanpa_skp"})
    assert names(only) == ["Eko Tanpa SKP"]
    export = client.get(reverse("talent:not_mappable_export", args=[period.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(export))).active
    assert sorted(r[1] for r in list(sheet.iter_rows(values_only=True))[1:]) == [
        "Eko Tanpa SKP",
        "Fitri Tanpa Asesmen",
    ]
