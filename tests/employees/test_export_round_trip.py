"""An admin exports the employees, opens the file in a spreadsheet program, saves it and
imports it again: nothing changes. LibreOffice (Debian's libreoffice-calc-nogui) plays the
spreadsheet program, headless, with an Indonesian locale as agencies use it.

Before identifiers were written the SIASN way, a re-saved CSV carried every NIP as
1.98609262015051E+017: 18 digits a float cannot hold, lost for good."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from employees.importing.models import ImportBatch
from employees.models import Employee

from .conftest import xlsx_bytes
from .test_import import dry_run, import_file

pytestmark = pytest.mark.django_db
SOFFICE = shutil.which("soffice")
INDONESIAN = 1057  # LibreOffice's language id for id-ID: dates d/m/y, comma decimals


@pytest.fixture
def soffice():
    if SOFFICE is None:
        message = "LibreOffice not found (apt-get install libreoffice-calc-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return SOFFICE


def resave(soffice: str, path: Path, tmp_path: Path) -> Path:
    """Open the file in LibreOffice Calc and save it again in the same format."""
    out = tmp_path / "disimpan-ulang"
    profile = tmp_path / "profil-libreoffice"
    if path.suffix == ".csv":
        # Comma, double quote, UTF-8, from line 1, Indonesian locale: how Calc opens it.
        options = [f"--infilter=CSV:44,34,76,1,,{INDONESIAN}", "--convert-to",
                   "csv:Text - txt - csv (StarCalc):44,34,76,1"]  # fmt: skip
    else:
        options = ["--convert-to", "xlsx:Calc MS Excel 2007 XML"]
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         *options, "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return out / path.name


@pytest.fixture
def exported(admin_client, sheet_rows, people):
    import_file(people["admin_contoh"], "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert Employee.objects.count() == 3

    def export(fmt: str, tmp_path: Path) -> Path:
        response = admin_client.get(reverse("employees:export", args=[fmt]))
        assert response.status_code == 200
        path = tmp_path / f"pegawai.{fmt}"
        path.write_bytes(response.content)
        return path

    return export


def reimport(people, path: Path) -> ImportBatch:
    batch = dry_run(people["admin_contoh"], path.name, path.read_bytes())
    assert batch.status == ImportBatch.Status.VALIDATED, (batch.message, batch.errors[:5])
    return batch


def test_the_csv_export_writes_nips_the_siasn_way(exported, tmp_path, sheet_rows):
    text = exported("csv", tmp_path).read_text(encoding="utf-8-sig")
    assert f"'{sheet_rows[1][0]}," in text


def test_an_xlsx_export_resaved_in_libreoffice_imports_unchanged(
    exported, soffice, tmp_path, people
):
    resaved = resave(soffice, exported("xlsx", tmp_path), tmp_path)
    batch = reimport(people, resaved)
    assert (batch.count_new, batch.count_changed, batch.count_error) == (0, 0, 0), (
        batch.changes,
        batch.errors,
    )
    assert batch.count_unchanged == 3


def test_a_csv_export_resaved_in_libreoffice_imports_unchanged(
    exported, soffice, tmp_path, people, sheet_rows
):
    path = exported("csv", tmp_path)
    resaved = resave(soffice, path, tmp_path)
    assert "E+0" not in resaved.read_text(encoding="utf-8-sig")
    batch = reimport(people, resaved)
    assert (batch.count_new, batch.count_changed, batch.count_error) == (0, 0, 0), (
        batch.changes,
        batch.errors,
    )
    assert batch.count_unchanged == 3
