"""Each role sees exactly its agencies, and nobody else's objects."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from agencies.models import Instansi, UnitKerja
from agencies.scoping import editable_instansi, get_for_user, scope, visible_instansi
from tests.factories import UnitKerjaFactory

pytestmark = pytest.mark.django_db


def names(queryset) -> set[str]:
    return set(queryset.values_list("nama", flat=True))


def test_operator_and_admin_see_and_change_only_their_own_agency(people):
    for username in ("operator_contoh", "admin_contoh"):
        user = people[username]
        assert names(visible_instansi(user)) == {"Kabupaten Contoh"}
        assert names(editable_instansi(user)) == {"Kabupaten Contoh"}


def test_province_reviewer_sees_the_province_and_its_regencies_and_cities(people):
    reviewer = people["reviewer_provinsi"]
    assert names(visible_instansi(reviewer)) == {
        "Provinsi Contoh",
        "Kabupaten Contoh",
        "Kota Contoh",
    }
    assert names(editable_instansi(reviewer)) == set()


def test_national_reviewer_sees_every_agency_but_changes_none(people):
    reviewer = people["reviewer_nasional"]
    assert visible_instansi(reviewer).count() == Instansi.objects.count() == 6
    assert not editable_instansi(reviewer).exists()


def test_superadmin_sees_and_changes_everything(people):
    admin = people["superadmin"]
    assert visible_instansi(admin).count() == 6
    assert editable_instansi(admin).count() == 6


def test_inactive_or_anonymous_users_see_nothing(people):
    operator = people["operator_contoh"]
    operator.is_active = False
    assert not visible_instansi(operator).exists()
    assert not visible_instansi(AnonymousUser()).exists()


def test_scope_narrows_objects_through_a_lookup_path(people, wilayah):
    UnitKerjaFactory(instansi=wilayah["kabupaten"], nama="Dinas Contoh")
    UnitKerjaFactory(instansi=wilayah["kota"], nama="Dinas Kota")
    UnitKerjaFactory(instansi=wilayah["kabupaten_lain"], nama="Dinas Lain")
    units = UnitKerja.objects.all()
    assert names(scope(units, people["operator_contoh"])) == {"Dinas Contoh"}
    assert names(scope(units, people["reviewer_provinsi"])) == {"Dinas Contoh", "Dinas Kota"}
    assert names(scope(units, people["reviewer_nasional"])) == {
        "Dinas Contoh",
        "Dinas Kota",
        "Dinas Lain",
    }
    assert names(scope(units, people["reviewer_provinsi"], edit=True)) == set()


def test_another_agencys_object_is_not_found(people, wilayah):
    other = UnitKerjaFactory(instansi=wilayah["kabupaten_lain"], nama="Dinas Lain")
    with pytest.raises(Http404):
        get_for_user(UnitKerja.objects.all(), people["operator_contoh"], pk=other.pk)
    assert get_for_user(UnitKerja.objects.all(), people["admin_lain"], pk=other.pk) == other
