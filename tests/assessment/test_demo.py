"""The demo assessments: both regimes, varied states, built once however often the demo runs;
Kabupaten Contoh has no 2026 assessment so that operator_contoh can create it."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from agencies import demo as agencies_demo
from agencies.models import User
from assessment import coaching
from assessment.demo import SURVEY_DEMO, populate_demo
from assessment.models import Assessment, Commitment, FollowUp

pytestmark = pytest.mark.django_db


def test_the_demo_builds_assessments_in_both_regimes_once(client):
    agencies, _accounts = agencies_demo.populate()
    out = io.StringIO()
    assert populate_demo(agencies, stdout=out) == 4
    assert "Penilaian demo dibuat: 4" in out.getvalue()
    states = {
        (a.instansi.nama, a.year): (a.instrument.code, a.status) for a in Assessment.objects.all()
    }
    assert states == {
        ("Kabupaten Contoh", 2025): ("merit-2019", "final"),
        ("Kabupaten Sukamaju", 2025): ("merit-2019", "final"),
        ("Kota Harapan", 2026): ("merit-2026", "draft"),
        ("Kabupaten Sukamaju", 2026): ("merit-2026", "submitted"),
    }
    final = Assessment.objects.get(instansi__nama="Kabupaten Contoh", year=2025)
    assert final.verified_total is not None and final.verified_total < final.self_total
    in_progress = Assessment.objects.get(instansi__nama=SURVEY_DEMO[0], year=SURVEY_DEMO[1])
    assert 0 < in_progress.answers.exclude(level=None).count() < in_progress.answers.count()
    assert in_progress.survey_score is None
    national = Assessment.objects.get(instansi__nama="Kabupaten Sukamaju", year=2026)
    assert (national.survey_source, national.survey_responses) == ("nasional", 152)
    assert Decimal(0) < national.self_total <= Decimal(1)
    assert populate_demo(agencies) == 0
    assert Assessment.objects.count() == 4


def test_operator_contoh_creates_the_2026_assessment_on_a_fresh_demo(client):
    agencies, _accounts = agencies_demo.populate()
    populate_demo(agencies)
    client.login(username="operator_contoh", password=agencies_demo.DEMO_PASSWORD)
    page = client.get("/penilaian/baru/").content.decode()
    assert "Belum ada instrumen" not in page
    response = client.post("/penilaian/baru/", {"year": 2026, "instrument": _new_regime().pk})
    assert response.status_code == 302
    created = Assessment.objects.get(instansi__nama="Kabupaten Contoh", year=2026)
    assert created.instrument.code == "merit-2026"
    assert client.get(response["Location"]).status_code == 200


def _new_regime():
    return Assessment.objects.get(instansi__nama="Kota Harapan", year=2026).instrument


def test_every_page_of_both_regimes_opens_for_the_reviewer(client):
    agencies, _accounts = agencies_demo.populate()
    populate_demo(agencies)
    client.login(username="reviewer_provinsi", password=agencies_demo.DEMO_PASSWORD)
    pages = ["/penilaian/", "/penilaian/antrean/", "/penilaian/dasbor/?tahun=2025"]
    pages.append("/penilaian/dasbor/?tahun=2026")
    for assessment in Assessment.objects.all():
        pk = assessment.pk
        pages += [f"/penilaian/{pk}/", f"/penilaian/{pk}/rencana/", f"/penilaian/{pk}/verifikasi/"]
        pages.append(f"/penilaian/instansi/{assessment.instansi_id}/perbandingan/")
    for url in pages:
        assert client.get(url).status_code == 200, url
    national = Assessment.objects.get(instansi__nama="Kabupaten Sukamaju", year=2026)
    detail = client.get(f"/penilaian/{national.pk}/").content.decode()
    assert "152 responden" in detail and "Tingkat" in detail
    compare = client.get(f"/penilaian/instansi/{national.instansi_id}/perbandingan/")
    assert "Instrumen antartahun berbeda" in compare.content.decode()
    pdf = client.get(f"/penilaian/{national.pk}/kartu-nilai.pdf")
    assert pdf.status_code == 200


def test_the_demo_province_coaches_with_followups_some_overdue_and_some_signatures():
    agencies, _accounts = agencies_demo.populate()
    populate_demo(agencies)
    today = timezone.localdate()
    province = FollowUp.objects.filter(instansi__provinsi__nama="Provinsi Nusa Merit")
    assert province.count() == 4
    assert coaching.overdue(province, today).count() == 2
    assert province.exclude(response="").count() == 2
    signed = set(Commitment.objects.filter(year=2026).values_list("instansi__nama", flat=True))
    assert signed == {"Kabupaten Contoh", "Kabupaten Sukamaju", "Kota Harapan"}
    reviewer = User.objects.get(username="reviewer_provinsi")
    unsigned = [r.instansi.nama for r in coaching.commitments(reviewer, 2026) if not r.commitment]
    assert unsigned == ["Kota Sejahtera"]
    populate_demo(agencies)  # again: nothing doubles
    assert FollowUp.objects.count() == 4 and Commitment.objects.count() == 3
