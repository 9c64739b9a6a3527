"""An admin imports the agency's ASN spreadsheet: dry run, preview, confirm, apply."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections
from django.utils import timezone

from agencies.models import AuditEvent, UnitKerja
from employees.importing import engine, seen, services
from employees.importing.models import ImportBatch
from employees.models import Employee
from employees.pegawai_import import PegawaiImport
from tests.factories import EmployeeFactory

from .conftest import BUDI, DEWI, HEADER, csv_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(people, referensi, unit_contoh):
    return people["admin_contoh"]


def dry_run(admin, name: str, content: bytes) -> ImportBatch:
    batch = services.start_batch(
        kind="pegawai", instansi=admin.instansi, user=admin, upload=upload(name, content)
    )
    batch.refresh_from_db()
    return batch


def import_file(admin, name: str, content: bytes) -> ImportBatch:
    batch = dry_run(admin, name, content)
    assert batch.status == ImportBatch.Status.VALIDATED, (batch.message, batch.errors)
    if batch.can_apply:
        assert services.confirm_batch(batch)
        batch.refresh_from_db()
    return batch


def test_a_clean_sheet_is_previewed_then_applied(admin, sheet_rows):
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert (batch.count_new, batch.count_changed, batch.count_error) == (3, 0, 0), batch.errors
    assert not Employee.objects.exists(), "a dry run writes nothing"

    assert services.confirm_batch(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    budi = Employee.objects.get(nip=BUDI[0])
    assert budi.instansi == admin.instansi
    assert budi.golongan.nama == "III/a" and budi.pendidikan.nama == "S-1"
    assert budi.unit.nama == "Badan Kepegawaian Daerah"
    assert budi.tanggal_lahir == dt.date(1986, 9, 26) and budi.tmt_cpns == dt.date(2015, 5, 1)
    assert budi.jenjang_fungsional == "ahli_pertama"
    dewi = Employee.objects.get(nip=DEWI[0])
    assert dewi.status == "PPPK" and dewi.golongan.nama == "VII" and dewi.tmt_cpns is None
    assert budi.history.first().history_user == admin, "imports are in the change history"
    event = AuditEvent.objects.get(action="import.pegawai")
    assert event.actor == admin and event.detail["new"] == 3
    assert event.detail["file"] == "pegawai.xlsx"


def test_re_importing_the_same_file_changes_nothing(admin, sheet_rows):
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    history = Employee.history.count()
    again = import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert (again.count_new, again.count_changed, again.count_unchanged) == (0, 0, 3)
    assert not again.can_apply
    assert Employee.history.count() == history


def test_a_changed_row_shows_its_changes_and_updates_the_record(admin, sheet_rows):
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    sheet_rows[1][8] = "III/b"
    sheet_rows[1][1] = "Budi Santoso Wibowo"
    batch = dry_run(admin, "naik-pangkat.xlsx", xlsx_bytes(sheet_rows))
    assert (batch.count_new, batch.count_changed, batch.count_unchanged) == (0, 1, 2)
    [change] = batch.changes
    assert change["row"] == 2
    assert ["GOL/RUANG", "III/a", "III/b"] in change["changes"]
    assert ["NAMA", "Budi Santoso", "Budi Santoso Wibowo"] in change["changes"]
    services.confirm_batch(batch)
    budi = Employee.objects.get(nip=BUDI[0])
    assert budi.golongan.nama == "III/b" and budi.nama == "Budi Santoso Wibowo"
    assert budi.history.first().history_change_reason == "Impor berkas naik-pangkat.xlsx"


def test_one_bad_row_blocks_the_whole_file(admin, sheet_rows):
    sheet_rows[2][0] = "199001152014132002"  # month 13
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.count_error == 1 and batch.count_new == 2
    assert not batch.can_apply and not services.confirm_batch(batch)
    assert batch.errors[0][:2] == [3, "NIP"]
    assert "bukan tahun-bulan TMT CPNS" in batch.errors[0][2]
    assert not Employee.objects.exists()


def test_a_failure_while_writing_leaves_nothing_behind(admin, sheet_rows):
    # The second employee's unit is deleted between the preview and the confirmation: the
    # apply re-validates, finds the error and writes none of the three rows.

    sheet_rows[2][13] = "Sekretariat Daerah"
    sekretariat = UnitKerja.objects.create(instansi=admin.instansi, nama="Sekretariat Daerah")
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.can_apply
    sekretariat.delete()
    services.confirm_batch(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VALIDATED and batch.count_error == 1
    assert not Employee.objects.exists()


def test_a_bad_row_after_written_chunks_rolls_them_back(admin, sheet_rows, monkeypatch):
    # Applying writes each chunk as soon as it is checked (memory stays flat). A row found
    # bad only at apply time, after earlier chunks were written, takes them back with it.
    monkeypatch.setattr(PegawaiImport, "chunk_size", 1)
    sheet_rows[3][13] = "Sekretariat Daerah"
    sekretariat = UnitKerja.objects.create(instansi=admin.instansi, nama="Sekretariat Daerah")
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.can_apply
    sekretariat.delete()
    services.confirm_batch(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VALIDATED
    assert (batch.count_new, batch.count_error) == (2, 1)
    assert batch.errors[0][0] == 4
    assert not Employee.objects.exists()
    assert not Employee.history.exists()
    assert not AuditEvent.objects.filter(action="import.pegawai").exists()


def test_skipping_bad_rows_keeps_the_chunks_before_and_after_them(admin, sheet_rows, monkeypatch):
    monkeypatch.setattr(PegawaiImport, "chunk_size", 1)
    sheet_rows[2][13] = "Unit Yang Tidak Ada"
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.count_error == 1 and batch.can_apply_valid
    assert services.confirm_batch(batch, skip_invalid=True)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert sorted(Employee.objects.values_list("nip", flat=True)) == sorted(
        [sheet_rows[1][0], sheet_rows[3][0]]
    )


def test_the_writes_are_one_transaction(admin, sheet_rows, monkeypatch):
    # A database failure in the middle of writing (here: the second write call) rolls back
    # the first chunk too: an import lands completely or not at all.

    monkeypatch.setattr(PegawaiImport, "chunk_size", 1)
    real_write = PegawaiImport.write
    calls = []

    def failing_write(self, new, changed):
        calls.append(1)
        if len(calls) == 2:
            raise IntegrityError("disk penuh")
        return real_write(self, new, changed)

    monkeypatch.setattr(PegawaiImport, "write", failing_write)
    batch = import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.status == ImportBatch.Status.FAILED
    assert "tidak ada data yang disimpan" in batch.message
    assert not Employee.objects.exists()
    assert not AuditEvent.objects.filter(action="import.pegawai").exists()


@pytest.mark.django_db(transaction=True)
def test_the_progress_of_an_apply_is_seen_before_it_commits(admin, sheet_rows, monkeypatch):
    # The page polling the batch reads it on another connection: while the import's one
    # transaction is open, the progress bar moves all the same (PostgreSQL; SQLite takes
    # one writer at a time and shows the progress at the end).
    if connection.vendor != "postgresql":
        pytest.skip("progress during the transaction needs a second writer (PostgreSQL)")
    monkeypatch.setattr(PegawaiImport, "chunk_size", 1)
    monkeypatch.setattr(engine, "PROGRESS_EVERY", -1.0)
    seen: list[int] = []
    real_write = PegawaiImport.write
    other = connections.create_connection(DEFAULT_DB_ALIAS)

    def write_and_look(self, new, changed):
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT progress FROM employees_importbatch WHERE id = %s", [self.batch.pk]
            )
            seen.append(cursor.fetchone()[0])
            cursor.execute("SELECT count(*) FROM employees_employee")
            assert cursor.fetchone()[0] == 0, "nothing is visible before the commit"
        return real_write(self, new, changed)

    monkeypatch.setattr(PegawaiImport, "write", write_and_look)
    try:
        batch = import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    finally:
        other.close()
    assert batch.status == ImportBatch.Status.DONE
    # Each chunk is written as soon as it is checked: the write of the n-th row sees the
    # progress reported after the rows before it.
    assert seen == [0, 30, 60]
    assert Employee.objects.count() == 3


def test_rows_of_another_agencys_nip_are_refused(admin, sheet_rows, wilayah):
    EmployeeFactory(nip=BUDI[0], instansi=wilayah["kabupaten_lain"], nama="Orang Lain")
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.count_error == 1
    assert batch.errors[0][:2] == [2, "NIP"]
    # Neither that nor where it exists: only that it cannot be used here (issue 15).
    assert "tidak dapat dipakai di instansi Anda" in batch.errors[0][2]
    assert "Kabupaten Lain" not in batch.errors[0][2]
    assert Employee.objects.get(nip=BUDI[0]).nama == "Orang Lain"


def test_duplicate_rows_in_the_file_are_errors(admin, sheet_rows):
    sheet_rows.append(list(BUDI))
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.count_error == 1
    assert batch.errors == [[5, "NIP", "Baris ganda: data yang sama sudah ada di baris 2."]]


def test_what_an_earlier_chunk_met_is_remembered(admin, sheet_rows, monkeypatch):
    # The file's keys and people met so far are kept off the Python heap, asked once a
    # chunk (employees/importing/seen.py). With one row a chunk every look-back crosses
    # chunks: the duplicate NIP is still an error, the same person under a second NIP
    # still a warning, on the preview and when applying the valid rows; also when what
    # was met is past the table's memory, on disk.
    monkeypatch.setattr(PegawaiImport, "chunk_size", 1)
    monkeypatch.setattr(seen, "MEMORY_ENTRIES", 0)  # every key on disk
    again = list(BUDI)
    twin = list(BUDI)
    twin[0], twin[15] = "198609262016011002", dt.date(2016, 1, 1)
    sheet_rows += [again, twin]
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.errors == [[5, "NIP", "Baris ganda: data yang sama sudah ada di baris 2."]]
    assert [5, 6] not in [w[:2] for w in batch.warnings]
    assert [6, "NIP", "Nama dan tanggal lahir sama dengan baris 2 (NIP 198609262015051001): "
            "orang yang sama dengan dua NIP?"] in batch.warnings  # fmt: skip
    assert services.confirm_batch(batch, skip_invalid=True)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.count_new == 4
    assert Employee.objects.filter(nama="Budi Santoso").count() == 2


def test_an_import_stamps_records_and_their_history_with_one_moment(admin, sheet_rows):
    # The stamp is rendered once a write (bulk.constant): as text on PostgreSQL's COPY.
    before = timezone.now()
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    budi = Employee.objects.get(nip=BUDI[0])
    history = budi.history.get()
    assert budi.created == budi.updated == history.history_date
    assert before <= budi.created <= timezone.now()
    assert (history.history_type, history.history_user) == ("+", admin)


def test_a_nip_stored_as_a_number_is_reported_not_guessed(admin, sheet_rows):
    sheet_rows[1][0] = 198609262015051001
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.errors[0][:2] == [2, "NIP"]
    assert "format kolom NIP sebagai teks" in batch.errors[0][2]


def test_title_rows_aliases_and_spaces_are_understood(admin, sheet_rows):
    aliases = {
        "NIP": "NIP BARU",
        "NAMA": "Nama",
        "GOL/RUANG": "GOL. RUANG",
        "TMT GOLONGAN": "TMT GOL",
        "UNIT KERJA": "Unit Kerja",
        "TANGGAL LAHIR": "TGL LAHIR",
    }
    sheet_rows[0] = [aliases.get(h, h) for h in sheet_rows[0]]
    sheet_rows[1][0] = "19860926 201505 1 001"
    sheet_rows[1][1] = "  Budi   Santoso "
    title = [["DAFTAR NOMINATIF PEGAWAI"], ["KABUPATEN CONTOH"], []]
    batch = dry_run(admin, "siasn.xlsx", xlsx_bytes(sheet_rows, title_rows=title))
    assert batch.count_error == 0, batch.errors
    services.confirm_batch(batch)
    assert Employee.objects.get(nip="198609262015051001").nama == "Budi Santoso"


@pytest.mark.parametrize(
    "written", [dt.date(1986, 9, 26), "26-09-1986", "26/09/1986", "1986-09-26", 31681]
)
def test_each_date_form_is_read(admin, sheet_rows, written):
    sheet_rows[1][6] = written
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows[:2]))
    assert batch.count_error == 0, batch.errors
    services.confirm_batch(batch)
    assert Employee.objects.get(nip=BUDI[0]).tanggal_lahir == dt.date(1986, 9, 26)


def test_an_unreadable_date_names_row_and_column(admin, sheet_rows):
    sheet_rows[1][9] = "1 April 2019"
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.errors[0][:2] == [2, "TMT GOLONGAN"]
    assert "dd-mm-yyyy" in batch.errors[0][2]


def test_the_same_unreadable_date_on_several_rows_is_reported_on_each(admin, sheet_rows):
    # Cells with the same text are parsed once per import: the error must still reach
    # every row that has it, and the good rows around them stay good.
    sheet_rows[1][9] = sheet_rows[3][9] = "1 April 2019"
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert [error[:2] for error in batch.errors] == [[2, "TMT GOLONGAN"], [4, "TMT GOLONGAN"]]
    assert batch.errors[0][2] == batch.errors[1][2]
    assert batch.count_error == 2 and batch.count_new == 1


@pytest.mark.parametrize(
    ("delimiter", "bom"), [(",", False), (",", True), (";", False), (";", True)]
)
def test_csv_in_utf8_with_or_without_bom_comma_or_semicolon(admin, sheet_rows, delimiter, bom):
    batch = import_file(admin, "pegawai.csv", csv_bytes(sheet_rows, delimiter=delimiter, bom=bom))
    assert batch.status == ImportBatch.Status.DONE, batch.errors
    assert Employee.objects.count() == 3


def test_unknown_columns_are_listed_and_ignored(admin, sheet_rows):
    sheet_rows[0].append("KETERANGAN")
    for row in sheet_rows[1:]:
        row.append("catatan")
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.unknown_columns == ["KETERANGAN"]
    assert batch.can_apply


def test_a_missing_required_column_stops_with_its_name(admin, sheet_rows):
    # STATUS is not required any more (real exports lack it); the name still is.
    rows = [row[:1] + row[2:] for row in sheet_rows]  # no NAMA column
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(rows))
    assert batch.status == ImportBatch.Status.FAILED
    assert "Kolom wajib tidak ditemukan: NAMA" in batch.message


def test_columns_missing_from_the_file_leave_the_records_alone(admin, sheet_rows):
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    short = [[row[0], row[1], row[7]] for row in sheet_rows]  # NIP, NAMA, STATUS only
    batch = dry_run(admin, "ringkas.xlsx", xlsx_bytes(short))
    assert (batch.count_unchanged, batch.count_error) == (3, 0)
    assert Employee.objects.get(nip=BUDI[0]).jabatan == "Analis SDM Aparatur"


def test_a_file_that_is_not_a_spreadsheet_is_refused(admin):
    with pytest.raises(services.FileProblem, match="biner"):
        dry_run(admin, "foto.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(services.FileProblem, match="tidak sesuai"):
        dry_run(admin, "data.xlsx", csv_bytes([HEADER, BUDI]))


def test_the_size_and_row_limits_are_settings_with_clear_messages(admin, sheet_rows, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    with pytest.raises(services.FileProblem, match="terlalu besar"):
        dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    settings.IMPORT_MAX_UPLOAD_BYTES = 10_000_000
    settings.IMPORT_MAX_ROWS = 2
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.status == ImportBatch.Status.FAILED
    assert "lebih dari 2 baris" in batch.message


def test_a_batch_whose_worker_died_can_be_retried(admin, sheet_rows, settings):
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    # As a killed worker leaves it: status "applying", heartbeat long ago, nothing written.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.APPLYING, heartbeat=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )
    batch.refresh_from_db()
    assert batch.is_stale and batch.can_retry and not batch.is_running
    assert services.retry_batch(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert Employee.objects.count() == 3


def test_the_stored_file_has_an_unguessable_name(admin, sheet_rows):
    batch = dry_run(admin, "daftar pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert "daftar" not in batch.file.name and batch.file.name.startswith("impor/")
    assert len(batch.file.name) > 60


def test_awkward_characters_survive_the_fast_write_path(admin, sheet_rows):
    sheet_rows[1][10] = 'Kasubbag Umum\\Kepegawaian "Bagian" O\'Neil'
    sheet_rows[1][1] = "Budi Ñañez Santoso"
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    budi = Employee.objects.get(nip=BUDI[0])
    assert budi.jabatan == 'Kasubbag Umum\\Kepegawaian "Bagian" O\'Neil'
    assert budi.nama == "Budi Ñañez Santoso"
    assert budi.history.get().jabatan == budi.jabatan


@pytest.mark.django_db(transaction=True)  # the worker commits and closes its connection
def test_with_the_database_backend_a_worker_process_runs_the_import(admin, sheet_rows, settings):
    # Production: TASKS_BACKEND=database queues the run; `manage.py db_worker` does it.

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert batch.status == ImportBatch.Status.QUEUED and batch.is_running
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.VALIDATED and batch.count_new == 3
    assert services.confirm_batch(batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLY_QUEUED and not Employee.objects.exists()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and Employee.objects.count() == 3


def test_row_numbers_count_blank_rows_at_the_top_of_the_sheet(admin, sheet_rows):
    sheet_rows[2][0] = "1990011520140320"  # 16 digits
    batch = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows, title_rows=[[], [], []]))
    assert batch.errors[0][:2] == [6, "NIP"]  # 3 blank rows, header on 4, Siti on 6


def test_a_re_import_recognises_rows_it_wrote_and_still_sees_edits_made_since(admin, sheet_rows):
    """Rows written by the last import from the same text are recognised by their
    fingerprint; a record edited in the app since is compared in full again."""
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert all(Employee.objects.values_list("import_fingerprint", flat=True))
    budi = Employee.objects.get(nip=BUDI[0])
    budi.nama = "Budi S."
    budi.save()
    again = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert (again.count_new, again.count_changed, again.count_unchanged) == (0, 1, 2)
    assert again.changes[0]["changes"] == [["NAMA", "Budi S.", "Budi Santoso"]]


def test_a_re_import_with_another_column_mapping_reads_every_row_again(admin, sheet_rows):
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    # The same rows, but GELAR DEPAN is no longer a known column: the reading context
    # changed, so no fingerprint matches and every row is compared in full (unchanged).
    header = [*HEADER]
    header[2] = "GELAR DEPAN DULU"
    rows = [header, *sheet_rows[1:]]
    again = dry_run(admin, "pegawai.xlsx", xlsx_bytes(rows))
    assert (again.count_new, again.count_changed, again.count_unchanged) == (0, 0, 3)
    assert again.unknown_columns == ["GELAR DEPAN DULU"]


def test_an_unchanged_row_recognised_by_its_fingerprint_still_gets_its_warnings(admin, sheet_rows):
    sheet_rows[1][6] = dt.date(1955, 9, 26)  # past retirement age, NIP says otherwise: no
    sheet_rows[1][0] = "195509262015051001"
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    again = dry_run(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    assert again.count_unchanged == 3
    assert [row for row, _c, _m in again.warnings] == [2]
    assert "melewati batas usia pensiun" in again.warnings[0][2]


def test_applying_a_file_of_another_layout_brings_the_unchanged_rows_fingerprints_along(
    admin, sheet_rows
):
    import_file(admin, "pegawai.xlsx", xlsx_bytes(sheet_rows))
    before = dict(Employee.objects.values_list("nip", "import_fingerprint"))
    history = Employee.history.count()
    # Another layout (a title row, columns in another order) with Siti's golongan raised.
    reordered = [[row[1], row[0], *row[2:]] for row in sheet_rows]
    reordered[2][8] = "III/c"
    batch = import_file(admin, "pegawai-baru.xlsx", xlsx_bytes(reordered))
    assert (batch.count_changed, batch.count_unchanged) == (1, 2)
    after = dict(Employee.objects.values_list("nip", "import_fingerprint"))
    assert all(after[nip] and after[nip] != before[nip] for nip in before)
    assert Employee.history.count() == history + 1, "only Siti's change is history"
