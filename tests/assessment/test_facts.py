"""Paper against practice (#14): each claim shown beside what Merit's own data says."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from agencies.models import AuditEvent, User
from assessment import facts, workflow
from assessment.instrument_io import InstrumentError, load_instrument_text
from assessment.models import Assessment, FrozenScorecard
from core import facts as registry
from employees import quality
from employees.models import Employee, HasilKompetensi
from survey.models import Survey
from talent.compute import period_compute
from talent.models import RencanaPengembangan
from tests.factories import EmployeeFactory, employee_with

from .conftest import fill_in

pytestmark = pytest.mark.django_db

TALENT = "3.4"  # merit-2019: manajemen talenta, expects >= 50 % mapped for 3, >= 80 % for 4


def answer(assessment, code):
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def claim(assessment, user, code, level):
    a = answer(assessment, code)
    a.assessment = assessment
    workflow.answer_save(
        answer=a, actor=user, expected_version=a.version, level=level, justification="Ada."
    )


# --- the registry: one test per fact -----------------------------------------------------


def test_the_registry_holds_every_fact_the_instruments_name():
    assert set(registry.codes()) >= {
        "ninebox_terpetakan",
        "skp_tercatat",
        "kompetensi_tercatat",
        "idp_selesai",
        "jabatan_target_siap",
        "indeks_kualitas_data",
        "survei_respons",
    }


def test_ninebox_share_counts_active_asn_placed_in_a_box_of_this_year(contoh, wilayah):
    kab = wilayah["kabupaten"]
    # Six ASN; Eko has no SKP and Fitri no assessment score, so they stay outside the grid.
    value = registry.compute(["ninebox_terpetakan"], kab.pk, 2026)["ninebox_terpetakan"]
    assert (value.numerator, value.denominator, value.value) == (4, 6, 66.7)
    # A mapping of an earlier cycle does not count for 2028; a retired ASN leaves the base.
    assert registry.compute(["ninebox_terpetakan"], kab.pk, 2028)["ninebox_terpetakan"].value == 0
    Employee.objects.filter(pk=contoh["staff"]["ani"].pk).update(aktif=False)
    value = registry.compute(["ninebox_terpetakan"], kab.pk, 2026)["ninebox_terpetakan"]
    assert (value.numerator, value.denominator) == (3, 5)


def test_skp_share_counts_active_asn_with_an_skp_of_this_or_last_year(contoh, wilayah):
    kab = wilayah["kabupaten"]
    value = registry.compute(["skp_tercatat"], kab.pk, 2026)["skp_tercatat"]
    assert (value.numerator, value.denominator) == (5, 6)
    assert registry.compute(["skp_tercatat"], kab.pk, 2027)["skp_tercatat"].numerator == 5
    assert registry.compute(["skp_tercatat"], kab.pk, 2028)["skp_tercatat"].numerator == 0


def test_competency_share_counts_asn_with_a_competency_result(contoh, wilayah):
    kab = wilayah["kabupaten"]
    assert registry.compute(["kompetensi_tercatat"], kab.pk, 2026)["kompetensi_tercatat"].value == 0
    for name in ("ani", "budi"):
        for day in (1, 2):  # two results of one person count once
            HasilKompetensi.objects.create(
                employee=contoh["staff"][name], tanggal=dt.date(2026, 5, day)
            )
    value = registry.compute(["kompetensi_tercatat"], kab.pk, 2026)["kompetensi_tercatat"]
    assert (value.numerator, value.denominator, value.value) == (2, 6, 33.3)


def test_idp_share_is_completed_items_due_this_year_without_cancelled_ones(contoh, wilayah):
    kab = wilayah["kabupaten"]
    assert registry.compute(["idp_selesai"], kab.pk, 2026)["idp_selesai"].value is None
    ani = contoh["staff"]["ani"]
    S = RencanaPengembangan.Status
    for status, year in [(S.SELESAI, 2026), (S.BERJALAN, 2026), (S.BATAL, 2026), (S.SELESAI, 2025)]:
        RencanaPengembangan.objects.create(
            employee=ani, sumber="lainnya", kegiatan="Pelatihan", bentuk="klasikal",
            tenggat=dt.date(year, 10, 1), status=status,
        )  # fmt: skip
    lain = contoh["staff"]["lain"]  # another agency's item does not count
    RencanaPengembangan.objects.create(
        employee=lain,
        sumber="lainnya",
        kegiatan="X",
        bentuk="klasikal",
        tenggat=dt.date(2026, 1, 1),
    )
    value = registry.compute(["idp_selesai"], kab.pk, 2026)["idp_selesai"]
    assert (value.numerator, value.denominator, value.value) == (1, 2, 50.0)


def test_data_quality_index_is_the_one_the_data_quality_page_shows(contoh, wilayah):
    kab = wilayah["kabupaten"]
    EmployeeFactory(instansi=kab, nip="123")  # an invalid NIP lowers the index
    expected = quality.agency_report(Employee.objects.filter(instansi=kab)).index
    value = registry.compute(["indeks_kualitas_data"], kab.pk, 2026)["indeks_kualitas_data"]
    assert value.value == round(expected, 1)
    assert value.value < 100
    assert value.denominator == 7


def test_survey_response_rate_is_responses_against_active_asn(contoh, draft, wilayah, people):
    kab = wilayah["kabupaten"]
    assert registry.compute(["survei_respons"], kab.pk, 2026)["survei_respons"].value is None
    survey = Survey.objects.create(
        assessment=draft, items=[], scale=[], target_responses=6, min_group_size=1,
        opened_by=people["admin_contoh"],
    )  # fmt: skip
    for _n in range(3):
        survey.responses.create(values={})
    value = registry.compute(["survei_respons"], kab.pk, 2026)["survei_respons"]
    assert (value.numerator, value.denominator, value.value) == (3, 6, 50.0)


# --- the instrument file -----------------------------------------------------------------

BAD = """
code: uji-fakta
name: Uji
year_from: 2030
scoring_method: merit_2019
aspects:
  - code: a
    name: A
    weight: 100
    indicators:
      - code: "1.1"
        question: Q?
        fakta:
          - {kode: tidak_ada, level: {3: ">= 50"}}
          - {kode: skp_tercatat, level: {9: ">= 5", 3: "banyak"}}
        levels: {1: Satu, 2: Dua, 3: Tiga, 4: Empat}
"""


def test_the_loader_names_each_mistake_in_an_indicators_facts(db):
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(BAD)
    text = " ".join(caught.value.errors)
    assert "fakta 'tidak_ada' tidak dikenal" in text
    assert "level 9 tidak ada pada skala" in text
    assert "harapan 'banyak' tidak terbaca" in text
    assert "Indikator 1.1" in text


def test_the_shipped_instruments_carry_their_facts(instrument):
    talent = instrument.aspects.get(code="pengembangan-karier").indicators.get(code=TALENT)
    assert talent.facts == [{"kode": "ninebox_terpetakan", "level": {"3": ">= 50", "4": ">= 80"}}]


# --- shown where decisions are made ------------------------------------------------------


def test_a_claim_above_the_data_is_flagged_in_words_to_the_operator(client, contoh, draft, people):
    operator = people["operator_contoh"]
    claim(draft, operator, TALENT, 4)
    client.force_login(operator)
    page = client.get(f"/penilaian/{draft.pk}/aspek/3/").content.decode()
    assert "Tidak didukung data:" in page
    assert "Diklaim level 4; data Merit: 66,7 % asn aktif terpetakan" in page
    assert "level 4 mengharapkan ≥ 80 %" in page
    claim(draft, operator, TALENT, 3)  # 66,7 % supports level 3
    page = client.get(f"/penilaian/{draft.pk}/aspek/3/").content.decode()
    assert "Tidak didukung data:" not in page
    assert "66,7 %" in page


def test_the_operator_explains_a_flag_and_the_reviewer_sees_it(client, contoh, draft, people):
    operator = people["operator_contoh"]
    fill_in(draft, operator, level=4)
    a = answer(draft, TALENT)
    client.force_login(operator)
    url = f"/penilaian/{draft.pk}/jawaban/{a.pk}/penjelasan-fakta/"
    client.post(url, {"explanation": "Pemetaan 2026 sedang diimpor dari SIASN."})
    a.refresh_from_db()
    assert a.fact_explanation == "Pemetaan 2026 sedang diimpor dari SIASN."
    event = AuditEvent.objects.get(action="assessment.fact_explanation")
    assert event.actor == operator and event.detail["answer"] == a.pk
    client.force_login(people["operator_lain"])  # another agency: not found
    assert client.post(url, {"explanation": "x"}).status_code == 404

    workflow.assessment_submit(assessment=draft, actor=operator)
    client.force_login(people["reviewer_provinsi"])
    page = client.get(f"/penilaian/{draft.pk}/verifikasi/").content.decode()
    assert "Diklaim level 4; data Merit: 66,7 %" in page
    assert "Pemetaan 2026 sedang diimpor dari SIASN." in page
    assert "Kutip di alasan pengembalian" in page


def test_facts_are_frozen_at_submission_and_finalisation(contoh, draft, people, client):
    operator, reviewer = people["operator_contoh"], people["reviewer_provinsi"]
    fill_in(draft, operator, level=4)
    workflow.assessment_submit(assessment=draft, actor=operator)
    draft.refresh_from_db()
    assert draft.fact_snapshots[facts.SUBMITTED]["values"]["ninebox_terpetakan"][0] == 66.7
    workflow.accept_self_levels(assessment=draft, actor=reviewer)
    workflow.assessment_verify(assessment=draft, actor=reviewer)
    workflow.assessment_finalise(assessment=draft, actor=reviewer)
    draft.refresh_from_db()
    frozen = draft.fact_snapshots[facts.FINAL]
    # Afterwards everybody gets mapped: the record of the final assessment does not move.
    kab = draft.instansi
    for n in range(10):
        employee_with(kab, f"Baru {n}", "baik", "90")
    period_compute(period=contoh["period"])
    assert registry.compute(["ninebox_terpetakan"], kab.pk, 2026)["ninebox_terpetakan"].value > 80
    draft = Assessment.objects.get(pk=draft.pk)
    assert draft.fact_snapshots[facts.FINAL] == frozen
    client.force_login(operator)
    page = client.get(f"/penilaian/{draft.pk}/aspek/3/").content.decode()
    assert "66,7 %" in page and "dibekukan" in page

    # The frozen scorecard lists the facts per aspect with the contradiction left open (the
    # reviewer accepted level 4); the public verification page says nothing of them.
    stored = FrozenScorecard.objects.get(assessment=draft)
    with stored.file.open("rb") as handle:
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    text = " ".join(text.split())
    assert "Data Merit di samping klaim" in text
    assert "1 kontradiksi belum selesai" in text
    assert "66,7 %" in text
    client.logout()
    public = client.get("/penilaian/verifikasi/", {"kode": stored.code}).content.decode()
    assert stored.code in public
    assert "66,7" not in public and "Data Merit" not in public


def _aspect_queries(client, assessment, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/penilaian/{assessment.pk}/aspek/3/").status_code == 200
    return len(ctx.captured_queries)


def test_the_aspect_page_with_facts_runs_a_constant_number_of_queries(
    client, contoh, draft, people
):
    operator = people["operator_contoh"]
    fill_in(draft, operator, level=4)
    small = _aspect_queries(client, draft, operator)
    kab = draft.instansi
    for n in range(30):
        employee_with(kab, f"Tambahan {n}", "baik", "90")
    assert _aspect_queries(client, draft, operator) == small


def test_the_demo_agency_claims_level_4_on_talent_with_almost_no_one_mapped(client, referensi):
    from agencies import demo as agencies_demo  # noqa: PLC0415
    from assessment import demo as assessment_demo  # noqa: PLC0415
    from employees import demo as employees_demo  # noqa: PLC0415

    agencies, _accounts = agencies_demo.populate()
    employees_demo.populate(agencies, 5)
    assessment_demo.populate_demo(agencies)
    sukamaju = Assessment.objects.get(instansi__nama="Kabupaten Sukamaju", year=2026)
    a = answer(sukamaju, "2.1")
    assert a.level == 4 and a.fact_explanation
    operator = User.objects.filter(instansi=sukamaju.instansi, role__in=User.ROLES_SATU_INSTANSI)
    client.force_login(operator.first())
    page = client.get(f"/penilaian/{sukamaju.pk}/aspek/2/").content.decode()
    assert "Diklaim level 4; data Merit: 0 % asn aktif terpetakan" in page
    reviewer = User.objects.filter(role=User.Role.REVIEWER).order_by("pk").first()
    client.force_login(reviewer)
    page = client.get(f"/penilaian/{sukamaju.pk}/verifikasi/").content.decode()
    assert "Diklaim level 4; data Merit: 0 % asn aktif terpetakan" in page
    assert a.fact_explanation in page


def test_the_coaching_view_counts_frozen_contradictions_per_agency_and_aspect(
    client, contoh, draft, people
):
    operator = people["operator_contoh"]
    fill_in(draft, operator, level=3)
    claim(draft, operator, TALENT, 4)  # 66,7 % mapped: level 4 is not supported
    client.force_login(people["reviewer_provinsi"])
    url = "/penilaian/pembinaan/?tahun=2026"
    page = client.get(url).content.decode()
    assert "belum diajukan" in page  # a draft's facts are not frozen, so not counted
    workflow.assessment_submit(assessment=draft, actor=operator)
    draft.refresh_from_db()
    counts = facts.frozen_contradictions([draft])[draft.pk]
    # Level 3 everywhere else: 3.2 (0 % with a competency record, level 3 expects >= 30 %) and
    # 3.4 in Pengembangan Karier; nothing elsewhere at level 3.
    career = draft.instrument.aspects.get(code="pengembangan-karier")
    assert counts == {career.pk: 2}
    page = client.get(url).content.decode()
    assert f"{career.name}: 2" in page
