"""Synthetic ASN records with valid NIPs, for the demo and for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from agencies.models import Instansi, UnitKerja

from . import nip as nip_rules
from .models import Employee, Golongan, JenisJabatan, Pendidikan, StatusKepegawaian

NAMA_DEPAN_L = [
    "Agus",
    "Budi",
    "Dedi",
    "Eko",
    "Fajar",
    "Hendra",
    "Imam",
    "Joko",
    "Rudi",
    "Slamet",
    "Teguh",
    "Wahyu",
    "Yusuf",
    "Arif",
    "Bambang",
    "Dimas",
    "Gilang",
    "Hadi",
    "Rizky",
    "Andi",
]
NAMA_DEPAN_P = [
    "Ayu",
    "Dewi",
    "Fitri",
    "Indah",
    "Lestari",
    "Nur",
    "Putri",
    "Rina",
    "Sari",
    "Siti",
    "Tri",
    "Wulan",
    "Yuni",
    "Ratna",
    "Maya",
    "Dian",
    "Nina",
    "Kartika",
    "Intan",
    "Citra",
]
NAMA_BELAKANG = [
    "Santoso",
    "Wijaya",
    "Pratama",
    "Saputra",
    "Hidayat",
    "Kurniawan",
    "Setiawan",
    "Nugroho",
    "Purnomo",
    "Rahmawati",
    "Lestari",
    "Susanti",
    "Handayani",
    "Wibowo",
    "Siregar",
    "Nasution",
    "Harahap",
    "Simanjuntak",
    "Pohan",
    "Sembiring",
    "Tanjung",
    "Lubis",
    "Rahman",
    "Syahputra",
]
KOTA_LAHIR = [
    "Medan",
    "Padang",
    "Bandung",
    "Semarang",
    "Surabaya",
    "Makassar",
    "Palembang",
    "Yogyakarta",
    "Denpasar",
    "Pontianak",
    "Manado",
    "Ambon",
    "Kupang",
    "Jayapura",
]
JABATAN = {
    "jpt_pratama": ["Kepala Dinas", "Kepala Badan", "Sekretaris Daerah"],
    "administrator": ["Kepala Bidang", "Kepala Bagian", "Sekretaris Dinas"],
    "pengawas": ["Kepala Seksi", "Kepala Subbagian", "Kepala Subbidang"],
    "fungsional": [
        "Analis SDM Aparatur",
        "Guru",
        "Dokter",
        "Perawat",
        "Perencana",
        "Pranata Komputer",
        "Auditor",
        "Arsiparis",
    ],
    "pelaksana": [
        "Pengadministrasi Umum",
        "Pengelola Data",
        "Pengemudi",
        "Bendahara",
        "Penata Laporan Keuangan",
    ],
}
JOB_WEIGHTS = {
    "jpt_pratama": 1,
    "administrator": 3,
    "pengawas": 8,
    "fungsional": 45,
    "pelaksana": 43,
}
# Golongan and education follow the post, as they do in a real agency: a Kepala Dinas is
# IV/c with a master's degree, a driver II/b with a senior-high diploma. Golongan as (lowest,
# highest) names; education as BKN codes to pick from.
GOLONGAN_JABATAN = {
    "jpt_pratama": ("IV/c", "IV/d"),
    "administrator": ("III/d", "IV/b"),
    "pengawas": ("III/b", "III/d"),
    "fungsional": ("III/a", "IV/c"),
    "pelaksana": ("II/a", "III/b"),
}
PENDIDIKAN_JABATAN = {
    "jpt_pratama": ("45", "45", "50"),
    "administrator": ("40", "45", "45"),
    "pengawas": ("35", "40", "40", "45"),
    "fungsional": ("40", "40", "45", "35"),
    "pelaksana": ("15", "15", "25", "30", "40"),
}
GOLONGAN_FUNGSIONAL = {
    "ahli_pertama": ("III/a", "III/b"),
    "ahli_muda": ("III/c", "III/d"),
    "ahli_madya": ("IV/a", "IV/c"),
}
GELAR_BELAKANG = ["S.Kom.", "S.E.", "S.H.", "S.Pd.", "S.T.", "M.M.", "M.Si.", "S.Sos.", "A.Md."]


class EmployeeFactory:
    """Makes unsaved Employee rows; remembers every NIP it gave so none repeats."""

    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)
        self.used: set[str] = set(Employee.objects.values_list("nip", flat=True))
        self.golongan_pns = list(Golongan.objects.filter(untuk_pppk=False))
        self.golongan_pppk = list(Golongan.objects.filter(untuk_pppk=True))
        self.pendidikan = list(Pendidikan.objects.all())
        self.pendidikan_by_kode = {p.kode: p for p in self.pendidikan}
        self.jenis = {j.kode: j for j in JenisJabatan.objects.all()}

    def _nip(self, born: dt.date, year: int, month: int, sex: str, status: str) -> str:
        while True:
            urut = self.rng.randint(1, 999)
            code = nip_rules.build(born, year, month, sex, urut)
            if code not in self.used:
                self.used.add(code)
                return code

    def make(self, instansi: Instansi, units: list[UnitKerja]) -> Employee:
        rng = self.rng
        sex = rng.choice("LP")
        first = rng.choice(NAMA_DEPAN_L if sex == "L" else NAMA_DEPAN_P)
        born = dt.date(rng.randint(1966, 2000), rng.randint(1, 12), rng.randint(1, 28))
        status = rng.choices(
            [StatusKepegawaian.PNS, StatusKepegawaian.CPNS, StatusKepegawaian.PPPK], [80, 4, 16]
        )[0]
        start_year = min(born.year + rng.randint(22, 32), 2025)
        if status == StatusKepegawaian.PPPK:
            # NI PPPK: digits 13-14 are not a month (real numbers read 202421, 202521).
            code = self._nip(born, rng.choice([2022, 2023, 2024, 2025]), 21, sex, status)
            tmt_cpns = None
            golongan = rng.choice(self.golongan_pppk)
        else:
            if status == StatusKepegawaian.CPNS:
                start_year = 2025
            month = rng.randint(1, 12)
            code = self._nip(born, start_year, month, sex, status)
            tmt_cpns = dt.date(start_year, month, 1)
            golongan = None
        job = rng.choices(list(JOB_WEIGHTS), list(JOB_WEIGHTS.values()))[0]
        jenjang = (
            rng.choice(["ahli_pertama", "ahli_muda", "ahli_madya"]) if job == "fungsional" else ""
        )
        if status != StatusKepegawaian.PNS:
            # Candidates start at the bottom and PPPK hold no managerial post: a functional
            # post or staff.
            job = rng.choice(["fungsional", "pelaksana"])
            jenjang = "ahli_pertama" if job == "fungsional" else ""
        if golongan is None:
            low, high = GOLONGAN_FUNGSIONAL.get(jenjang) or GOLONGAN_JABATAN[job]
            names = [g.nama for g in self.golongan_pns]
            golongan = rng.choice(self.golongan_pns[names.index(low) : names.index(high) + 1])
        education = self.pendidikan_by_kode[rng.choice(PENDIDIKAN_JABATAN[job])]
        return Employee(
            nip=code,
            nama=f"{first} {rng.choice(NAMA_BELAKANG)}",
            gelar_belakang=rng.choice(GELAR_BELAKANG) if education.kode >= "30" else "",
            jenis_kelamin=sex,
            tempat_lahir=rng.choice(KOTA_LAHIR),
            tanggal_lahir=born,
            status=status,
            golongan=golongan,
            tmt_golongan=dt.date(rng.randint(max(start_year, 2010), 2025), rng.choice([4, 10]), 1),
            jabatan=rng.choice(JABATAN[job]),
            jenis_jabatan=self.jenis[job],
            jenjang_fungsional=jenjang,
            instansi=instansi,
            unit=rng.choice(units) if units else None,
            pendidikan=education,
            tmt_cpns=tmt_cpns,
        )

    def many(self, instansi: Instansi, count: int) -> Iterator[Employee]:
        units = list(UnitKerja.objects.filter(instansi=instansi))
        for _ in range(count):
            yield self.make(instansi, units)


def populate(agencies: list[Instansi], per_agency: int, seed: int = 2026) -> int:
    """Give each agency that has no employees yet `per_agency` synthetic ones."""
    factory = EmployeeFactory(seed)
    created = 0
    for instansi in agencies:
        if Employee.objects.filter(instansi=instansi).exists():
            continue
        rows = list(factory.many(instansi, per_agency))
        Employee.objects.bulk_create(rows, batch_size=1000)
        created += len(rows)
    return created
