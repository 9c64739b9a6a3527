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
