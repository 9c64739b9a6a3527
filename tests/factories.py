"""factory_boy factories with the small named data our stories use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Instansi, UnitKerja, User
from employees import nip as nip_rules
from employees.models import Employee, Golongan, JenisJabatan, Pendidikan
from talent.models import MappingPeriod, PerformanceRecord, PotentialRecord

TEST_PASSWORD = "sandi-uji-merit-2026"
DEFAULT_INSTRUMENT = Path(__file__).resolve().parents[1] / "fixtures/instrumen/merit-2019.yaml"
# The index of Permen PANRB 19/2025, valid from 2026.
INSTRUMENT_2026 = Path(__file__).resolve().parents[1] / "fixtures/instrumen/merit-2026.yaml"

# The smallest real PDF and PNG: the sniffer reads their first bytes.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def pdf(name: str = "bukti.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class ProvinsiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Instansi
        django_get_or_create = ["kode_bkn"]

    nama = factory.Sequence(lambda n: f"Provinsi Uji {n}")
    jenis = Instansi.Jenis.PROVINSI
    kode_bkn = factory.Sequence(lambda n: f"P{n:04d}")


class KabupatenFactory(ProvinsiFactory):
    nama = factory.Sequence(lambda n: f"Kabupaten Uji {n}")
    jenis = Instansi.Jenis.KABUPATEN
    kode_bkn = factory.Sequence(lambda n: f"K{n:04d}")
    provinsi = factory.SubFactory(ProvinsiFactory)


class UnitKerjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitKerja

    instansi = factory.SubFactory(KabupatenFactory)
    nama = factory.Sequence(lambda n: f"Unit Uji {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = factory.LazyAttribute(lambda o: o.username.replace("_", " ").title())
    email = factory.LazyAttribute(lambda o: f"{o.username}@contoh.go.id")
    role = User.Role.OPERATOR
    instansi = factory.SubFactory(KabupatenFactory)

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save()


class EmployeeFactory(factory.django.DjangoModelFactory):
    """Needs the reference data (the `referensi` fixture)."""

    class Meta:
        model = Employee

    class Params:
        urut = factory.Sequence(lambda n: n % 999 + 1)

    nama = factory.Sequence(lambda n: f"Pegawai Uji {n}")
    jenis_kelamin = "L"
    tanggal_lahir = dt.date(1986, 9, 26)
    tmt_cpns = dt.date(2015, 5, 1)
    status = "PNS"
    nip = factory.LazyAttributeSequence(
        lambda o, n: nip_rules.build(
            o.tanggal_lahir + dt.timedelta(days=n // 999),
            o.tmt_cpns.year,
            o.tmt_cpns.month,
            o.jenis_kelamin,
            o.urut,
        )
    )
    instansi = factory.SubFactory(KabupatenFactory)
    golongan = factory.LazyFunction(lambda: Golongan.objects.get(nama="III/a", untuk_pppk=False))
    jenis_jabatan = factory.LazyFunction(lambda: JenisJabatan.objects.get(kode="pelaksana"))
    pendidikan = factory.LazyFunction(lambda: Pendidikan.objects.get(kode="40"))
    jabatan = "Pengadministrasi Umum"


def employee_with(
    instansi, nama: str, predikat: str | None, skor: str | None, *, tahun: int = 2026, **extra
):
    """An employee of `instansi` with an SKP for `tahun` and an assessment score."""
    employee = EmployeeFactory(instansi=instansi, nama=nama, **extra)
    if predikat:
        PerformanceRecord.objects.create(employee=employee, tahun=tahun, predikat=predikat)
    if skor is not None:
        PotentialRecord.objects.create(
            employee=employee,
            tanggal=dt.date(2026, 3, 1),
            sumber="Asesmen 2026",
            skor=Decimal(skor),
        )
    return employee


def make_period(instansi, nama: str = "2026", tahun: int = 2026) -> MappingPeriod:
    return MappingPeriod.objects.create(
        instansi=instansi, nama=nama, tahun_skp=tahun, tanggal_acuan=dt.date(tahun, 12, 31)
    )
