"""One nine-box vocabulary, and the period's own SKP matrix deciding the predicate."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talent import importing, ninebox
from talent.compute import period_compute
from talent.models import Kinerja, PerformanceRecord, Potensial, Predikat, Rating
from tests.factories import employee_with, make_period

pytestmark = pytest.mark.django_db


def test_the_choices_and_the_importer_words_come_from_ninebox():
    assert Kinerja.values == list(ninebox.KINERJA_TITLE)
    assert [str(label) for label in Kinerja.labels] == list(ninebox.KINERJA_TITLE.values())
    assert Rating is Kinerja
    assert Potensial.values == list(ninebox.POTENSIAL_TITLE)
    assert Predikat.values == list(ninebox.PREDIKAT_LABEL)
    assert importing.RATING_LABEL is ninebox.RATING_TITLE
    assert ninebox.KINERJA_LABEL["atas"] == "di atas ekspektasi"


def test_the_grid_headings_follow_the_vocabulary(client, people, contoh):
    client.force_login(people["admin_contoh"])
    html = client.get(reverse("talent:period_detail", args=[contoh["period"].pk])).content.decode()
    for word in ("Di atas ekspektasi", "Sesuai ekspektasi", "Di bawah ekspektasi", "Menengah"):
        assert word in html


def test_the_period_own_skp_matrix_decides_the_predicate(wilayah, referensi):
    """An agency that counts 'hasil kerja di atas, perilaku sesuai' as Sangat Baik: the
    record saved earlier said Baik from the default matrix; the computation must use the
    period's matrix, not the default."""
    kab = wilayah["kabupaten"]
    employee = employee_with(kab, "Rina Matriks", None, "95")
    record = PerformanceRecord.objects.create(
        employee=employee, tahun=2026, predikat="baik", hasil_kerja="atas", perilaku="sesuai"
    )
    assert record.predikat == "baik"  # no period yet: the default matrix
    period = make_period(kab)
    settings = period.pengaturan
    settings["matriks_predikat"]["atas"]["sesuai"] = "sangat_baik"
    period.pengaturan = settings
    period.save()

    period_compute(period=period)
    placement = period.placements.get(employee=employee)
    assert placement.predikat == "sangat_baik"
    assert placement.kinerja == "atas"
    assert placement.kotak == 9

    # A record saved now takes the period's matrix too.
    record.save()
    assert record.predikat == "sangat_baik"
