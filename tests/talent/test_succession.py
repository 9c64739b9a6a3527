"""Target posts get ranked candidates from the succession group; movement across periods."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from employees.models import Golongan, JenisJabatan, Pendidikan
from talent.compute import period_compute
from talent.models import PerformanceRecord, Placement, TargetPost
from tests.factories import employee_with, make_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(contoh, wilayah):
    kab = wilayah["kabupaten"]
    senior = Golongan.objects.get(nama="IV/a", untuk_pppk=False)
    s2 = Pendidikan.objects.get(kode="45")
    staff = {
        "gilang": employee_with(kab, "Gilang Tujuh", "sangat_baik", "80"),  # box 7
        "hadi": employee_with(kab, "Hadi Delapan", "baik", "93", golongan=senior),  # box 8
        "intan": employee_with(  # box 9, senior and S-2: first among the nines
            kab, "Intan Sembilan", "sangat_baik", "96", golongan=senior, pendidikan=s2
        ),
    }
    period_compute(period=contoh["period"])
    post = TargetPost.objects.create(
        instansi=kab, nama_jabatan="Kepala Bidang Mutasi", kritikal=True
    )
    return {**contoh["staff"], **staff, "post": post}


def test_candidates_come_from_boxes_7_8_9_ranked_by_box_then_rank(client, people, contoh, pool):
    client.force_login(people["operator_contoh"])
    response = client.get(reverse("talent:target_detail", args=[pool["post"].pk]))
    names = [c.placement.employee.nama for c in response.context["candidates"]]
    assert names == [
        "Intan Sembilan",
        "Ani Bintang",
        "Budi Bintang",
        "Hadi Delapan",
        "Gilang Tujuh",
    ]
    first = response.context["candidates"][0]
    assert first.groups == ["instansi", "nasional"]
    html = response.content.decode()
    assert "Kritikal" in html and "Penghargaan" in html


def test_minimum_golongan_narrows_the_candidates(client, people, pool):
    post = pool["post"]
    post.golongan_minimal = Golongan.objects.get(nama="IV/a", untuk_pppk=False)
    post.save()
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:target_detail", args=[post.pk]))
    assert [c.placement.employee.nama for c in response.context["candidates"]] == [
        "Intan Sembilan",
        "Hadi Delapan",
    ]


def test_years_to_retirement_follow_the_job_type_setting(client, people, contoh, pool, wilayah):
    jpt = JenisJabatan.objects.get(kode="jpt_pratama")
    employee_with(
        wilayah["kabupaten"],
        "Joko Pimpinan",
        "sangat_baik",
        "99",
        jenis_jabatan=jpt,
        tanggal_lahir=dt.date(1970, 6, 15),
        nip="197006152000031001",
        tmt_cpns=dt.date(2000, 3, 1),
    )
    period_compute(period=contoh["period"])
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:target_detail", args=[pool["post"].pk]))
    joko = next(
        c for c in response.context["candidates"] if c.placement.employee.nama == "Joko Pimpinan"
    )
    # Born mid-1970, JPT retires at 60 (a period setting): mid-2030, 3 whole years after 31-12-2026.
    assert joko.years_to_retirement == 3


def test_managers_create_target_posts_for_their_own_agency(client, people, contoh):
    client.force_login(people["admin_contoh"])
    response = client.post(
        reverse("talent:target_create"),
        {"nama_jabatan": "Sekretaris Badan", "kritikal": "on"},
    )
    post = TargetPost.objects.get(nama_jabatan="Sekretaris Badan")
    assert response.status_code == 302 and post.instansi == people["admin_contoh"].instansi
    client.force_login(people["operator_contoh"])
    assert client.get(reverse("talent:target_create")).status_code == 403


def test_another_agencys_target_post_is_not_found(client, people, wilayah, contoh):
    other = TargetPost.objects.create(instansi=wilayah["kabupaten_lain"], nama_jabatan="Kabid Lain")
    client.force_login(people["admin_contoh"])
    assert client.get(reverse("talent:target_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("talent:target_edit", args=[other.pk])).status_code == 404
    assert other not in client.get(reverse("talent:target_list")).context["page"]


def test_a_person_page_shows_the_box_across_periods(client, people, contoh, wilayah):
    citra = contoh["staff"]["citra"]
    earlier = make_period(wilayah["kabupaten"], nama="2025", tahun=2025)
    PerformanceRecord.objects.create(employee=citra, tahun=2025, predikat="butuh_perbaikan")
    period_compute(period=earlier)
    client.force_login(people["operator_contoh"])
    response = client.get(reverse("talent:placement_detail", args=[contoh["period"].pk, citra.pk]))
    movement = [(p.period.nama, p.kotak) for p in response.context["movement"]]
    assert movement == [("2025", 3), ("2026", 5)]


def test_the_transition_table_counts_moves_between_periods(client, people, contoh, wilayah):
    staff = contoh["staff"]
    earlier = make_period(wilayah["kabupaten"], nama="2025", tahun=2025)
    PerformanceRecord.objects.create(
        employee=staff["citra"], tahun=2025, predikat="butuh_perbaikan"
    )
    PerformanceRecord.objects.create(employee=staff["ani"], tahun=2025, predikat="sangat_baik")
    period_compute(period=earlier)
    client.force_login(people["operator_contoh"])
    url = reverse("talent:period_transitions", args=[contoh["period"].pk])
    table = client.get(url, {"dari": earlier.pk}).context["table"]
    rows = {box: dict(zip(table["order"], counts, strict=True)) for box, counts, _ in table["rows"]}
    assert rows[3][5] == 1  # Citra: 3 -> 5
    assert rows[9][9] == 1  # Ani stayed in 9
    assert rows[0][9] == 1  # Budi: no SKP 2025 -> 9
    assert table["moved"] == 1 and table["stayed"] == 1
    assert sum(table["totals"]) == Placement.objects.filter(period=contoh["period"]).count()
    # A period of another agency cannot be chosen.
    response = client.get(url, {"dari": contoh["period_lain"].pk})
    assert response.context["table"] is None and response.context["form"].errors
