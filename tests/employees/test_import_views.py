"""The import screens, the template, the error file and the export, through the test client."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from agencies.models import AuditEvent
from employees.importing.models import ImportBatch
from employees.models import Employee
from tests.factories import EmployeeFactory

from .conftest import BUDI, csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("employees:import_upload", args=["pegawai"])


def post_file(client, name: str, content: bytes):
    return client.post(UPLOAD, {"berkas": upload(name, content)}, follow=True)


def read_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_upload_preview_confirm_in_the_browser_flow(admin_client, sheet_rows):
    response = post_file(admin_client, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    page = response.content.decode()
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "employees:import_batch", args=["pegawai", batch.pk]
    )
    assert 'data-testid="count-new">3<' in page and 'data-testid="confirm-import"' in page
    assert not Employee.objects.exists()
    response = admin_client.post(
        reverse("employees:import_confirm", args=["pegawai", batch.pk]), follow=True
    )
    assert 'data-testid="import-done"' in response.content.decode()
    assert Employee.objects.count() == 3


def test_errors_are_listed_and_downloadable_as_the_failing_rows(admin_client, sheet_rows):
    sheet_rows[2][0] = "19900115201403200"  # 17 digits
    sheet_rows[3][6] = "31-02-1992"
    page = post_file(admin_client, "pegawai.xlsx", xlsx_bytes(sheet_rows)).content.decode()
    assert "NIP harus 18 digit; yang diisi 17 digit." in page
    assert "Tanggal &#x27;31-02-1992&#x27; tidak ada di kalender." in page
    assert 'data-testid="confirm-import"' not in page
    batch = ImportBatch.objects.get()
    response = admin_client.get(reverse("employees:import_errors", args=["pegawai", batch.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_xlsx(response.content)
    assert rows[0][0] == "NIP" and rows[0][-1] == "KESALAHAN"
    assert [r[0] for r in rows[1:]] == ["19900115201403200", "199205102024212003"]
    assert rows[1][-1].startswith("Baris 3: NIP: NIP harus 18 digit")
    assert rows[2][-1].startswith("Baris 4: TANGGAL LAHIR:")


def test_the_upload_page_states_its_row_limit_in_indonesian_digits(admin_client, settings):
    settings.IMPORT_MAX_ROWS = 200000
    page = admin_client.get(UPLOAD).content.decode()
    assert "200.000 baris" in page and "200000" not in page


def test_a_wrong_file_is_refused_on_the_upload_form(admin_client):
    page = post_file(admin_client, "foto.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00\x00").content.decode()
    assert "Berkas bukan .xlsx atau .csv" in page
    assert not ImportBatch.objects.exists()


def test_another_agencys_batch_answers_404(client, people, referensi, unit_contoh, sheet_rows):
    client.force_login(people["admin_contoh"])
    post_file(client, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    batch = ImportBatch.objects.get()
    client.force_login(people["admin_lain"])
    for name in ["import_batch", "import_progress", "import_errors", "import_confirm"]:
        response = client.get(reverse(f"employees:{name}", args=["pegawai", batch.pk]))
        assert response.status_code == 404, name
    assert client.get(reverse("employees:import_upload", args=["tidak-ada"])).status_code == 404


def test_the_progress_partial_polls_while_running_and_reloads_when_done(admin_client, sheet_rows):
    post_file(admin_client, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    batch = ImportBatch.objects.get()
    url = reverse("employees:import_progress", args=["pegawai", batch.pk])
    ImportBatch.objects.filter(pk=batch.pk).update(status="validating", progress=40)
    response = admin_client.get(url)
    assert (
        'hx-trigger="every 1s"' in response.content.decode() and "40%" in response.content.decode()
    )
    assert "HX-Refresh" not in response
    ImportBatch.objects.filter(pk=batch.pk).update(status="validated", progress=100)
    assert admin_client.get(url)["HX-Refresh"] == "true"


def test_the_template_has_headers_an_example_and_lists(admin_client):
    response = admin_client.get(reverse("employees:import_template", args=["pegawai"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["NIP", "NAMA", "GELAR DEPAN"] and "GOL/RUANG" in headers
    assert sheet["A2"].value == "198609262015051001" and sheet["A2"].number_format == "@"
    lists = {}
    for validation in sheet.data_validations.dataValidation:
        target = headers[openpyxl.utils.column_index_from_string(str(validation.sqref)[0]) - 1]
        cells = book["Daftar"][validation.formula1.split("!")[1].replace("$", "")]
        lists[target] = [row[0].value for row in cells]
    assert lists["STATUS"] == ["PNS", "CPNS", "PPPK"] and lists["JENIS KELAMIN"] == ["L", "P"]
    assert "IV/e" in lists["GOL/RUANG"] and "XVII" in lists["GOL/RUANG"]
    assert lists["PENDIDIKAN"][-1] == "S-3" and "Fungsional" in lists["JENIS JABATAN"]
    assert lists["UNIT KERJA"] == ["Badan Kepegawaian Daerah"]
    assert "Ahli Pertama" in lists["JENJANG FUNGSIONAL"]


def test_the_template_as_downloaded_is_read_cleanly_and_imports_nobody(admin_client):
    content = admin_client.get(reverse("employees:import_template", args=["pegawai"])).content
    page = post_file(admin_client, "templat.xlsx", content).content.decode()
    assert 'data-testid="count-error">0<' in page, page[page.find("import-errors") :][:800]
    assert 'data-testid="count-new">0<' in page, "the example row is not an employee"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_export_re_imports_unchanged(admin_client, sheet_rows, fmt):
    post_file(admin_client, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    admin_client.post(
        reverse("employees:import_confirm", args=["pegawai", ImportBatch.objects.get().pk])
    )
    exported = admin_client.get(reverse("employees:export", args=[fmt]))
    assert exported.status_code == 200
    page = post_file(admin_client, f"ekspor.{fmt}", exported.content).content.decode()
    assert 'data-testid="count-unchanged">3<' in page
    assert 'data-testid="count-changed">0<' in page and 'data-testid="count-error">0<' in page
    assert AuditEvent.objects.filter(action="employees.export").exists()


def test_the_export_neutralises_formulas_and_still_round_trips(admin_client, people, wilayah):
    EmployeeFactory(
        nip=BUDI[0], nama="=HYPERLINK(\"http://x\")", jabatan="@SUM(A1)", tempat_lahir="-2+3",
        gelar_depan="+Dr.", instansi=wilayah["kabupaten"],
    )  # fmt: skip
    rows = read_xlsx(admin_client.get(reverse("employees:export", args=["xlsx"])).content)
    assert rows[1][1] == '\'=HYPERLINK("http://x")' and rows[1][2] == "'+Dr."
    assert rows[1][5] == "'-2+3" and rows[1][10] == "'@SUM(A1)"
    text = admin_client.get(reverse("employees:export", args=["csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    page = post_file(admin_client, "ekspor.csv", text.encode()).content.decode()
    assert 'data-testid="count-unchanged">1<' in page


def test_the_export_follows_the_filter_and_the_scope(client, people, referensi, wilayah):
    EmployeeFactory(nama="Ani Contoh", instansi=wilayah["kabupaten"], status="PNS")
    EmployeeFactory(nama="Orang Lain", instansi=wilayah["kabupaten_lain"])
    client.force_login(people["admin_contoh"])
    names = [
        r[1] for r in read_xlsx(client.get(reverse("employees:export", args=["xlsx"])).content)
    ]
    assert names == ["NAMA", "Ani Contoh"]
    url = reverse("employees:export", args=["xlsx"])
    assert len(read_xlsx(client.get(url, {"q": "tidak ada"}).content)) == 1
    client.force_login(people["operator_contoh"])
    assert client.get(url).status_code == 403


def test_csv_with_semicolons_uploads(admin_client, sheet_rows):
    page = post_file(
        admin_client, "pegawai.csv", csv_bytes(sheet_rows, delimiter=";", bom=True)
    ).content.decode()
    assert 'data-testid="count-new">3<' in page


def test_imports_work_when_uploads_live_in_object_storage(admin_client, sheet_rows, settings):
    """With several app servers the uploads sit in object storage, which has no local path:
    the readers get a temporary copy instead (Django's InMemoryStorage stands in for S3)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    sheet_rows[2][0] = "19900115201403200"  # 17 digits: one error row to download
    page = post_file(admin_client, "pegawai.xlsx", xlsx_bytes(sheet_rows)).content.decode()
    assert "NIP harus 18 digit; yang diisi 17 digit." in page
    batch = ImportBatch.objects.get()
    response = admin_client.get(reverse("employees:import_errors", args=["pegawai", batch.pk]))
    assert [r[0] for r in read_xlsx(response.content)[1:]] == ["19900115201403200"]


def test_the_error_file_joins_several_problems_of_a_row_as_sentences(admin_client, sheet_rows):
    """Each message is a sentence: joined, they read 'x. y.', never 'x.; y.'."""
    sheet_rows[1][4] = "X"  # unknown sex
    sheet_rows[1][6] = "31-02-1986"  # no such date
    post_file(admin_client, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    batch = ImportBatch.objects.get()
    response = admin_client.get(reverse("employees:import_errors", args=["pegawai", batch.pk]))
    [_header, row] = read_xlsx(response.content)
    summary = row[-1]
    assert ".;" not in summary
    assert summary.startswith(
        "Baris 2: TANGGAL LAHIR: Tanggal '31-02-1986' tidak ada di kalender. "
        "JENIS KELAMIN: Jenis kelamin 'X' tidak dikenal;"
    )
    assert summary.endswith(".")
