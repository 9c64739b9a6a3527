"""`manage.py impor` runs the screens' import from a script: dry run by default, --apply,
--skip-invalid, --status, and --json with the sheet's own row numbers."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from employees.models import Employee

from .conftest import HEADER, csv_bytes

pytestmark = pytest.mark.django_db


def impor(*args: str) -> tuple[int, dict]:
    out = io.StringIO()
    try:
        call_command("impor", *args, "--json", stdout=out, stderr=io.StringIO())
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code)
    return code, json.loads(out.getvalue())


def test_the_apps_own_template_filled_in_imports_from_a_script(admin_client, sheet_rows, tmp_path):
    template = admin_client.get(reverse("employees:import_template", args=["pegawai"])).content
    path = tmp_path / "templat.xlsx"
    path.write_bytes(template)
    code, result = impor("pegawai", str(path), "--instansi", "9101", "--apply")
    assert (code, result["status"], result["new"], result["rows"]) == (0, "validated", 0, 0)

    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes(sheet_rows))
    code, result = impor("pegawai", str(path), "--instansi", "9101")
    assert (code, result["status"], result["new"]) == (0, "validated", 3)
    assert not Employee.objects.exists(), "without --apply nothing is written"
    code, result = impor("pegawai", str(path), "--instansi", "9101", "--apply")
    assert (code, result["status"], result["new"]) == (0, "done", 3)
    assert Employee.objects.count() == 3


def test_errors_carry_the_sheets_row_numbers_and_fail_the_script(admin_client, tmp_path):
    rows = [["DAFTAR PEGAWAI"], [], HEADER, ["19860926201505100", "Budi", *[""] * 5, "PNS"]]
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes(rows))
    code, result = impor("pegawai", str(path), "--instansi", "9101", "--apply")
    assert code == 1 and result["status"] == "validated" and result["skipped"] == 1
    assert result["errors"] == [
        {"row": 4, "column": "NIP", "message": "NIP harus 18 digit; yang diisi 17 digit."}
    ]


def test_a_file_problem_is_reported_in_the_same_shape(admin_client, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(b"")
    code, result = impor("pegawai", str(path), "--instansi", "9101")
    assert code == 1 and result["status"] == "failed"
    assert result["errors"] == [{"row": None, "column": None, "message": "Berkas kosong."}]


def test_unknown_agency_or_kind_is_a_command_error(admin_client, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(b"NIP,NAMA\n")
    with pytest.raises(CommandError, match="kode BKN '0000'"):
        call_command("impor", "pegawai", str(path), "--instansi", "0000")
    with pytest.raises(CommandError, match="Jenis impor 'gaji' tidak ada"):
        call_command("impor", "gaji", str(path), "--instansi", "9101")
