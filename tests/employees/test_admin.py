"""The admin site exports employees but never imports them: imports go through the app's
import page (NIP rules, preview, audit), which the admin's list links to."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import NoReverseMatch, reverse

from agencies.models import AuditEvent
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/employees/employee/"


@pytest.fixture
def superadmin_client(client, people, referensi):
    client.force_login(people["superadmin"])
    return client


def test_the_admin_has_no_import_screen(superadmin_client):
    with pytest.raises(NoReverseMatch):
        reverse("admin:employees_employee_import")
    assert superadmin_client.get(CHANGELIST + "import/").status_code != 200
    page = superadmin_client.get(CHANGELIST).content.decode()
    assert "/admin/employees/employee/import/" not in page


def test_the_admin_list_links_to_the_import_page(superadmin_client):
    page = superadmin_client.get(CHANGELIST).content.decode()
    assert f'href="{reverse("employees:import_upload", kwargs={"kind": "pegawai"})}"' in page


def test_the_admin_export_neutralises_formulas_and_is_audited(superadmin_client, wilayah):
    rogue = EmployeeFactory(nama='=HYPERLINK("http://evil")', instansi=wilayah["kabupaten"])
    EmployeeFactory(nama="Budi Santoso", instansi=wilayah["kabupaten"])
    response = superadmin_client.post(
        CHANGELIST, {"action": "export_xlsx", "_selected_action": [rogue.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pegawai-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("NIP", "NAMA")
    assert [row[1] for row in rows[1:]] == ['\'=HYPERLINK("http://evil")']
    assert rows[1][0] == rogue.nip
    assert AuditEvent.objects.filter(action="employees.export", detail__source="admin").exists()
