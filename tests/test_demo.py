"""A newcomer's `manage.py demo` builds a working instance, and running it again is harmless."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from agencies.models import Instansi, User
from employees import nip as nip_rules
from employees.models import Employee

pytestmark = pytest.mark.django_db(transaction=True)


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", employees=40, stdout=out)
    return out.getvalue()


def test_the_demo_builds_a_province_with_regencies_users_and_valid_employees(client):
    output = run_demo()
    provinsi = Instansi.objects.get(nama="Provinsi Nusa Merit")
    assert provinsi.daerah.count() >= 4
    assert {u.role for u in User.objects.all()} == set(User.Role.values)
    assert "merit-demo-2026" in output and "operator_contoh" in output

    employees = list(Employee.objects.all())
    assert len(employees) == 40 * Instansi.objects.count()
    for employee in employees:
        assert (
            nip_rules.validate(
                employee.nip,
                status=employee.status,
                tanggal_lahir=employee.tanggal_lahir,
                jenis_kelamin=employee.jenis_kelamin,
                tmt_cpns=employee.tmt_cpns,
            )
            == []
        ), employee.nip

    assert client.login(username="operator_contoh", password="merit-demo-2026")


def test_running_the_demo_twice_creates_nothing_twice():
    run_demo()
    counts = (Instansi.objects.count(), User.objects.count(), Employee.objects.count())
    run_demo()
    assert (Instansi.objects.count(), User.objects.count(), Employee.objects.count()) == counts
