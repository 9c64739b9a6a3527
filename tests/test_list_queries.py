"""Every list page costs the same number of queries whether it shows one row or a page full
(the lists with tests of their own: employees, agencies, review queue, dashboard, audit log,
nine-box grid)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agencies.models import User
from assessment import workflow
from assessment.instrument_io import load_instrument_text
from assessment.models import Instrument
from talent.models import PerformanceRecord, PotentialRecord, TargetPost

from .factories import (
    DEFAULT_INSTRUMENT,
    EmployeeFactory,
    KabupatenFactory,
    UnitKerjaFactory,
    UserFactory,
    make_period,
)

pytestmark = pytest.mark.django_db
ROWS = 12  # fewer than a page, so every one is on the page
SERIAL = itertools.count(10)  # unique codes and names across calls


def add_assessments(world, count):
    instrument = (
        Instrument.objects.first()
        or load_instrument_text(DEFAULT_INSTRUMENT.read_text(encoding="utf-8"))[0]
    )
    for _ in range(count):
        province = world["wilayah"]["provinsi"]
        agency = KabupatenFactory(provinsi=province, kode_bkn=f"97{next(SERIAL)}")
        workflow.assessment_create(
            instansi=agency, year=2026, instrument=instrument, actor=world["people"]["superadmin"]
        )


def add_users(world, count):
    for _ in range(count):
        UserFactory(instansi=world["kabupaten"], role=User.Role.OPERATOR)


def add_periods(world, count):
    for _ in range(count):
        n = next(SERIAL)
        make_period(world["kabupaten"], nama=f"Periode {n}", tahun=1990 + n)


def add_performance(world, count):
    for _ in range(count):
        employee = EmployeeFactory(instansi=world["kabupaten"])
        PerformanceRecord.objects.create(employee=employee, tahun=2026, predikat="baik")


def add_potential(world, count):
    for _ in range(count):
        PotentialRecord.objects.create(
            employee=EmployeeFactory(instansi=world["kabupaten"]),
            tanggal=dt.date(2026, 3, 1),
            skor=Decimal("80"),
        )


def add_targets(world, count):
    for n in range(count):
        TargetPost.objects.create(
            instansi=world["kabupaten"],
            nama_jabatan=f"Kepala Bidang {n}",
            unit=UnitKerjaFactory(instansi=world["kabupaten"]),
        )


LISTS = [
    ("/penilaian/", "reviewer_provinsi", add_assessments),
    ("/pengguna/", "admin_contoh", add_users),
    ("/talenta/", "admin_contoh", add_periods),
    ("/talenta/data/kinerja/", "admin_contoh", add_performance),
    ("/talenta/data/potensial/", "admin_contoh", add_potential),
    ("/talenta/jabatan-target/", "admin_contoh", add_targets),
]


@pytest.mark.parametrize("url, username, add_rows", LISTS, ids=[url for url, *_ in LISTS])
def test_the_list_costs_the_same_queries_for_one_row_or_a_page(
    client, people, wilayah, referensi, url, username, add_rows
):
    world = {"people": people, "wilayah": wilayah, "kabupaten": wilayah["kabupaten"]}
    client.force_login(people[username])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries)

    add_rows(world, 1)
    one = count()
    add_rows(world, ROWS - 1)
    assert count() == one
