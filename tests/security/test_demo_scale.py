"""`manage.py demo --agencies N` adds load-test agencies with an operator and an admin each."""

from __future__ import annotations

from agencies import demo
from agencies.models import Instansi, User


def test_the_demo_scales_to_the_asked_number_of_agencies(db):
    agencies, _accounts = demo.populate(9)
    assert len(agencies) == 9
    extra = Instansi.objects.filter(nama__startswith="Kabupaten Beban").order_by("kode_bkn")
    assert [a.kode_bkn for a in extra] == ["9301", "9302"]
    assert {a.provinsi.nama for a in extra} == {"Provinsi Uji Beban"}
    operator = User.objects.get(username="operator_beban02")
    assert operator.role == User.Role.OPERATOR and operator.instansi == extra[1]
    assert User.objects.get(username="admin_beban01").role == User.Role.ADMIN_INSTANSI
    # Running it again changes nothing; without the option no load-test agency appears.
    assert len(demo.populate(9)[0]) == 9
    assert len(demo.populate()[0]) == 7
    assert Instansi.objects.filter(nama__startswith="Kabupaten Beban").count() == 2
