"""factory_boy factories with the small named data our stories use."""

from __future__ import annotations

import datetime as dt

import factory

from agencies.models import Instansi, UnitKerja, User
from employees import nip as nip_rules
from employees.models import Employee, Golongan, JenisJabatan, Pendidikan

TEST_PASSWORD = "sandi-uji-merit-2026"


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
