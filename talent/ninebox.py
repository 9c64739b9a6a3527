"""The nine-box rules, free of Django requests and of the database.

Everything an agency may choose (how an SKP predicate maps to a performance level, the
potential thresholds and weights, the eligibility rule, even the box numbering) arrives as a
`Pengaturan` built from the period's stored settings; the defaults live in
`talent/data/pengaturan_bawaan.json`, not in this module. What stays here are the two axes and
their three levels (Permen PANRB 3/2020) and the five SKP predicates (Permen PANRB 6/2022).

Texts that end up stored in a placement (its explanation) are written in Indonesian on purpose:
they are part of the agency's record, like a decree, and must not change with the reader's
language."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_noop

from core import formats

DEFAULTS_FILE = Path(__file__).resolve().parent / "data" / "pengaturan_bawaan.json"
CENT = Decimal("0.01")
ZERO = Decimal(0)

# The axes, lowest first. Codes are stored; labels are shown. This is the one home of the
# nine-box words: the model choices (talent.models), the importer's accepted words
# (talent.importing), the grid's headings and the stored explanations all read them here.
# gettext_noop only marks them for makemessages; the models translate them for the screen.
KINERJA = ("bawah", "sesuai", "atas")
POTENSIAL = ("rendah", "menengah", "tinggi")
KINERJA_TITLE = {
    "bawah": gettext_noop("Di bawah ekspektasi"),
    "sesuai": gettext_noop("Sesuai ekspektasi"),
    "atas": gettext_noop("Di atas ekspektasi"),
}
POTENSIAL_TITLE = {
    "rendah": gettext_noop("Rendah"),
    "menengah": gettext_noop("Menengah"),
    "tinggi": gettext_noop("Tinggi"),
}
# Inside a sentence ("Kinerja di atas ekspektasi dan potensial tinggi").
KINERJA_LABEL = {code: label[0].lower() + label[1:] for code, label in KINERJA_TITLE.items()}
POTENSIAL_LABEL = {code: label.lower() for code, label in POTENSIAL_TITLE.items()}
# The behaviour and work-result ratings of an SKP use the same three words as the kinerja axis.
RATING = KINERJA
RATING_TITLE = KINERJA_TITLE

PREDIKAT = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
PREDIKAT_LABEL = {
    "sangat_baik": gettext_noop("Sangat Baik"),
    "baik": gettext_noop("Baik"),
    "butuh_perbaikan": gettext_noop("Butuh Perbaikan"),
    "kurang": gettext_noop("Kurang/Misconduct"),
    "sangat_kurang": gettext_noop("Sangat Kurang"),
}

# Potential components. The first five are fields of a potential record; "tes_potensi" and
# "kesesuaian_bidang" too; "jenjang_pendidikan" is read from the employee's education through
# the profile's table and "integritas" from the discipline record through the profile's table.
POTENTIAL_COMPONENTS = (
    "skor",
    "pendidikan",
    "pelatihan",
    "pangkat",
    "rekam_jejak",
    "tes_potensi",
    "kesesuaian_bidang",
    "jenjang_pendidikan",
    "integritas",
)
COMPONENT_LABEL = {
    "skor": "skor asesmen",
    "pendidikan": "nilai pendidikan",
    "pelatihan": "nilai pelatihan",
    "pangkat": "nilai pangkat",
    "rekam_jejak": "nilai rekam jejak",
    "tes_potensi": "tes potensi",
    "kesesuaian_bidang": "kesesuaian bidang pendidikan",
    "jenjang_pendidikan": "jenjang pendidikan",
    "integritas": "integritas (rekam disiplin)",
}
# Performance components of a weighted profile: the SKP predicate through the profile's
# table, and three values of the SKP record.
KINERJA_COMPONENTS = ("predikat", "penghargaan", "penugasan_tim", "umpan_balik_360")
KINERJA_COMPONENT_LABEL = {
    "predikat": "predikat SKP",
    "penghargaan": "penghargaan",
    "penugasan_tim": "penugasan tim",
    "umpan_balik_360": "umpan balik 360 derajat",
}
HUKUMAN_TINGKAT = ("ringan", "sedang", "berat")

# Why an employee is not placed in a box. Codes are stored on the placement.
ALASAN = {
    "tanpa_skp": "tidak ada SKP tahun {tahun}",
    "tanpa_skp_sebelumnya": "aturan dua tahun: tidak ada SKP tahun {tahun}",
    "predikat_tidak_dipetakan": "predikat SKP {predikat} tidak dipetakan dalam pengaturan periode",
    "tanpa_potensial": "tidak ada data potensial",
    "komponen_kosong": "komponen potensial kosong: {komponen}",
    "komponen_kinerja_kosong": "komponen kinerja kosong: {komponen}",
    "hukuman_disiplin": (
        "tidak memenuhi syarat: hukuman disiplin {tingkat} tanggal {tanggal} "
        "(dalam {tahun} tahun terakhir)"
    ),
}


# Short names of the reasons, for counts and filters; and where the missing data is added
# ("kinerja": an SKP record, "potensial": a potential record, "": nothing to add).
ALASAN_LABEL = {
    "tanpa_skp": "tidak ada SKP tahun periode",
    "tanpa_skp_sebelumnya": "tidak ada SKP tahun sebelumnya (aturan dua tahun)",
    "predikat_tidak_dipetakan": "predikat SKP tidak dipetakan",
    "komponen_kinerja_kosong": "komponen kinerja kosong",
    "tanpa_potensial": "tidak ada data potensial",
    "komponen_kosong": "komponen potensial kosong",
    "hukuman_disiplin": "hukuman disiplin",
}
ALASAN_DATA = {
    "tanpa_skp": "kinerja",
    "tanpa_skp_sebelumnya": "kinerja",
    "komponen_kinerja_kosong": "kinerja",
    "tanpa_potensial": "potensial",
    "komponen_kosong": "potensial",
}


class PengaturanTidakSah(ValueError):
    """Settings that cannot be used; the message is Indonesian and shown to the admin."""


def _decimal(value: object, name: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise PengaturanTidakSah(f"{name} harus berupa angka, bukan {value!r}.") from exc
    if not number.is_finite():
        raise PengaturanTidakSah(f"{name} harus berupa angka.")
    return number


@cache
def _default_text() -> str:
    return DEFAULTS_FILE.read_text(encoding="utf-8")


def default_settings() -> dict[str, Any]:
    """A fresh copy of the shipped default settings, ready to store on a new period."""
    return copy.deepcopy(json.loads(_default_text()))


# Scoring profiles are data: the default file and every talent/data/profil_*.json.
PROFILE_FILES = (DEFAULTS_FILE, *sorted(DEFAULTS_FILE.parent.glob("profil_*.json")))


@cache
def _profiles() -> dict[str, dict[str, Any]]:
    found = {}
    for path in PROFILE_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["profil"]["kode"]] = data
    return found


def profile_choices() -> list[tuple[str, str, bool]]:
    """(code, name, provisional) of each shipped scoring profile, the default first."""
    return [
        (k, d["profil"]["nama"], bool(d["profil"].get("sementara"))) for k, d in _profiles().items()
    ]


def threshold_choices() -> list[tuple[Decimal, Decimal]]:
    """The threshold pairs (tinggi, menengah) an agency picks from (80/60, 90/70, 90/78)."""
    return [(Decimal(a), Decimal(b)) for a, b in default_settings().get("ambang_pilihan", [])]


def profile_settings(kode: str, ambang: tuple[Decimal, Decimal] | None = None) -> dict[str, Any]:
    """A fresh copy of a profile's settings; `ambang` sets the (tinggi, menengah) thresholds
    of both axes."""
    data = copy.deepcopy(_profiles()[kode])
    if ambang is not None:
        tinggi, menengah = (str(a) for a in ambang)
        data["potensial"] = {
            **data.get("potensial", {}),
            "ambang_tinggi": tinggi,
            "ambang_menengah": menengah,
        }
        if "kinerja" in data:
            data["kinerja"] = {
                **data["kinerja"],
                "ambang_tinggi": tinggi,
                "ambang_menengah": menengah,
            }
    return data


@dataclass(frozen=True)
class Pengaturan:
    peta_kotak: dict[str, dict[str, int]]
    matriks_predikat: dict[str, dict[str, str]]
    predikat_ke_kinerja: dict[str, str]
    kinerja_dua_tahun: bool
    metode_potensial: str
    ambang_tinggi: Decimal
    ambang_menengah: Decimal
    bobot: dict[str, Decimal]
    kecualikan_hukuman: bool
    tingkat_hukuman: tuple[str, ...]
    tahun_hukuman: int
    tindak_lanjut: dict[int, tuple[str, ...]]
    suksesi_instansi: tuple[int, ...]
    suksesi_nasional: tuple[int, ...]
    bup_bawaan: int
    bup_per_jenis: dict[str, int] = field(default_factory=dict)
    # Succession: fewer years to retirement than this excludes a candidate, fewer than the
    # second flags one. Periods stored before these settings existed get 2 and 5.
    pensiun_kecualikan: int = 2
    pensiun_tandai: int = 5
    # The scoring profile (talent/data/profil/*.json) these settings came from.
    profil: str = "merit_bawaan"
    profil_nama: str = "Pengaturan bawaan Merit"
    sementara: bool = False
    # Performance: "predikat" maps the SKP predicate to a level; "bobot" weighs components
    # to a 0-100 value cut by its own thresholds.
    metode_kinerja: str = "predikat"
    kinerja_ambang_tinggi: Decimal = Decimal(80)
    kinerja_ambang_menengah: Decimal = Decimal(60)
    kinerja_bobot: dict[str, Decimal] = field(default_factory=dict)
    nilai_predikat: dict[str, Decimal] = field(default_factory=dict)
    # Components whose blank counts as 0 (no award is a fact, not missing data).
    kosong_nol: frozenset[str] = frozenset()
    nilai_jenjang_pendidikan: dict[str, Decimal] = field(default_factory=dict)
    nilai_integritas: dict[str, Decimal] = field(default_factory=dict)
    label_komponen: dict[str, str] = field(default_factory=dict)
    ambang_pilihan: tuple[tuple[Decimal, Decimal], ...] = ()
    # Expected share of mapped employees per box (percent), the calibration's yardstick.
    distribusi_harapan: dict[int, Decimal] = field(default_factory=dict)
    # #13: a potential record without an assessment score ("skor") takes the JPM of the
    # employee's latest competency result against their current post instead (settings
    # "potensial": {"skor_dari_jpm": true}); off unless the period chooses it.
    skor_dari_jpm: bool = False

    # Prepared once per settings: both axes with integer weights and thresholds.
    labels: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    sumbu_kinerja: Sumbu = field(init=False, repr=False, compare=False)
    sumbu_potensial: Sumbu = field(init=False, repr=False, compare=False)
    # The value tables in hundredths (8450 for 84,5), as the axes weigh them.
    predikat_perseratus: dict[str, int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    jenjang_perseratus: dict[str, int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    integritas_perseratus: dict[str, int] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        labels = {**COMPONENT_LABEL, **KINERJA_COMPONENT_LABEL, **self.label_komponen}
        object.__setattr__(self, "labels", labels)
        for name, table in (
            ("predikat_perseratus", self.nilai_predikat),
            ("jenjang_perseratus", self.nilai_jenjang_pendidikan),
            ("integritas_perseratus", self.nilai_integritas),
        ):
            object.__setattr__(self, name, {k: _hundredths(v) for k, v in table.items()})
        object.__setattr__(
            self,
            "sumbu_kinerja",
            Sumbu.prepare(
                self.kinerja_bobot,
                labels,
                self.kinerja_ambang_tinggi,
                self.kinerja_ambang_menengah,
            ),
        )
        object.__setattr__(
            self,
            "sumbu_potensial",
            Sumbu.prepare(self.bobot, labels, self.ambang_tinggi, self.ambang_menengah),
        )

    def component_label(self, kode: str) -> str:
        return self.labels.get(kode, kode)

    @property
    def needs_all_sanctions(self) -> bool:
        return self.metode_potensial == "bobot" and self.bobot.get("integritas", 0) > 0

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Pengaturan:
        """Validate stored settings; raise PengaturanTidakSah with a clear message."""
        try:
            peta = {k: {p: int(n) for p, n in row.items()} for k, row in data["peta_kotak"].items()}
            matriks = {h: dict(row) for h, row in data["matriks_predikat"].items()}
            predikat_map = dict(data["predikat_ke_kinerja"])
            pot = data["potensial"]
            kelayakan = data.get("kelayakan", {})
            suksesi = data["kelompok_suksesi"]
            bup = data["batas_usia_pensiun"]
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise PengaturanTidakSah(f"Pengaturan tidak lengkap: {exc}.") from exc
        if set(peta) != set(KINERJA) or any(set(r) != set(POTENSIAL) for r in peta.values()):
            raise PengaturanTidakSah("Peta kotak harus memuat 3 x 3 tingkat kinerja dan potensial.")
        numbers = sorted(n for row in peta.values() for n in row.values())
        if numbers != list(range(1, 10)):
            raise PengaturanTidakSah(
                "Peta kotak harus memakai nomor 1 sampai 9 masing-masing sekali."
            )
        if set(matriks) != set(RATING) or any(
            set(r) != set(RATING) or not set(r.values()) <= set(PREDIKAT) for r in matriks.values()
        ):
            raise PengaturanTidakSah("Matriks predikat SKP harus 3 x 3 dengan predikat yang sah.")
        if not set(predikat_map) <= set(PREDIKAT) or not set(predikat_map.values()) <= set(KINERJA):
            raise PengaturanTidakSah("Pemetaan predikat ke tingkat kinerja tidak sah.")
        metode = pot.get("metode", "skor")
        if metode not in ("skor", "bobot"):
            raise PengaturanTidakSah("Metode potensial harus 'skor' atau 'bobot'.")
        tinggi = _decimal(pot.get("ambang_tinggi"), "Ambang potensial tinggi")
        menengah = _decimal(pot.get("ambang_menengah"), "Ambang potensial menengah")
        if not Decimal(0) <= menengah < tinggi <= Decimal(100):
            raise PengaturanTidakSah("Ambang potensial harus 0 <= menengah < tinggi <= 100.")
        bobot = {k: _decimal(v, f"Bobot {k}") for k, v in (pot.get("bobot") or {}).items()}
        if not set(bobot) <= set(POTENTIAL_COMPONENTS):
            raise PengaturanTidakSah("Bobot potensial memuat komponen yang tidak dikenal.")
        if metode == "bobot" and (
            any(v < 0 for v in bobot.values()) or sum(bobot.values(), Decimal(0)) <= 0
        ):
            raise PengaturanTidakSah("Bobot potensial harus positif dan berjumlah lebih dari 0.")
        suksesi_aturan = data.get("suksesi") or {}
        try:
            kecualikan = int(suksesi_aturan.get("pensiun_kecualikan_tahun", 2))
            tandai = int(suksesi_aturan.get("pensiun_tandai_tahun", 5))
        except (TypeError, ValueError) as exc:
            raise PengaturanTidakSah("Batas tahun pensiun kandidat suksesi harus angka.") from exc
        if not 0 <= kecualikan <= tandai:
            raise PengaturanTidakSah(
                "Batas pensiun: tahun dikecualikan harus 0 atau lebih dan tidak melebihi "
                "tahun ditandai."
            )
        profile = _profile_parts(data)
        tingkat = tuple(kelayakan.get("tingkat_hukuman", ()))
        if not set(tingkat) <= set(HUKUMAN_TINGKAT):
            raise PengaturanTidakSah("Tingkat hukuman disiplin tidak dikenal.")
        return cls(
            peta_kotak=peta,
            matriks_predikat=matriks,
            predikat_ke_kinerja=predikat_map,
            kinerja_dua_tahun=bool(data.get("kinerja_dua_tahun", False)),
            metode_potensial=metode,
            ambang_tinggi=tinggi,
            ambang_menengah=menengah,
            bobot=bobot,
            kecualikan_hukuman=bool(kelayakan.get("kecualikan_hukuman_disiplin", False)),
            tingkat_hukuman=tingkat,
            tahun_hukuman=int(kelayakan.get("tahun_hukuman", 2)),
            tindak_lanjut={int(k): tuple(v) for k, v in (data.get("tindak_lanjut") or {}).items()},
            suksesi_instansi=tuple(int(n) for n in suksesi.get("instansi", ())),
            suksesi_nasional=tuple(int(n) for n in suksesi.get("nasional", ())),
            bup_bawaan=int(bup.get("bawaan", 58)),
            bup_per_jenis={k: int(v) for k, v in (bup.get("per_jenis_jabatan") or {}).items()},
            pensiun_kecualikan=kecualikan,
            pensiun_tandai=tandai,
            skor_dari_jpm=bool(pot.get("skor_dari_jpm", False)),
            **profile,
        )

    # --- the grid -----------------------------------------------------------------------

    def box(self, kinerja: str, potensial: str) -> int:
        return self.peta_kotak[kinerja][potensial]

    def levels(self, box: int) -> tuple[str, str]:
        """The (kinerja, potensial) of a box number: the inverse of the map."""
        for kinerja, row in self.peta_kotak.items():
            for potensial, number in row.items():
                if number == box:
                    return kinerja, potensial
        raise KeyError(box)

    def rows(self) -> list[list[int]]:
        """Box numbers as drawn: top row di atas ekspektasi, left column potensial rendah."""
        return [[self.box(k, p) for p in POTENSIAL] for k in reversed(KINERJA)]

    def label(self, box: int) -> str:
        kinerja, potensial = self.levels(box)
        return f"Kinerja {KINERJA_LABEL[kinerja]} dan potensial {POTENSIAL_LABEL[potensial]}"

    def recommendation(self, box: int) -> tuple[str, ...]:
        return self.tindak_lanjut.get(box, ())

    def succession_groups(self, box: int) -> list[str]:
        groups = []
        if box in self.suksesi_instansi:
            groups.append("instansi")
        if box in self.suksesi_nasional:
            groups.append("nasional")
        return groups

    def retirement_age(self, jenis_jabatan: str | None) -> int:
        return self.bup_per_jenis.get(jenis_jabatan or "", self.bup_bawaan)


def _profile_parts(data: dict[str, Any]) -> dict[str, Any]:
    """The scoring-profile part of stored settings (absent in settings stored before
    profiles existed: then the predicate method, as before)."""
    profil = data.get("profil") or {}
    kinerja = data.get("kinerja") or {}
    metode = kinerja.get("metode", "predikat")
    if metode not in ("predikat", "bobot"):
        raise PengaturanTidakSah("Metode kinerja harus 'predikat' atau 'bobot'.")
    bobot = {k: _decimal(v, f"Bobot kinerja {k}") for k, v in (kinerja.get("bobot") or {}).items()}
    if not set(bobot) <= set(KINERJA_COMPONENTS):
        raise PengaturanTidakSah("Bobot kinerja memuat komponen yang tidak dikenal.")
    if metode == "bobot" and (
        any(v < 0 for v in bobot.values()) or sum(bobot.values(), Decimal(0)) <= 0
    ):
        raise PengaturanTidakSah("Bobot kinerja harus positif dan berjumlah lebih dari 0.")
    nilai_predikat = {
        k: _decimal(v, f"Nilai predikat {k}")
        for k, v in (kinerja.get("nilai_predikat") or {}).items()
    }
    if metode == "bobot" and bobot.get("predikat") and set(nilai_predikat) != set(PREDIKAT):
        raise PengaturanTidakSah("Nilai predikat SKP harus diisi untuk kelima predikat.")
    tinggi = _decimal(kinerja.get("ambang_tinggi", 80), "Ambang kinerja di atas ekspektasi")
    menengah = _decimal(kinerja.get("ambang_menengah", 60), "Ambang kinerja sesuai ekspektasi")
    if not Decimal(0) <= menengah < tinggi <= Decimal(100):
        raise PengaturanTidakSah("Ambang kinerja harus 0 <= sesuai < di atas <= 100.")
    pot = data.get("potensial") or {}
    tables = data.get("tabel_nilai") or {}
    pilihan = tuple(
        (_decimal(a, "Ambang pilihan"), _decimal(b, "Ambang pilihan"))
        for a, b in (data.get("ambang_pilihan") or ())
    )
    return {
        "profil": str(profil.get("kode", "merit_bawaan")),
        "profil_nama": str(profil.get("nama", "Pengaturan bawaan Merit")),
        "sementara": bool(profil.get("sementara", False)),
        "metode_kinerja": metode,
        "kinerja_ambang_tinggi": tinggi,
        "kinerja_ambang_menengah": menengah,
        "kinerja_bobot": bobot,
        "nilai_predikat": nilai_predikat,
        "kosong_nol": frozenset(kinerja.get("kosong_nol", ()))
        | frozenset(pot.get("kosong_nol", ())),
        "nilai_jenjang_pendidikan": {
            k: _decimal(v, f"Nilai pendidikan {k}")
            for k, v in (tables.get("jenjang_pendidikan") or {}).items()
        },
        "nilai_integritas": {
            k: _decimal(v, f"Nilai integritas {k}")
            for k, v in (tables.get("integritas") or {}).items()
        },
        "label_komponen": dict(data.get("label_komponen") or {}),
        "ambang_pilihan": pilihan,
        "distribusi_harapan": {
            int(k): _decimal(v, f"Distribusi harapan kotak {k}")
            for k, v in ((data.get("distribusi_harapan") or {}).get("persen") or {}).items()
        },
    }


@cache
def default_pengaturan() -> Pengaturan:
    return Pengaturan.from_dict(default_settings())


def derive_predikat(hasil_kerja: str, perilaku: str, matriks: dict[str, dict[str, str]]) -> str:
    """The SKP predicate from the work-result and behaviour ratings (Permen PANRB 6/2022)."""
    return matriks[hasil_kerja][perilaku]


def potential_level(nilai: Decimal, pengaturan: Pengaturan) -> str:
    """>= ambang tinggi: tinggi; >= ambang menengah: menengah; below: rendah."""
    return pengaturan.sumbu_potensial.level(_hundredths(nilai), POTENSIAL)


def _hundredths(value: Decimal | int) -> int:
    """A 0-100 value in hundredths (84.5 -> 8450). Stored values have two decimals (the
    fields' decimal_places), so the product is whole; anything finer is cut, not rounded."""
    if type(value) is not Decimal:
        value = Decimal(value)
    return int(value * 100)


def _format_hundredths(h: int) -> str:
    text = f"{h // 100},{h % 100:02d}" if h >= 0 else format_angka(Decimal(h).scaleb(-2))
    return text.rstrip("0").rstrip(",") if "," in text else text


# Lookup tables for 0,00..100,00: formatting and Decimal creation are the computation's
# hottest spots at 100k employees.
_FORMATTED = [_format_hundredths(h) for h in range(10001)]
_DECIMALS = [Decimal(h).scaleb(-2) for h in range(10001)]


def _fmt(h: int) -> str:
    return _FORMATTED[h] if 0 <= h <= 10000 else _format_hundredths(h)


def _dec(h: int) -> Decimal:
    return _DECIMALS[h] if 0 <= h <= 10000 else Decimal(h).scaleb(-2)


@dataclass(frozen=True)
class Sumbu:
    """One axis prepared for speed: integer weights, the thresholds in hundredths, and the
    text of its terms as one format string ('asesmen kompetensi {} x 20 % + ...')."""

    terms: tuple[tuple[str, int, str, str], ...]  # (component, weight, "label ", " x 20 %")
    total: int
    tinggi: int
    menengah: int
    template: str = ""

    @classmethod
    def prepare(
        cls, weights: dict[str, Decimal], labels: dict[str, str], tinggi: Decimal, menengah: Decimal
    ) -> Sumbu:
        used = [(k, w) for k, w in weights.items() if w > 0]
        places = max((-int(w.as_tuple().exponent) for _k, w in used), default=0)
        scale = Decimal(10) ** max(places, 0)
        total = sum((w for _k, w in used), ZERO)
        terms = tuple(
            (
                k,
                int(w * scale),
                f"{labels.get(k, k)} ",
                f" x {format_angka(w * 100 / total)} %",
            )
            for k, w in used
        )
        return cls(
            terms=terms,
            total=sum(t[1] for t in terms),
            tinggi=_hundredths(tinggi),
            menengah=_hundredths(menengah),
            template=" + ".join(
                _braces(before) + "{}" + _braces(after) for _k, _w, before, after in terms
            ),
        )

    def weigh(
        self, values: Mapping[str, int | None], kosong_nol: frozenset[str]
    ) -> tuple[int | None, list[str], str]:
        """sum(value x weight) / sum(weight) in hundredths (half-even), the missing
        components, and the terms as text ('asesmen kompetensi 85 x 20 % + ...'). The values
        are in hundredths too (8450 for 84,5)."""
        acc = 0
        shown: list[str] = []
        missing: list[str] = []
        for kode, weight, _before, _after in self.terms:
            h = values.get(kode)
            if h is None:
                if kode in kosong_nol:
                    shown.append("0 (kosong)")
                else:
                    missing.append(kode)
                continue
            acc += h * weight
            shown.append(_FORMATTED[h] if 0 <= h <= 10000 else _format_hundredths(h))
        if missing:
            return None, missing, ""
        quotient, rest = divmod(acc, self.total)
        if 2 * rest > self.total or (2 * rest == self.total and quotient % 2):
            quotient += 1
        return quotient, [], self.template.format(*shown)

    def level(self, h: int, levels: tuple[str, ...]) -> str:
        if h >= self.tinggi:
            return levels[2]
        if h >= self.menengah:
            return levels[1]
        return levels[0]

    def explain(self, h: int, level: str) -> str:
        """How a value met the thresholds: '82,4 >= 80: tinggi', '72 < 80 dan >= 60: ...'."""
        v = _fmt(h)
        if h >= self.tinggi:
            return f"{v} >= {_fmt(self.tinggi)}: {level}"
        if h >= self.menengah:
            return f"{v} < {_fmt(self.tinggi)} dan >= {_fmt(self.menengah)}: {level}"
        return f"{v} < {_fmt(self.menengah)}: {level}"


def _braces(text: str) -> str:
    """Literal text inside a format string (a label from the settings may hold braces)."""
    return text.replace("{", "{{").replace("}", "}}")


def in_hundredths(values: Mapping[str, Decimal | int | None]) -> dict[str, int | None]:
    """Component values as the axes weigh them: whole hundredths (84.5 -> 8450), blanks kept."""
    return {k: None if v is None else _hundredths(v) for k, v in values.items()}


def threshold_text(nilai: Decimal, tinggi: Decimal, menengah: Decimal, level: str) -> str:
    """How a value met the thresholds: '82,4 >= 80: tinggi', '72 < 80 dan >= 60: ...'."""
    return Sumbu((), 1, _hundredths(tinggi), _hundredths(menengah)).explain(
        _hundredths(nilai), level
    )


def potential_value(
    komponen: dict[str, Decimal | None], pengaturan: Pengaturan
) -> tuple[Decimal | None, list[str]]:
    """The potential number and the names of missing components it would need."""
    if pengaturan.metode_potensial == "skor":
        skor = komponen.get("skor")
        return (Decimal(skor), []) if skor is not None else (None, ["skor"])
    h, missing, _text = pengaturan.sumbu_potensial.weigh(
        in_hundredths(komponen), pengaturan.kosong_nol
    )
    return (_dec(h) if h is not None else None), missing


def integrity_value(
    hukuman: list[tuple[str, dt.date]], tanggal_acuan: dt.date, pengaturan: Pengaturan
) -> tuple[Decimal | None, str]:
    """The integrity component from the discipline record: the table's value of the heaviest
    sanction within the period's years, "tanpa" without one."""
    batas = _years_before(tanggal_acuan, pengaturan.tahun_hukuman)
    heaviest = "tanpa"
    for tingkat, tanggal in hukuman:
        if batas < tanggal <= tanggal_acuan and (
            heaviest == "tanpa" or HUKUMAN_TINGKAT.index(tingkat) > HUKUMAN_TINGKAT.index(heaviest)
        ):
            heaviest = tingkat
    return pengaturan.nilai_integritas.get(heaviest), heaviest


def _years_before(day: dt.date, years: int) -> dt.date:
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    return day.replace(year=day.year - years)


def format_angka(value: Decimal) -> str:
    """84.00 -> '84', 89.99 -> '89,99' (Indonesian decimal comma)."""
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass
class DataPegawai:
    """What the rules need to know about one employee."""

    skp: dict[int, str]  # year -> predikat
    # Components of the latest potential record, or None.
    potensial: Mapping[str, Decimal | int | None] | None
    hukuman: list[tuple[str, dt.date]] = field(default_factory=list)  # (tingkat, tanggal)
    # The SKP year's other performance components (weighted profiles only).
    kinerja_komponen: Mapping[str, Decimal | int | None] = field(default_factory=dict)
    pendidikan: str | None = None  # BKN education code, for the education-level table
    # JPM (percent, its text) of the latest competency result against the current post; read
    # only when the settings take the assessment score from it (skor_dari_jpm).
    jpm: tuple[Decimal, str] | None = None
    # True when the component values above are already whole hundredths (8450 for 84,5), as
    # compute.py reads them from the database; False for Decimal values.
    perseratus: bool = False


@dataclass
class Penempatan:
    kinerja: str | None = None
    potensial: str | None = None
    kotak: int | None = None
    predikat: str = ""
    nilai_potensial: Decimal | None = None
    nilai_kinerja: Decimal | None = None
    alasan: list[str] = field(default_factory=list)  # codes from ALASAN; empty when placed
    penjelasan: str = ""

    @property
    def terpetakan(self) -> bool:
        return self.kotak is not None


def _as_hundredths(
    values: Mapping[str, Decimal | int | None], perseratus: bool
) -> Mapping[str, int | None]:
    if perseratus:
        return values  # type: ignore[return-value]  # whole hundredths by the caller's word
    return in_hundredths(values)


def _lower(a: str, b: str) -> str:
    return a if KINERJA.index(a) <= KINERJA.index(b) else b


def place(
    data: DataPegawai, *, tahun_skp: int, tanggal_acuan: dt.date, pengaturan: Pengaturan
) -> Penempatan:
    """Place one employee, or say why they cannot be placed. Never guesses a missing axis."""
    hasil = Penempatan()
    reasons: list[str] = []
    parts: list[str] = []

    # Eligibility first: an excluded employee is not placed even with both axes known.
    if pengaturan.kecualikan_hukuman and data.hukuman:
        acuan = tanggal_acuan
        if (acuan.month, acuan.day) == (2, 29):
            acuan = acuan.replace(day=28)
        batas = acuan.replace(year=acuan.year - pengaturan.tahun_hukuman)
        for tingkat, tanggal in sorted(data.hukuman, key=lambda h: h[1], reverse=True):
            if tingkat in pengaturan.tingkat_hukuman and batas < tanggal <= tanggal_acuan:
                hasil.alasan.append("hukuman_disiplin")
                reasons.append(
                    ALASAN["hukuman_disiplin"].format(
                        tingkat=tingkat,
                        tanggal=formats.date(tanggal),
                        tahun=pengaturan.tahun_hukuman,
                    )
                )
                break

    # Performance axis.
    predikat = data.skp.get(tahun_skp)
    if predikat is None:
        hasil.alasan.append("tanpa_skp")
        reasons.append(ALASAN["tanpa_skp"].format(tahun=tahun_skp))
    elif predikat not in pengaturan.predikat_ke_kinerja:
        hasil.alasan.append("predikat_tidak_dipetakan")
        reasons.append(ALASAN["predikat_tidak_dipetakan"].format(predikat=predikat))
    else:
        hasil.predikat = predikat
        kinerja: str | None
        kinerja = pengaturan.predikat_ke_kinerja[predikat]
        text = f"SKP {tahun_skp} {PREDIKAT_LABEL[predikat]}"
        if pengaturan.kinerja_dua_tahun:
            sebelumnya = data.skp.get(tahun_skp - 1)
            if sebelumnya is None:
                hasil.alasan.append("tanpa_skp_sebelumnya")
                reasons.append(ALASAN["tanpa_skp_sebelumnya"].format(tahun=tahun_skp - 1))
                kinerja = None
            elif sebelumnya not in pengaturan.predikat_ke_kinerja:
                hasil.alasan.append("predikat_tidak_dipetakan")
                reasons.append(ALASAN["predikat_tidak_dipetakan"].format(predikat=sebelumnya))
                kinerja = None
            else:
                kinerja = _lower(kinerja, pengaturan.predikat_ke_kinerja[sebelumnya])
                text += (
                    f", SKP {tahun_skp - 1} {PREDIKAT_LABEL[sebelumnya]} "
                    "(aturan dua tahun: yang terendah)"
                )
                if pengaturan.nilai_predikat and (
                    pengaturan.nilai_predikat[sebelumnya] < pengaturan.nilai_predikat[predikat]
                ):
                    predikat = sebelumnya
        if kinerja is not None and pengaturan.metode_kinerja == "bobot":
            sumbu = pengaturan.sumbu_kinerja
            values = {
                **_as_hundredths(data.kinerja_komponen, data.perseratus),
                "predikat": pengaturan.predikat_perseratus[predikat],
            }
            h, missing, terms = sumbu.weigh(values, pengaturan.kosong_nol)
            if h is None:
                kinerja = None
                hasil.alasan.append("komponen_kinerja_kosong")
                reasons.append(
                    ALASAN["komponen_kinerja_kosong"].format(
                        komponen=", ".join(pengaturan.component_label(k) for k in missing)
                    )
                )
            else:
                kinerja = sumbu.level(h, KINERJA)
                hasil.nilai_kinerja = _dec(h)
                parts.append(
                    f"kinerja {_fmt(h)} = {text}: {terms}; "
                    + sumbu.explain(h, KINERJA_LABEL[kinerja])
                )
                hasil.kinerja = kinerja
        elif kinerja is not None:
            hasil.kinerja = kinerja
            parts.append(f"{text} -> {KINERJA_LABEL[kinerja]}")

    # Potential axis.
    if data.potensial is None:
        hasil.alasan.append("tanpa_potensial")
        reasons.append(ALASAN["tanpa_potensial"])
    else:
        komponen = _as_hundredths(data.potensial, data.perseratus)
        sumbu = pengaturan.sumbu_potensial
        dari_jpm = ""
        if pengaturan.skor_dari_jpm and komponen.get("skor") is None and data.jpm is not None:
            skor_jpm = _hundredths(data.jpm[0])
            komponen = {**komponen, "skor": skor_jpm}
            dari_jpm = (
                f"skor asesmen {_fmt(skor_jpm)} diambil dari JPM {data.jpm[1]} "
                "(hasil kompetensi terakhir terhadap jabatan sekarang; pengaturan periode)"
            )
        if pengaturan.metode_potensial == "bobot":
            if pengaturan.bobot.get("jenjang_pendidikan") or pengaturan.bobot.get("integritas"):
                if data.hukuman:
                    integritas = integrity_value(data.hukuman, tanggal_acuan, pengaturan)[0]
                    integritas_h = None if integritas is None else _hundredths(integritas)
                else:  # most employees: no sanction ever
                    integritas_h = pengaturan.integritas_perseratus.get("tanpa")
                komponen = {
                    **komponen,
                    "jenjang_pendidikan": pengaturan.jenjang_perseratus.get(data.pendidikan or ""),
                    "integritas": integritas_h,
                }
            h, missing, terms = sumbu.weigh(komponen, pengaturan.kosong_nol)
        else:
            skor = komponen.get("skor")
            h, missing, terms = (skor, [], "") if skor is not None else (None, ["skor"], "")
        if h is None:
            hasil.alasan.append("komponen_kosong")
            reasons.append(
                ALASAN["komponen_kosong"].format(
                    komponen=", ".join(pengaturan.component_label(k) for k in missing)
                )
            )
        else:
            hasil.nilai_potensial = _dec(h)
            hasil.potensial = sumbu.level(h, POTENSIAL)
            how = f"{_fmt(h)} = {terms}; " if terms else ""
            parts.append(f"potensial {how}" + sumbu.explain(h, hasil.potensial))
            if dari_jpm:
                parts.append(dari_jpm)

    if hasil.alasan:
        hasil.penjelasan = "Tidak terpetakan: " + "; ".join(reasons)
        return hasil
    # No reason recorded means both axes were found above.
    assert hasil.kinerja is not None and hasil.potensial is not None
    hasil.kotak = pengaturan.box(hasil.kinerja, hasil.potensial)
    hasil.penjelasan = f"Kotak {hasil.kotak}: " + "; ".join(parts)
    return hasil


def calibration_warning(predikat: str, ke_kotak: int, pengaturan: Pengaturan) -> str:
    """A move the SKP contradicts: the target box's performance level differs from the one
    the employee's SKP predicate maps to. Empty when they agree (or there is no SKP)."""
    expected = pengaturan.predikat_ke_kinerja.get(predikat)
    if not expected:
        return ""
    kinerja = pengaturan.levels(ke_kotak)[0]
    if kinerja == expected:
        return ""
    return (
        f"Kotak {ke_kotak} berarti kinerja {KINERJA_LABEL[kinerja]}, sedangkan predikat SKP "
        f"{PREDIKAT_LABEL[predikat]} berarti kinerja {KINERJA_LABEL[expected]}."
    )


def years_to_retirement(
    tanggal_lahir: dt.date, pada: dt.date, jenis_jabatan: str | None, pengaturan: Pengaturan
) -> int:
    """Whole years from `pada` until the retirement age for the job type (never negative)."""
    bup = pengaturan.retirement_age(jenis_jabatan)
    day = min(tanggal_lahir.day, 28) if tanggal_lahir.month == 2 else tanggal_lahir.day
    pensiun = tanggal_lahir.replace(year=tanggal_lahir.year + bup, day=day)
    years = pensiun.year - pada.year - ((pensiun.month, pensiun.day) < (pada.month, pada.day))
    return max(years, 0)
