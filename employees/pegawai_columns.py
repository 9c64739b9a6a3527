"""The columns of the "pegawai" import: the template's headers and every name SIASN, SIMPEG
and hand-made sheets use for them (matched by employees.importing.reader.header_key)."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from .importing import cells
from .importing.kinds import Column
from .models import Employee

# Sheets are Indonesian whatever language the user reads the screens in.
with translation.override("id"):
    JENJANG_LABEL = {v: str(label) for v, label in Employee.JenjangFungsional.choices}

# The NIP column, shared by every import that names employees (talent's SKP and potential).
NIP = Column(
    "nip",
    "NIP",
    parse=cells.nip,
    required=True,
    aliases=("NIP BARU", "NIP 18", "NIP/NI PPPK", "NI PPPK", "NOMOR INDUK PEGAWAI", "nipBaru"),
    example="198609262015051001",
    width=22,
)


def columns() -> list[Column]:
    """The columns of the pegawai sheet: our template's headers, the names real files use
    for them, and SIASN's columns that only tell another field (not in the template)."""
    return [
        NIP,
        Column(
            "nama",
            "NAMA",
            required=True,
            aliases=("NAMA PEGAWAI", "NAMA LENGKAP", "NAMA TANPA GELAR", "NAMA ASN"),
            example="CONTOH Budi Santoso",
            width=28,
        ),
        Column("gelar_depan", "GELAR DEPAN", aliases=("GLR DEPAN",), example="Dr."),
        Column("gelar_belakang", "GELAR BELAKANG", aliases=("GLR BELAKANG",), example="S.E."),
        Column(
            "jenis_kelamin",
            "JENIS KELAMIN",
            aliases=("JK", "L/P", "KELAMIN", "GENDER"),
            choices=("L", "P"),
            example="L",
        ),
        Column(
            "tempat_lahir",
            "TEMPAT LAHIR",
            aliases=("TMP LAHIR", "TPT LAHIR", "TEMPAT LAHIR NAMA"),
            example="Medan",
        ),
        Column(
            "tanggal_lahir",
            "TANGGAL LAHIR",
            parse=cells.date,
            aliases=("TGL LAHIR", "TGL. LAHIR", "TANGGAL LHR"),
            example=dt.date(1986, 9, 26),
        ),
        Column(
            "status",
            "STATUS",
            aliases=("STATUS KEPEGAWAIAN", "STATUS PEGAWAI", "STATUS ASN", "KEDUDUKAN"),
            choices=("PNS", "CPNS", "PPPK"),
            example="PNS",
        ),
        Column(
            "golongan",
            "GOL/RUANG",
            aliases=(
                "GOL. RUANG",
                "GOLONGAN",
                "GOLONGAN/RUANG",
                "GOL",
                "GOLRU",
                "PANGKAT/GOL",
                "GOL AKHIR NAMA",
                "GOL AKHIR",
                "GOLONGAN AKHIR",
            ),
            example="III/a",
        ),
        Column(
            "tmt_golongan",
            "TMT GOLONGAN",
            parse=cells.date,
            aliases=("TMT GOL", "TMT GOL. RUANG", "TMT GOL/RUANG", "TMT PANGKAT"),
            example=dt.date(2019, 4, 1),
        ),
        Column(
            "jabatan",
            "JABATAN",
            aliases=("NAMA JABATAN", "JABATAN SEKARANG", "JABATAN NAMA"),
            example="Analis SDM Aparatur",
            width=30,
        ),
        Column(
            "jenis_jabatan",
            "JENIS JABATAN",
            aliases=("JNS JABATAN", "JENIS JABATAN NAMA"),
            example="Fungsional",
        ),
        Column(
            "jenjang_fungsional",
            "JENJANG FUNGSIONAL",
            aliases=("JENJANG", "JENJANG JABATAN"),
            choices=list(JENJANG_LABEL.values()),
            example="Ahli Pertama",
        ),
        Column(
            "unit",
            "UNIT KERJA",
            aliases=("UNOR", "UNIT ORGANISASI", "SATUAN KERJA", "SATKER", "OPD", "UNOR NAMA"),
            example="Badan Kepegawaian Daerah",
            width=30,
        ),
        Column(
            "pendidikan",
            "PENDIDIKAN",
            aliases=(
                "TINGKAT PENDIDIKAN",
                "PENDIDIKAN TERAKHIR",
                "JENJANG PENDIDIKAN",
                "TK PEND",
                "TINGKAT PENDIDIKAN NAMA",
                "PEND",
                "PEND TERAKHIR",
                "PENDIDIKAN AKHIR",
            ),
            example="S-1",
        ),
        Column(
            "tmt_cpns",
            "TMT CPNS",
            parse=cells.date,
            aliases=("TMT CPNS/PPPK",),
            example=dt.date(2015, 5, 1),
        ),
        # Columns of SIASN exports that say what another field is (not in our template).
        Column(
            "status_cpns_pns",
            "STATUS CPNS PNS",
            aliases=("STATUS CPNS/PNS",),
            in_template=False,
        ),
        Column(
            "kedudukan_hukum",
            "KEDUDUKAN HUKUM ID",
            aliases=("KEDUDUKAN PNS ID", "KEDUDUKAN HUKUM"),
            in_template=False,
        ),
        Column(
            "jenis_pegawai",
            "JENIS PEGAWAI NAMA",
            aliases=("JENIS PEGAWAI",),
            in_template=False,
        ),
        Column("eselon", "ESELON", aliases=("ESELON ID", "ESELON NAMA"), in_template=False),
        Column(
            "pendidikan_kode",
            "TINGKAT PENDIDIKAN ID",
            aliases=("TK PENDIDIKAN ID", "KODE PENDIDIKAN"),
            in_template=False,
        ),
    ]
