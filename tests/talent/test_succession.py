"""Succession for a target post: only eligible candidates, each rule explained in "why not",
readiness from box and JPM, bench strength; plus movement across periods."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from core import facts as registry
from employees.models import (
    Golongan,
    HasilKompetensi,
    JenisJabatan,
    Kompetensi,
    NilaiKompetensi,
    Pendidikan,
)
from talent import succession
from talent.compute import period_compute
from talent.models import (
    HukumanDisiplin,
    PerformanceRecord,
    Placement,
    StandarKompetensi,
    StandarKompetensiLevel,
    TargetPost,
)
from tests.factories import employee_with, make_period

pytestmark = pytest.mark.django_db


def gol(nama: str) -> Golongan:
    return Golongan.objects.get(nama=nama, untuk_pppk=False)


def jenis(kode: str) -> JenisJabatan:
    return JenisJabatan.objects.get(kode=kode)


@pytest.fixture
def pool(contoh, wilayah):
    """Kepala Bidang Mutasi (administrator: from pengawas or functional ahli muda/madya,
    golongan III/d and S-1 by default) and one employee per rule. Ani and Budi of the contoh
    fixture are box-9 staff (pelaksana): never candidates."""
    kab = wilayah["kabupaten"]
    s1, s2, d3 = (Pendidikan.objects.get(kode=k) for k in ("40", "45", "30"))
    pengawas = {"jenis_jabatan": jenis("pengawas"), "golongan": gol("IV/a"), "pendidikan": s1}
    staff = {
        "intan": employee_with(
            kab, "Intan Sembilan", "sangat_baik", "96", **{**pengawas, "pendidikan": s2}
        ),
        "hadi": employee_with(
            kab,
            "Hadi Delapan",
            "baik",
            "93",
            jenis_jabatan=jenis("fungsional"),
            jenjang_fungsional="ahli_madya",
            golongan=gol("IV/a"),
        ),
        "gilang": employee_with(
            kab, "Gilang Tujuh", "sangat_baik", "80", **{**pengawas, "golongan": gol("III/d")}
        ),
        "pertama": employee_with(
            kab,
            "Putri Pertama",
            "sangat_baik",
            "95",
            jenis_jabatan=jenis("fungsional"),
            jenjang_fungsional="ahli_pertama",
            golongan=gol("IV/a"),
        ),
        "muda_golongan": employee_with(
            kab, "Rudi Golongan", "sangat_baik", "95", **{**pengawas, "golongan": gol("III/c")}
        ),
        "diploma": employee_with(
            kab, "Dewi Diploma", "sangat_baik", "95", **{**pengawas, "pendidikan": d3}
        ),
        "pensiun": employee_with(
            kab,
            "Bambang Pensiun",
            "sangat_baik",
            "95",
            **pengawas,
            tanggal_lahir=dt.date(1969, 3, 10),
            tmt_cpns=dt.date(1995, 3, 1),
        ),
        "hampir": employee_with(
            kab,
            "Slamet Hampir",
            "sangat_baik",
            "94",
            **pengawas,
            tanggal_lahir=dt.date(1971, 6, 1),
            tmt_cpns=dt.date(1997, 3, 1),
        ),
        "hukuman": employee_with(kab, "Hendra Hukuman", "sangat_baik", "95", **pengawas),
        "kotak5": employee_with(kab, "Lestari Lima", "baik", "84", **pengawas),
        "tanpa_skp": employee_with(kab, "Nur Tanpa SKP", None, "95", **pengawas),
    }
    HukumanDisiplin.objects.create(
        employee=staff["hukuman"], tingkat="sedang", tanggal=dt.date(2025, 6, 1)
    )
    period_compute(period=contoh["period"])
    post = TargetPost.objects.create(
        instansi=kab,
        nama_jabatan="Kepala Bidang Mutasi",
        jenis_jabatan=jenis("administrator"),
        kritikal=True,
    )
    return {**contoh["staff"], **staff, "post": post}


def names(response) -> list[str]:
    return [c.orang.nama for c in response.context["page"]]


def test_only_eligible_candidates_are_listed_ranked_by_box(client, people, contoh, pool):
    client.force_login(people["operator_contoh"])
    response = client.get(reverse("talent:target_detail", args=[pool["post"].pk]))
    # Without any JPM nobody is "siap sekarang"; the box orders them, then the SKP predicate.
    assert names(response) == ["Intan Sembilan", "Slamet Hampir", "Hadi Delapan", "Gilang Tujuh"]
    first = response.context["page"][0]
    assert first.groups == ["instansi", "nasional"]
    assert first.kesiapan.nama == "Siap 1-2 tahun"
    assert first.kesiapan.alasan == "kotak 9; JPM ke jabatan target belum ada"
    html = response.content.decode()
    assert "Kritikal" in html and "sementara" in html
    assert "Ani Bintang" not in html  # a box-9 clerk is not a candidate for a Kepala Bidang


def test_a_candidate_near_retirement_is_flagged(client, people, pool):
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:target_detail", args=[pool["post"].pk]))
    slamet = next(c for c in response.context["page"] if c.orang.nama == "Slamet Hampir")
    # Born 1 June 1971, BUP 58: retires 1 June 2029, 2 whole years after 31-12-2026.
    assert slamet.years_to_retirement == 2 and slamet.ditandai_pensiun
    assert 'data-testid="retirement-flag"' in response.content.decode()


WHY_NOT = {
    "pelaksana": (
        "ani",
        "jabatan Pelaksana bukan jalur ke Administrator; yang dapat dipromosikan: Pengawas, "
        "Fungsional Ahli Muda/Ahli Madya",
    ),
    "jenjang": (
        "pertama",
        "jabatan Fungsional Ahli Pertama bukan jalur ke Administrator; yang dapat "
        "dipromosikan: Pengawas, Fungsional Ahli Muda/Ahli Madya",
    ),
    "golongan": ("muda_golongan", "golongan III/c di bawah minimal III/d"),
    "pendidikan": ("diploma", "pendidikan D-III di bawah minimal S-1"),
    "pensiun": ("pensiun", "pensiun dalam 0 tahun (kurang dari 2 tahun pada 31-12-2026)"),
    "hukuman": ("hukuman", "hukuman disiplin sedang tanggal 01-06-2025 (dalam 2 tahun terakhir)"),
    "kotak": ("kotak5", "kotak 5 bukan kelompok rencana suksesi instansi (9, 8, 7)"),
    "terpetakan": ("tanpa_skp", "tidak terpetakan (tidak ada SKP tahun 2026)"),
}


@pytest.mark.parametrize("rule", list(WHY_NOT))
def test_each_rule_keeps_a_person_out_and_why_not_says_so(client, people, contoh, pool, rule):
    key, text = WHY_NOT[rule]
    employee = pool[key]
    client.force_login(people["admin_contoh"])
    url = reverse("talent:target_detail", args=[pool["post"].pk])
    response = client.get(url, {"cek": employee.nip})
    assert employee.nama not in names(response)
    (answer,) = response.context["why"]
    assert text in [a.teks for a in answer.alasan]
    assert text in response.content.decode()


def test_an_inactive_employee_is_not_a_candidate(client, people, pool):
    pool["intan"].deactivate("pindah")
    result = succession.why_not(
        pool["post"], pool["post"].instansi.periode_talenta.get(nama="2026"), pool["intan"]
    )
    assert [a.teks for a in result.alasan] == ["pegawai tidak aktif"]
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:target_detail", args=[pool["post"].pk]))
    assert "Intan Sembilan" not in names(response)


def test_why_not_for_an_eligible_person_gives_the_readiness(client, people, pool):
    client.force_login(people["admin_contoh"])
    url = reverse("talent:target_detail", args=[pool["post"].pk])
    (answer,) = client.get(url, {"cek": "Hadi Delapan"}).context["why"]
    assert answer.alasan == [] and answer.kesiapan.nama == "Siap 1-2 tahun"


def test_the_post_own_minimum_golongan_overrides_the_path_default(client, people, pool):
    post = pool["post"]
    post.golongan_minimal = gol("IV/a")
    post.save()
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:target_detail", args=[post.pk]))
    assert names(response) == ["Intan Sembilan", "Slamet Hampir", "Hadi Delapan"]


def give_jpm(post, employee, level: int) -> None:
    """A standard of 3 on the nine competencies for the post, and `level` on each for the
    employee: JPM = level / 3."""
    standar = (
        StandarKompetensi.objects.create(instansi=post.instansi, nama_jabatan=post.nama_jabatan)
        if not StandarKompetensi.objects.filter(nama_jabatan=post.nama_jabatan).exists()
        else (StandarKompetensi.objects.get(nama_jabatan=post.nama_jabatan))
    )
    hasil = HasilKompetensi.objects.create(employee=employee, tanggal=dt.date(2026, 5, 1))
    for kompetensi in Kompetensi.objects.all():
        StandarKompetensiLevel.objects.get_or_create(
            standar=standar, kompetensi=kompetensi, defaults={"level": 3}
        )
        NilaiKompetensi.objects.create(hasil=hasil, kompetensi=kompetensi, level=level)


def test_jpm_to_the_target_decides_readiness_and_ranks_before_the_predicate(client, people, pool):
    post = pool["post"]
    give_jpm(post, pool["hadi"], 3)  # 100 %: optimal, box 8 -> siap sekarang
    give_jpm(post, pool["intan"], 2)  # 66,66 %: kurang optimal, box 9 -> masa depan
    client.force_login(people["admin_contoh"])
    response = client.get(reverse("talent:target_detail", args=[post.pk]))
    page = list(response.context["page"])
    assert [(c.orang.nama, c.kesiapan.kode) for c in page] == [
        ("Hadi Delapan", "siap_sekarang"),
        ("Slamet Hampir", "siap_1_2_tahun"),
        ("Gilang Tujuh", "siap_1_2_tahun"),
        ("Intan Sembilan", "masa_depan"),
    ]
    assert page[0].kesiapan.alasan == "kotak 8; JPM 100 % (Optimal)"


def test_bench_strength_lists_posts_without_a_ready_successor(
    client, people, pool, wilayah, django_assert_max_num_queries
):
    TargetPost.objects.create(
        instansi=wilayah["kabupaten"],
        nama_jabatan="Kepala Badan Kepegawaian",
        jenis_jabatan=jenis("jpt_pratama"),
    )
    give_jpm(pool["post"], pool["hadi"], 3)
    client.force_login(people["admin_contoh"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("talent:bench_strength"))
    rows = {row.post.nama_jabatan: row for row in response.context["rows"]}
    assert rows["Kepala Bidang Mutasi"].siap_sekarang == 1
    assert rows["Kepala Bidang Mutasi"].total == 4
    assert rows["Kepala Badan Kepegawaian"].total == 0
    assert response.context["tanpa_siap"] == 1
    assert "1 dari 2 jabatan target tanpa penerus yang siap sekarang" in response.content.decode()


def test_the_ready_successor_fact_counts_posts_with_someone_ready_now(
    people, pool, wilayah, django_assert_max_num_queries
):
    """The assessment's fact (#14) is bench strength's rule: the share rises when a ready
    successor appears, and its queries do not grow with the number of posts."""
    kab = wilayah["kabupaten"]
    TargetPost.objects.create(
        instansi=kab, nama_jabatan="Kepala Badan Kepegawaian", jenis_jabatan=jenis("jpt_pratama")
    )
    before = fact_for(kab, 2026)
    assert (before.numerator, before.denominator, before.value) == (0, 2, 0.0)
    give_jpm(pool["post"], pool["hadi"], 3)  # box 8 with JPM 100 %: siap sekarang
    with django_assert_max_num_queries(14) as captured:
        after = fact_for(kab, 2026)
    assert (after.numerator, after.denominator, after.value) == (1, 2, 50.0)
    for number in range(5):
        TargetPost.objects.create(instansi=kab, nama_jabatan=f"Kepala Seksi {number}")
    with django_assert_max_num_queries(len(captured)):
        assert fact_for(kab, 2026).denominator == 7
    # A mapping of an earlier cycle does not count for a later year.
    assert fact_for(kab, 2028).numerator == 0


def fact_for(instansi, year: int):
    return registry.compute(["jabatan_target_siap"], instansi.pk, year)["jabatan_target_siap"]


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
