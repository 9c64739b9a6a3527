"""Fixtures shared by several test folders: the regions and people every story starts from,
the default instrument and a draft assessment, a computed talent period, and "world" (one
object of every kind a URL can name). Folder conftests keep what only their tests use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from asgiref.local import Local
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils.translation import trans_real

from agencies.models import Instansi, User
from assessment import workflow
from assessment.evidence import evidence_add
from assessment.instrument_io import load_instrument_text
from assessment.models import Commitment, FollowUp, ScorecardBundle
from employees.importing import xlsx
from employees.importing.kinds import registered_kinds
from employees.importing.models import ImportBatch, ImportProblem
from employees.models import Golongan, HasilKompetensi, Kompetensi, NilaiKompetensi
from notifications.models import Notification
from survey.models import NationalSurveyResult, Survey
from talent.compute import period_compute
from talent.models import (
    CalibrationMeeting,
    MappingPeriod,
    PerformanceRecord,
    PotentialRecord,
    RencanaPengembangan,
    StandarKompetensi,
    StandarKompetensiLevel,
    TargetPost,
)

from .factories import (
    DEFAULT_INSTRUMENT,
    INSTRUMENT_2026,
    PDF_BYTES,
    EmployeeFactory,
    KabupatenFactory,
    ProvinsiFactory,
    UnitKerjaFactory,
    UserFactory,
    employee_with,
    make_period,
    pdf,
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    # Real hashing costs ~0.3 s a login; tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _employee_numbers_from_the_start():
    # EmployeeFactory keeps NIPs unique by moving the NIP's birth date one day every 999
    # employees; counted over the whole session, every employee made after the 999th had a
    # NIP disagreeing with its birth date, so data-quality tests failed when run after
    # enough other tests (tests/talent before tests/employees). Each test counts afresh.
    EmployeeFactory.reset_sequence()


@pytest.fixture(autouse=True)
def _empty_cache():
    # Counters kept in the cache (PDF downloads per user per minute, survey answers per
    # address) must not carry over from one test to the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _translations():
    # .mo files are build output, not in git: compile them once per run. A catalogue Django
    # already loaded before a .mo existed is dropped, so the new one is read.
    call_command("compile_translations", verbosity=0)
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()
    trans_real.translation_catalog_exists.cache_clear()


@pytest.fixture
def referensi(db):
    """Golongan, education and job types from fixtures/referensi.json."""
    if not Golongan.objects.exists():
        call_command("loaddata", "referensi", verbosity=0)


@pytest.fixture
def wilayah(db):
    """Two provinces: Provinsi Contoh with Kabupaten Contoh and Kota Contoh under it, and
    Provinsi Lain with Kabupaten Lain, plus a ministry that belongs to no province."""
    contoh = ProvinsiFactory(nama="Provinsi Contoh", kode_bkn="9100")
    lain = ProvinsiFactory(nama="Provinsi Lain", kode_bkn="9200")
    return {
        "provinsi": contoh,
        "kabupaten": KabupatenFactory(nama="Kabupaten Contoh", kode_bkn="9101", provinsi=contoh),
        "kota": KabupatenFactory(
            nama="Kota Contoh", kode_bkn="9171", provinsi=contoh, jenis=Instansi.Jenis.KOTA
        ),
        "provinsi_lain": lain,
        "kabupaten_lain": KabupatenFactory(nama="Kabupaten Lain", kode_bkn="9201", provinsi=lain),
        "kementerian": ProvinsiFactory(
            nama="Kementerian Contoh", kode_bkn="0100", jenis=Instansi.Jenis.KEMENTERIAN
        ),
    }


@pytest.fixture
def people(wilayah):
    """One user of every role, named after what they are."""
    return {
        "operator_contoh": UserFactory(username="operator_contoh", instansi=wilayah["kabupaten"]),
        "admin_contoh": UserFactory(
            username="admin_contoh", role=User.Role.ADMIN_INSTANSI, instansi=wilayah["kabupaten"]
        ),
        "operator_lain": UserFactory(username="operator_lain", instansi=wilayah["kabupaten_lain"]),
        "admin_lain": UserFactory(
            username="admin_lain", role=User.Role.ADMIN_INSTANSI, instansi=wilayah["kabupaten_lain"]
        ),
        "reviewer_provinsi": UserFactory(
            username="reviewer_provinsi", role=User.Role.REVIEWER, instansi=wilayah["provinsi"]
        ),
        "reviewer_nasional": UserFactory(
            username="reviewer_nasional", role=User.Role.REVIEWER, instansi=None
        ),
        "superadmin": UserFactory(
            username="superadmin",
            role=User.Role.SUPERADMIN,
            instansi=None,
            is_superuser=True,
            is_staff=True,
        ),
    }


@pytest.fixture
def unit_contoh(wilayah):
    return UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Badan Kepegawaian Daerah")


@pytest.fixture
def instrument(db):
    instrument, _created = load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    return instrument


@pytest.fixture
def index_draft(people, wilayah):
    """Kabupaten Contoh's 2026 assessment under the index instrument, every indicator at
    maturity level 4 (0.8): an index of 0.60 (Lanjutan), provisional without the survey."""
    instrument, _created = load_instrument_text(INSTRUMENT_2026.read_text(encoding="utf-8"))
    assessment = workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2026,
        instrument=instrument,
        actor=people["admin_contoh"],
    )
    for answer in assessment.answers.all():
        workflow.answer_save(
            answer=answer,
            actor=people["operator_contoh"],
            expected_version=answer.version,
            level=4,
            justification="Sudah berjalan dan dipantau.",
        )
    return assessment


@pytest.fixture
def draft(instrument, people, wilayah):
    """Kabupaten Contoh's 2026 assessment, nothing answered yet."""
    return workflow.assessment_create(
        instansi=wilayah["kabupaten"],
        year=2026,
        instrument=instrument,
        actor=people["admin_contoh"],
    )


@pytest.fixture
def contoh(people, wilayah, referensi):
    """Kabupaten Contoh with two units and six employees spread over the grid, a computed
    period "2026"; Kabupaten Lain with one employee and its own computed period."""
    kab = wilayah["kabupaten"]
    bkd = UnitKerjaFactory(instansi=kab, nama="Badan Kepegawaian Daerah")
    dinkes = UnitKerjaFactory(instansi=kab, nama="Dinas Kesehatan")
    staff = {
        "ani": employee_with(kab, "Ani Bintang", "sangat_baik", "95", unit=bkd),
        "budi": employee_with(kab, "Budi Bintang", "sangat_baik", "92", unit=dinkes),
        "citra": employee_with(kab, "Citra Tengah", "baik", "84", unit=bkd),
        "dedi": employee_with(kab, "Dedi Bawah", "butuh_perbaikan", "60", unit=dinkes),
        "eko": employee_with(kab, "Eko Tanpa SKP", None, "88", unit=bkd),
        "fitri": employee_with(kab, "Fitri Tanpa Asesmen", "baik", None, unit=dinkes),
    }
    period = make_period(kab)
    period_compute(period=period)
    lain = wilayah["kabupaten_lain"]
    staff["lain"] = employee_with(lain, "Lain Orang", "sangat_baik", "95")
    period_lain = make_period(lain)
    period_compute(period=period_lain)
    return {
        "period": period,
        "period_lain": period_lain,
        "staff": staff,
        "units": {"bkd": bkd, "dinkes": dinkes},
    }


@pytest.fixture
def world(people, wilayah, referensi, unit_contoh):
    """Kabupaten Contoh with one object of every model a URL can name: an employee with
    SKP and potential records, a computed talent period, a target post, import batches, an
    assessment with an answer and a piece of evidence."""
    kab = wilayah["kabupaten"]
    admin = people["admin_contoh"]
    employee = EmployeeFactory(instansi=kab, unit=unit_contoh, nama="Budi Santoso")
    kinerja = PerformanceRecord.objects.create(employee=employee, tahun=2026, predikat="baik")
    potensial = PotentialRecord.objects.create(
        employee=employee, tanggal=dt.date(2026, 3, 1), sumber="Asesmen 2026", skor=Decimal("85")
    )
    period = MappingPeriod.objects.create(
        instansi=kab, nama="2026", tahun_skp=2026, tanggal_acuan=dt.date(2026, 12, 31)
    )
    period_compute(period=period)
    placement = period.placements.get(employee=employee)
    target = TargetPost.objects.create(instansi=kab, nama_jabatan="Kepala Bidang Mutasi")
    meeting = CalibrationMeeting.objects.create(
        period=period,
        tanggal=dt.date(2026, 12, 15),
        pimpinan="Sekretaris Daerah",
        anggota="Sekretaris Daerah\nKepala BKPSDM",
    )
    competency = _competency(employee, kab)
    batches = {
        kind: ImportBatch.objects.create(
            kind=kind,
            instansi=kab,
            uploaded_by=admin,
            # The agency's own template: a real spreadsheet the error report can read.
            file=ContentFile(xlsx.template(registered_kinds()[kind], kab), name="data.xlsx"),
            original_name="data.xlsx",
            status=ImportBatch.Status.VALIDATED,
            total_rows=1,
            count_error=1,
        )
        for kind in ("pegawai", "kinerja", "potensial")
    }
    for batch in batches.values():
        ImportProblem.objects.create(
            batch=batch, is_error=True, row=2, column="NIP", message="NIP kosong"
        )
    instrument, _created = load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))
    assessment = workflow.assessment_create(
        instansi=kab, year=2026, instrument=instrument, actor=admin
    )
    answer = assessment.answers.select_related("indicator__aspect").first()
    evidence = evidence_add(answer=answer, actor=admin, upload=pdf(), requirement=0)
    world = {
        "instansi": kab,
        "employee": employee,
        "kinerja": kinerja,
        "potensial": potensial,
        "period": period,
        "placement": placement,
        "target": target,
        "meeting": meeting,
        "batches": batches,
        "instrument": instrument,
        "assessment": assessment,
        "answer": answer,
        "evidence": evidence,
        "people": people,
        **competency,
    }
    world.update(_reports(people, assessment))
    world["notification"] = Notification.objects.create(
        user=people["operator_contoh"], kind="returned", title="Dikembalikan", body="-", url="/"
    )
    world.update(_survey(people, assessment))
    world.update(_coaching(people, kab))
    return world


def _competency(employee, instansi) -> dict:
    """A competency result, a post standard and an IDP item of the employee."""
    integritas = Kompetensi.objects.get(kode="integritas")
    hasil = HasilKompetensi.objects.create(
        employee=employee, tanggal=dt.date(2026, 3, 1), lembaga="UPT Penilaian Kompetensi"
    )
    NilaiKompetensi.objects.create(hasil=hasil, kompetensi=integritas, level=3)
    standar = StandarKompetensi.objects.create(instansi=instansi, nama_jabatan="Kepala Bidang")
    StandarKompetensiLevel.objects.create(standar=standar, kompetensi=integritas, level=4)
    rencana = RencanaPengembangan.objects.create(
        employee=employee,
        sumber=RencanaPengembangan.Sumber.KESENJANGAN,
        kompetensi=integritas,
        kegiatan="Pelatihan integritas",
        bentuk=RencanaPengembangan.Bentuk.KLASIKAL,
        jam_pelajaran=20,
        tenggat=dt.date(2026, 12, 1),
    )
    return {"hasil_kompetensi": hasil, "standar": standar, "rencana": rencana}


def _reports(people, assessment) -> dict:
    """Objects of the scorecard reports."""
    bundle = ScorecardBundle.objects.create(
        requested_by=people["reviewer_provinsi"],
        assessment_ids=[assessment.pk],
        status=ScorecardBundle.Status.DONE,
        file=ContentFile(b"PK\x05\x06" + b"\x00" * 18, name="kartu-nilai.zip"),
    )
    return {"bundle": bundle}


def _coaching(people, kab) -> dict:
    """A follow-up the province recorded for Kabupaten Contoh and its signed commitment."""
    followup = FollowUp.objects.create(
        instansi=kab,
        year=2026,
        action="Susun Anjab dan ABK",
        person="Kepala BKPSDM",
        due=dt.date(2026, 12, 15),
        created_by=people["reviewer_provinsi"],
    )
    commitment = Commitment.objects.create(
        instansi=kab,
        year=2026,
        signed_on=dt.date(2026, 3, 1),
        file=ContentFile(PDF_BYTES, name="komitmen.pdf"),
        original_name="komitmen.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        uploaded_by=people["reviewer_provinsi"],
    )
    return {"followup": followup, "commitment": commitment}


def _survey(people, assessment) -> dict:
    """A running staff survey with one invitation, and an entered national result."""
    survey = Survey.objects.create(
        assessment=assessment,
        items=[{"code": "K1", "text": "Saya puas."}],
        scale=[{"value": 1, "label": "Tidak"}, {"value": 5, "label": "Ya"}],
        target_responses=140,
        min_group_size=10,
        opened_by=people["admin_contoh"],
    )
    survey.invitations.create()
    national = NationalSurveyResult.objects.create(
        assessment=assessment,
        score=Decimal("0.7"),
        responses=150,
        file=ContentFile(PDF_BYTES, name="laporan.pdf"),
        original_name="laporan.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        entered_by=people["admin_contoh"],
    )
    return {"survey": survey, "national_survey": national}
