"""One agency's worth of every kind of object the URLs point at, for the security tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from agencies.models import User
from assessment import models, workflow
from assessment.demo import default_instrument
from assessment.evidence import evidence_add
from assessment.instrument_io import load_instrument_text
from employees.importing import xlsx
from employees.importing.kinds import registered_kinds
from employees.importing.models import ImportBatch
from talent.compute import period_compute
from talent.models import MappingPeriod, PerformanceRecord, PotentialRecord, TargetPost
from tests.assessment.conftest import DEFAULT_INSTRUMENT, pdf
from tests.factories import EmployeeFactory, UserFactory


@pytest.fixture
def outsiders(people, wilayah):
    """Users of other agencies, one per role that works inside an agency or a province."""
    return {
        "operator_lain": people["operator_lain"],
        "admin_lain": people["admin_lain"],
        "reviewer_lain": UserFactory(
            username="reviewer_lain", role=User.Role.REVIEWER, instansi=wilayah["provinsi_lain"]
        ),
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
            errors=[[2, "NIP", "NIP kosong"]],
        )
        for kind in ("pegawai", "kinerja", "potensial")
    }
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
        "batches": batches,
        "instrument": instrument,
        "assessment": assessment,
        "answer": answer,
        "evidence": evidence,
        "people": people,
    }
    world.update(_reports(people, assessment))
    return world


def _reports(people, assessment) -> dict:
    """Objects of the scorecard reports, once that part of the assessment app exists."""
    if not hasattr(models, "ScorecardBundle"):
        return {}
    bundle = models.ScorecardBundle.objects.create(
        requested_by=people["reviewer_provinsi"],
        assessment_ids=[assessment.pk],
        status=models.ScorecardBundle.Status.DONE,
        file=ContentFile(b"PK\x05\x06" + b"\x00" * 18, name="kartu-nilai.zip"),
    )
    return {"bundle": bundle}


@pytest.fixture
def world_lain(wilayah, people, referensi):
    """Kabupaten Lain's own assessment and computed talent period: parents an outsider may
    open, to try reaching Kabupaten Contoh's children through them."""
    lain = wilayah["kabupaten_lain"]
    EmployeeFactory(instansi=lain, nama="Lain Orang")
    period = MappingPeriod.objects.create(
        instansi=lain, nama="2026", tahun_skp=2026, tanggal_acuan=dt.date(2026, 12, 31)
    )
    period_compute(period=period)
    assessment = workflow.assessment_create(
        instansi=lain, year=2026, instrument=default_instrument(), actor=people["admin_lain"]
    )
    return {"assessment": assessment, "period": period}
