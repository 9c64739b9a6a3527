"""The mapping of a period as an .xlsx workbook, safe to open in a spreadsheet program."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# Text starting with = + - @ gets a leading apostrophe, and the importer strips it again, so
# an export re-imports unchanged.
from core.spreadsheets import neutralise as formula_safe
from core.spreadsheets import sheet_title

from . import ninebox
from .models import Kinerja, MappingPeriod, Placement, Potensial

HEADERS = [
    "NIP",
    "Nama",
    "Unit kerja",
    "Jenis jabatan",
    "Golongan",
    "Predikat SKP",
    "Tingkat kinerja",
    "Nilai potensial",
    "Tingkat potensial",
    "Kotak hasil hitung",
    "Kotak akhir",
    "Label kotak",
    "Dikalibrasi",
    "Alasan kalibrasi terakhir",
    "Penjelasan",
    "Rekomendasi tindak lanjut",
]


def mapping_workbook(period: MappingPeriod, placements, last_reasons: dict[int, str]) -> bytes:
    """Write one row per placement; `placements` should select the employee and unit."""
    rules = period.rules
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(f"Pemetaan {period.nama}"))
    sheet.append([formula_safe(name) for name in HEADERS])
    kinerja_label = dict(Kinerja.choices)
    potensial_label = dict(Potensial.choices)
    placement: Placement
    for placement in placements:
        employee = placement.employee
        box = placement.kotak
        row = [
            employee.nip,
            employee.nama_lengkap,
            placement.unit.nama if placement.unit_id else "",
            placement.jenis_jabatan.nama if placement.jenis_jabatan_id else "",
            placement.golongan.nama if placement.golongan_id else "",
            ninebox.PREDIKAT_LABEL.get(placement.predikat, ""),
            str(kinerja_label.get(placement.kinerja, "")),
            float(placement.nilai_potensial) if placement.nilai_potensial is not None else None,
            str(potensial_label.get(placement.potensial, "")),
            placement.kotak_hitung,
            box,
            rules.label(box) if box else "Tidak terpetakan",
            "Ya" if placement.kotak_kalibrasi is not None else "Tidak",
            last_reasons.get(placement.employee_id, ""),
            placement.penjelasan,
            "; ".join(rules.recommendation(box)) if box else "",
        ]
        cells = [formula_safe(value) for value in row]
        # An 18-digit NIP must stay text, or the spreadsheet program rounds it as a number.
        nip_cell = WriteOnlyCell(sheet, value=cells[0])
        nip_cell.number_format = "@"
        sheet.append([nip_cell, *cells[1:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
