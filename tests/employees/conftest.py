"""Spreadsheets for the import stories, written as real files the way users make them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = [
    "NIP",
    "NAMA",
    "GELAR DEPAN",
    "GELAR BELAKANG",
    "JENIS KELAMIN",
    "TEMPAT LAHIR",
    "TANGGAL LAHIR",
    "STATUS",
    "GOL/RUANG",
    "TMT GOLONGAN",
    "JABATAN",
    "JENIS JABATAN",
    "JENJANG FUNGSIONAL",
    "UNIT KERJA",
    "PENDIDIKAN",
    "TMT CPNS",
]

# Three real-looking ASN: two PNS and one PPPK (digits 13-14 of an NI PPPK are not a month).
BUDI = [
    "198609262015051001", "Budi Santoso", "", "S.E.", "L", "Medan", dt.date(1986, 9, 26),
    "PNS", "III/a", dt.date(2019, 4, 1), "Analis SDM Aparatur", "Fungsional", "Ahli Pertama",
    "Badan Kepegawaian Daerah", "S-1", dt.date(2015, 5, 1),
]  # fmt: skip
SITI = [
    "199001152014032002", "Siti Rahmawati", "", "S.Kom.", "P", "Padang", dt.date(1990, 1, 15),
    "PNS", "III/b", dt.date(2020, 10, 1), "Pranata Komputer", "Fungsional", "Ahli Muda",
    "Badan Kepegawaian Daerah", "S-1", dt.date(2014, 3, 1),
]  # fmt: skip
DEWI = [
    "199205102024212003", "Dewi Lestari", "", "A.Md.", "P", "Bandung", dt.date(1992, 5, 10),
    "PPPK", "VII", dt.date(2024, 3, 1), "Perawat", "Fungsional", "Terampil",
    "Badan Kepegawaian Daerah", "D-III", "",
]  # fmt: skip


def xlsx_bytes(rows: list[list], *, title_rows: list[list] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in title_rows or []:
        sheet.append(row)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], *, delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow([v.strftime("%d-%m-%Y") if isinstance(v, dt.date) else v for v in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.fixture
def sheet_rows():
    """Fresh copies of the header and the three employees, to edit per test."""
    return [list(HEADER), list(BUDI), list(SITI), list(DEWI)]


@pytest.fixture
def admin_client(client, people, referensi, unit_contoh):
    """The test client logged in as Kabupaten Contoh's admin, who imports."""
    client.force_login(people["admin_contoh"])
    return client


# --- SIASN "Export Data ASN" (shared/domain/formats.md section 1) ---------------------------
SIASN_HEADERS = [
    "PNS ID", "NIP BARU", "NIP LAMA", "NAMA", "GELAR DEPAN", "GELAR BELAKANG",
    "TEMPAT LAHIR ID", "TEMPAT LAHIR NAMA", "TANGGAL LAHIR", "JENIS KELAMIN", "AGAMA ID",
    "AGAMA NAMA", "JENIS KAWIN ID", "JENIS KAWIN NAMA", "NIK", "NOMOR HP", "EMAIL",
    "EMAIL GOV", "ALAMAT", "NPWP NOMOR", "BPJS", "JENIS PEGAWAI ID", "JENIS PEGAWAI NAMA",
    "KEDUDUKAN HUKUM ID", "KEDUDUKAN HUKUM NAMA", "STATUS CPNS PNS", "KARTU ASN VIRTUAL",
    "NOMOR SK CPNS", "TANGGAL SK CPNS", "TMT CPNS", "NOMOR SK PNS", "TANGGAL SK PNS", "TMT PNS",
    "GOL AWAL ID", "GOL AWAL NAMA", "GOL AKHIR ID", "GOL AKHIR NAMA", "TMT GOLONGAN", "MK TAHUN",
    "MK BULAN", "JENIS JABATAN ID", "JENIS JABATAN NAMA", "JABATAN ID", "JABATAN NAMA",
    "TMT JABATAN", "TINGKAT PENDIDIKAN ID", "TINGKAT PENDIDIKAN NAMA", "PENDIDIKAN ID",
    "PENDIDIKAN NAMA", "TAHUN LULUS", "KPKN ID", "KPKN NAMA", "LOKASI KERJA ID",
    "LOKASI KERJA NAMA", "UNOR ID", "UNOR NAMA", "INSTANSI INDUK ID", "INSTANSI INDUK NAMA",
    "INSTANSI KERJA ID", "INSTANSI KERJA NAMA", "SATUAN KERJA INDUK ID",
    "SATUAN KERJA INDUK NAMA", "SATUAN KERJA KERJA ID", "SATUAN KERJA KERJA NAMA",
]  # fmt: skip
# Newer exports append these (formats.md: match headers by name, not by position).
SIASN_NEWER = ["IS VALID NIK", "NAMA SEKOLAH", "FLAG IKD", "ESELON ID", "ESELON NAMA"]

# A PNS with dd-mm-yyyy dates, a PNS in a structural post with ISO dates, a PPPK whose
# golongan id (7) collides with nothing but whose Roman name is what counts, and a part-time
# PPPK (KEDUDUKAN HUKUM 101).
SIASN_BUDI = {
    "NIP BARU": "'198609262015051001", "NAMA": "BUDI SANTOSO", "GELAR BELAKANG": "S.E.",
    "TEMPAT LAHIR NAMA": "MEDAN", "TANGGAL LAHIR": "26-09-1986", "JENIS KELAMIN": "M",
    "NIK": "'1271012609860001", "JENIS PEGAWAI NAMA": "PNS Daerah Kabupaten/Kota",
    "KEDUDUKAN HUKUM ID": "01", "KEDUDUKAN HUKUM NAMA": "Aktif", "STATUS CPNS PNS": "P",
    "TMT CPNS": "01-05-2015", "GOL AWAL ID": "31", "GOL AWAL NAMA": "III/a",
    "GOL AKHIR ID": "32", "GOL AKHIR NAMA": "III/b", "TMT GOLONGAN": "01-04-2019",
    "JENIS JABATAN ID": "2", "JENIS JABATAN NAMA": "Fungsional Tertentu",
    "JABATAN NAMA": "Analis SDM Aparatur Ahli Pertama", "TINGKAT PENDIDIKAN ID": "40",
    "TINGKAT PENDIDIKAN NAMA": "S-1/Sarjana", "PENDIDIKAN NAMA": "S-1 MANAJEMEN",
    "UNOR NAMA": "Badan Kepegawaian Daerah",
}  # fmt: skip
SIASN_SITI = {
    "NIP BARU": "'199001152014032002", "NAMA": "SITI RAHMAWATI", "GELAR BELAKANG": "S.Kom.",
    "TANGGAL LAHIR": "1990-01-15", "JENIS KELAMIN": "F", "KEDUDUKAN HUKUM ID": "01",
    "STATUS CPNS PNS": "P", "TMT CPNS": "2014-03-01", "GOL AKHIR ID": "41",
    "GOL AKHIR NAMA": "IV/a", "JENIS JABATAN ID": "4", "JENIS JABATAN NAMA": "Fungsional Umum",
    "JABATAN NAMA": "Pengelola Kepegawaian", "TINGKAT PENDIDIKAN ID": "30",
    "TINGKAT PENDIDIKAN NAMA": "Diploma III/Sarjana Muda", "UNOR NAMA": "BADAN KEPEGAWAIAN DAERAH",
}  # fmt: skip
SIASN_DEWI = {
    "NIP BARU": "'199205102024212003", "NAMA": "DEWI LESTARI", "GELAR BELAKANG": "A.Md.Kep.",
    "TANGGAL LAHIR": "10-05-1992", "JENIS KELAMIN": "F", "JENIS PEGAWAI NAMA": "PPPK",
    "KEDUDUKAN HUKUM ID": "71", "STATUS CPNS PNS": "P", "GOL AKHIR ID": "7",
    "GOL AKHIR NAMA": "VII", "JENIS JABATAN ID": "2", "JENIS JABATAN NAMA": "Fungsional Tertentu",
    "JABATAN NAMA": "Perawat Terampil", "TINGKAT PENDIDIKAN ID": "30",
    "TINGKAT PENDIDIKAN NAMA": "D-III", "UNOR NAMA": "Badan Kepegawaian Daerah",
}  # fmt: skip
SIASN_AGUS = {
    "NIP BARU": "'199503032025211004", "NAMA": "AGUS PRATAMA", "TANGGAL LAHIR": "03-03-1995",
    "JENIS KELAMIN": "M", "KEDUDUKAN HUKUM ID": "101", "GOL AKHIR ID": "5",
    "GOL AKHIR NAMA": "V", "JENIS JABATAN NAMA": "Fungsional Umum",
    "TINGKAT PENDIDIKAN ID": "15", "TINGKAT PENDIDIKAN NAMA": "SLTA",
    "UNOR NAMA": "Badan Kepegawaian Daerah",
}  # fmt: skip


def siasn_csv(people: list[dict], *, headers: list[str] = SIASN_HEADERS) -> bytes:
    """A SIASN Export Data ASN as the web application writes it: every empty value the
    text `null`, identifiers behind an apostrophe, comma-separated."""
    rows = [headers] + [[person.get(h, "null") for h in headers] for person in people]
    return csv_bytes(rows)
