from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from agencies.models import Instansi, User
from tests.factories import ProvinsiFactory, UnitKerjaFactory

pytestmark = pytest.mark.django_db


def test_a_regency_needs_a_parent_province():
    kabupaten = Instansi(nama="Kabupaten Tanpa Induk", jenis=Instansi.Jenis.KABUPATEN, kode_bkn="1")
    with pytest.raises(ValidationError, match="provinsi induk"):
        kabupaten.full_clean()


def test_a_regency_cannot_sit_under_a_ministry(wilayah):
    kabupaten = Instansi(
        nama="Kabupaten Salah",
        jenis=Instansi.Jenis.KABUPATEN,
        kode_bkn="2",
        provinsi=wilayah["kementerian"],
    )
    with pytest.raises(ValidationError, match="berjenis provinsi"):
        kabupaten.full_clean()


def test_only_regencies_and_cities_have_a_parent(wilayah):
    ministry = Instansi(
        nama="Kementerian Salah",
        jenis=Instansi.Jenis.KEMENTERIAN,
        kode_bkn="3",
        provinsi=wilayah["provinsi"],
    )
    with pytest.raises(ValidationError, match="Hanya kabupaten/kota"):
        ministry.full_clean()


def test_a_unit_cannot_become_its_own_ancestor(wilayah):
    top = UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Sekretariat")
    child = UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Bagian Umum", induk=top)
    top.induk = child
    with pytest.raises(ValidationError, match="induk dirinya sendiri"):
        top.full_clean()
    top.refresh_from_db()
    child.refresh_from_db()
    assert [u.nama for u in child.path()] == ["Sekretariat", "Bagian Umum"]


def test_a_unit_parent_must_be_of_the_same_agency(wilayah):
    other = UnitKerjaFactory(instansi=wilayah["kabupaten_lain"], nama="Dinas Lain")
    unit = UnitKerjaFactory.build(instansi=wilayah["kabupaten"], nama="Bidang", induk=other)
    with pytest.raises(ValidationError, match="instansi yang sama"):
        unit.full_clean()


def test_operators_need_an_agency_and_superadmins_have_none():
    operator = User(username="tanpa_instansi", role=User.Role.OPERATOR)
    with pytest.raises(ValidationError, match="wajib memiliki instansi"):
        operator.clean()
    boss = User(username="boss", role=User.Role.SUPERADMIN, instansi=ProvinsiFactory())
    with pytest.raises(ValidationError, match="tidak terikat"):
        boss.clean()
