"""Succession for a target post: who may be a candidate, why someone may not, how ready each
candidate is, and which posts have no ready successor (bench strength).

The one home of these rules. The pure part (`Syarat`, `Orang`, `exclusions`, `readiness`,
`rank_key`) works without the database; the query part builds them in a fixed number of
queries. The rules, in the order a "why not" lists them:

- the employee is active and placed in the period;
- *jalur*: the employee's job type (and functional level) is one the target's job type may be
  promoted from (talent/data/jalur_suksesi.json, provisional data);
- golongan and education at least the post's own minimum, else the path's default;
- retirement: fewer years left than the period's setting (default 2) excludes, fewer than the
  second setting (default 5) is flagged;
- no sanction of the levels the period's settings name within its years (default: sedang or
  berat within 2 years);
- the box is in the agency's succession group (the period's box map settings).

Texts are Indonesian on purpose: a committee reads and files them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Q

from employees.models import Employee, Golongan, JenisJabatan, Pendidikan

from . import competency, ninebox
from .models import HukumanDisiplin, MappingPeriod, Placement, TargetPost

PATHS_FILE = Path(__file__).resolve().parent / "data" / "jalur_suksesi.json"
JENJANG_LABEL = dict(Employee.JenjangFungsional.choices)
# Best first: the order performance breaks ties in.
PREDIKAT_ORDER = {code: i for i, code in enumerate(ninebox.PREDIKAT)}


@cache
def path_data() -> dict[str, Any]:
    return json.loads(PATHS_FILE.read_text(encoding="utf-8"))


# --- the pure part ------------------------------------------------------------------------


@dataclass(frozen=True)
class Asal:
    """One job type (with, for functional posts, the levels) that may move up into the post."""

    jenis: str
    jenjang: tuple[str, ...] = ()

    def admits(self, jenis: str | None, jenjang: str) -> bool:
        return jenis == self.jenis and (not self.jenjang or jenjang in self.jenjang)


@dataclass(frozen=True)
class Syarat:
    """What a target post requires of a candidate."""

    nama_jabatan: str
    jenis_target: str | None
    jenis_target_nama: str
    asal: tuple[Asal, ...]  # empty: any job type
    golongan_minimal: tuple[str, int] | None  # (nama, urutan)
    pendidikan_minimal: tuple[str, str] | None  # (kode, nama)
    jenis_nama: dict[str, str] = field(default_factory=dict, compare=False)

    def describe_asal(self) -> str:
        parts = []
        for asal in self.asal:
            name = self.jenis_nama.get(asal.jenis, asal.jenis)
            if asal.jenjang:
                levels = "/".join(str(JENJANG_LABEL.get(j, j)) for j in asal.jenjang)
                name = f"{name} {levels}"
            parts.append(name)
        return ", ".join(parts)


@dataclass
class Orang:
    """What the rules need to know about one employee in one period."""

    employee_id: int
    nama: str
    aktif: bool
    jenis: str | None
    jenjang: str
    golongan: tuple[str, int, bool] | None  # (nama, urutan, PPPK)
    pendidikan: tuple[str, str] | None  # (kode, nama)
    tanggal_lahir: dt.date
    kotak: int | None  # None: not placed or not mappable
    terpetakan_penjelasan: str = ""
    predikat: str = ""
    nilai_potensial: Decimal | None = None
    hukuman: list[tuple[str, dt.date]] = field(default_factory=list)


@dataclass(frozen=True)
class Alasan:
    kode: str
    teks: str


def years_left(orang: Orang, tanggal_acuan: dt.date, rules: ninebox.Pengaturan) -> int:
    return ninebox.years_to_retirement(orang.tanggal_lahir, tanggal_acuan, orang.jenis, rules)


def exclusions(
    orang: Orang, syarat: Syarat, rules: ninebox.Pengaturan, tanggal_acuan: dt.date
) -> list[Alasan]:
    """Every rule the employee fails for the post, with its text; empty: eligible."""
    found: list[Alasan] = []
    if not orang.aktif:
        found.append(Alasan("tidak_aktif", "pegawai tidak aktif"))
    if syarat.asal and not any(a.admits(orang.jenis, orang.jenjang) for a in syarat.asal):
        now = syarat.jenis_nama.get(orang.jenis or "", "tidak diketahui")
        if orang.jenis == "fungsional":
            now = f"{now} {JENJANG_LABEL.get(orang.jenjang, orang.jenjang or '(jenjang kosong)')}"
        found.append(
            Alasan(
                "jalur",
                f"jabatan {now} bukan jalur ke {syarat.jenis_target_nama}; yang dapat "
                f"dipromosikan: {syarat.describe_asal()}",
            )
        )
    if syarat.golongan_minimal:
        minimal, urutan = syarat.golongan_minimal
        if orang.golongan is None:
            found.append(Alasan("golongan", f"golongan kosong; minimal {minimal}"))
        elif orang.golongan[2]:
            found.append(
                Alasan(
                    "golongan",
                    f"golongan PPPK {orang.golongan[0]} bukan golongan PNS; minimal {minimal}",
                )
            )
        elif orang.golongan[1] < urutan:
            found.append(
                Alasan("golongan", f"golongan {orang.golongan[0]} di bawah minimal {minimal}")
            )
    if syarat.pendidikan_minimal:
        kode, nama = syarat.pendidikan_minimal
        if orang.pendidikan is None:
            found.append(Alasan("pendidikan", f"pendidikan kosong; minimal {nama}"))
        elif orang.pendidikan[0] < kode:
            found.append(
                Alasan("pendidikan", f"pendidikan {orang.pendidikan[1]} di bawah minimal {nama}")
            )
    left = years_left(orang, tanggal_acuan, rules)
    if left < rules.pensiun_kecualikan:
        found.append(
            Alasan(
                "pensiun",
                f"pensiun dalam {left} tahun (kurang dari {rules.pensiun_kecualikan} tahun "
                f"pada {tanggal_acuan:%d-%m-%Y})",
            )
        )
    batas = _years_before(tanggal_acuan, rules.tahun_hukuman)
    for tingkat, tanggal in sorted(orang.hukuman, key=lambda h: h[1], reverse=True):
        if tingkat in rules.tingkat_hukuman and batas < tanggal <= tanggal_acuan:
            found.append(
                Alasan(
                    "hukuman",
                    f"hukuman disiplin {tingkat} tanggal {tanggal:%d-%m-%Y} (dalam "
                    f"{rules.tahun_hukuman} tahun terakhir)",
                )
            )
            break
    pool = rules.suksesi_instansi
    if orang.kotak is None:
        why = orang.terpetakan_penjelasan or "tidak ada penempatan pada periode ini"
        found.append(Alasan("kotak", f"tidak terpetakan ({why})"))
    elif orang.kotak not in pool:
        boxes = ", ".join(str(b) for b in sorted(pool, reverse=True))
        found.append(
            Alasan(
                "kotak", f"kotak {orang.kotak} bukan kelompok rencana suksesi instansi ({boxes})"
            )
        )
    return found


def _years_before(day: dt.date, years: int) -> dt.date:
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    return day.replace(year=day.year - years)


@dataclass(frozen=True)
class Kesiapan:
    kode: str
    nama: str
    alasan: str
    urutan: int


def readiness(kotak: int, jpm: competency.JpmResult | None) -> Kesiapan:
    """The first readiness level of the data file whose boxes hold the box and whose JPM
    categories hold the candidate's ("" stands for no JPM; null: any)."""
    band = jpm.band if jpm is not None and jpm.computed else ""
    jpm_text = f"JPM {jpm}" if band and jpm is not None else "JPM ke jabatan target belum ada"
    levels = path_data()["kesiapan"]
    for index, level in enumerate(levels):
        if kotak not in level["kotak"]:
            continue
        allowed = level.get("jpm_kategori")
        if allowed is not None and band not in allowed:
            continue
        return Kesiapan(level["kode"], level["nama"], f"kotak {kotak}; {jpm_text}", index)
    last = levels[-1]
    return Kesiapan(last["kode"], last["nama"], f"kotak {kotak}; {jpm_text}", len(levels) - 1)


def rank_key(
    orang: Orang, kesiapan: Kesiapan, jpm: competency.JpmResult | None, pool: tuple[int, ...]
) -> tuple:
    """Readiness, then box (in the order the settings list the group), then JPM (missing
    last), then performance (SKP predicate), then the potential value, then the name."""
    percent = jpm.percent if jpm is not None and jpm.percent is not None else None
    return (
        kesiapan.urutan,
        pool.index(orang.kotak) if orang.kotak in pool else len(pool),
        percent is None,
        -(percent or 0),
        PREDIKAT_ORDER.get(orang.predikat, len(PREDIKAT_ORDER)),
        -(orang.nilai_potensial or 0),
        orang.nama,
    )


# --- the query part -----------------------------------------------------------------------


@dataclass
class Referensi:
    """Golongan, education and job-type names (three small tables, read once)."""

    golongan: dict[str, tuple[str, int]]
    pendidikan: dict[str, str]
    jenis: dict[str, str]
    jenis_by_pk: dict[int, str]

    @classmethod
    def load(cls) -> Referensi:
        jenis = list(JenisJabatan.objects.values_list("pk", "kode", "nama"))
        return cls(
            golongan={
                nama: (nama, urutan)
                for nama, urutan in Golongan.objects.filter(untuk_pppk=False).values_list(
                    "nama", "urutan"
                )
            },
            pendidikan=dict(Pendidikan.objects.values_list("kode", "nama")),
            jenis={kode: nama for _pk, kode, nama in jenis},
            jenis_by_pk={pk: kode for pk, kode, _nama in jenis},
        )

    def syarat(self, post: TargetPost) -> Syarat:
        """The post's requirements: its own minimums, else its job type's path defaults."""
        kode = self.jenis_by_pk.get(post.jenis_jabatan_id) if post.jenis_jabatan_id else None
        path = path_data()["jalur"].get(kode or "", {})
        golongan = None
        if (own := post.golongan_minimal) is not None:
            golongan = (own.nama, own.urutan)
        elif path.get("golongan_minimal"):
            golongan = self.golongan.get(path["golongan_minimal"])
        pendidikan = None
        if (level := post.pendidikan_minimal) is not None:
            pendidikan = (level.kode, level.nama)
        elif path.get("pendidikan_minimal"):
            found = path["pendidikan_minimal"]
            pendidikan = (found, self.pendidikan.get(found, found))
        return Syarat(
            nama_jabatan=post.nama_jabatan,
            jenis_target=kode,
            jenis_target_nama=self.jenis.get(kode or "", "jabatan target"),
            asal=tuple(Asal(a["jenis"], tuple(a.get("jenjang", ()))) for a in path.get("asal", ())),
            golongan_minimal=golongan,
            pendidikan_minimal=pendidikan,
            jenis_nama=self.jenis,
        )


PLACEMENT_VALUES = (
    "employee_id",
    "employee__nama",
    "employee__aktif",
    "employee__jenis_jabatan__kode",
    "employee__jenjang_fungsional",
    "employee__golongan__nama",
    "employee__golongan__urutan",
    "employee__golongan__untuk_pppk",
    "employee__pendidikan__kode",
    "employee__pendidikan__nama",
    "employee__tanggal_lahir",
    "kotak",
    "penjelasan",
    "predikat",
    "nilai_potensial",
)


def _orang(row: tuple) -> Orang:
    (pk, nama, aktif, jenis, jenjang, gol, urutan, pppk, pend, pend_nama, lahir) = row[:11]
    kotak, penjelasan, predikat, nilai = row[11:]
    return Orang(
        employee_id=pk,
        nama=nama,
        aktif=aktif,
        jenis=jenis,
        jenjang=jenjang or "",
        golongan=(gol, urutan, pppk) if gol else None,
        pendidikan=(pend, pend_nama) if pend else None,
        tanggal_lahir=lahir,
        kotak=kotak,
        terpetakan_penjelasan=penjelasan.removeprefix("Tidak terpetakan: ") if not kotak else "",
        predikat=predikat,
        nilai_potensial=nilai,
    )


def _attach_sanctions(people: dict[int, Orang], rules: ninebox.Pengaturan) -> None:
    if not people or not rules.tingkat_hukuman:
        return
    rows = HukumanDisiplin.objects.filter(
        employee_id__in=list(people), tingkat__in=rules.tingkat_hukuman
    ).values_list("employee_id", "tingkat", "tanggal")
    for employee_id, tingkat, tanggal in rows:
        people[employee_id].hukuman.append((tingkat, tanggal))


def _prefilter(placements, syarat: Syarat):
    """Narrow the pool in the database by the cheap rules; `exclusions` still decides every
    row, so this only saves work and can never admit anyone."""
    if syarat.asal:
        allowed = Q()
        for asal in syarat.asal:
            part = Q(employee__jenis_jabatan__kode=asal.jenis)
            if asal.jenjang:
                part &= Q(employee__jenjang_fungsional__in=asal.jenjang)
            allowed |= part
        placements = placements.filter(allowed)
    if syarat.golongan_minimal:
        placements = placements.filter(
            employee__golongan__untuk_pppk=False,
            employee__golongan__urutan__gte=syarat.golongan_minimal[1],
        )
    if syarat.pendidikan_minimal:
        placements = placements.filter(employee__pendidikan__kode__gte=syarat.pendidikan_minimal[0])
    return placements.filter(employee__aktif=True)


@dataclass
class Kandidat:
    orang: Orang
    rank: int
    kesiapan: Kesiapan
    jpm: competency.JpmResult | None
    years_to_retirement: int
    ditandai_pensiun: bool
    groups: list[str]
    employee: Employee | None = None


def _jpm(post: TargetPost, employee_ids: Iterable[int], resolver=None) -> dict[int, Any]:
    resolver = resolver or competency.StandardResolver.for_instansi(post.instansi_id)
    standard = resolver.for_post(post.nama_jabatan, post.jenis_jabatan_id)
    if standard is None:
        return {}
    levels = standard.levels()
    achieved = competency.latest_levels(employee_ids)
    return {
        pk: competency.job_person_match(achieved[pk][1], levels, bands=achieved[pk][0])
        for pk in employee_ids
        if pk in achieved
    }


def _rank(
    people: list[Orang],
    syarat: Syarat,
    period: MappingPeriod,
    jpm: dict[int, Any],
) -> list[Kandidat]:
    rules = period.rules
    ranked = []
    for orang in people:
        if exclusions(orang, syarat, rules, period.tanggal_acuan):
            continue
        result = jpm.get(orang.employee_id)
        assert orang.kotak is not None  # exclusions() refuses the unplaced
        kesiapan = readiness(orang.kotak, result)
        left = years_left(orang, period.tanggal_acuan, rules)
        ranked.append(
            (
                rank_key(orang, kesiapan, result, rules.suksesi_instansi),
                Kandidat(
                    orang=orang,
                    rank=0,
                    kesiapan=kesiapan,
                    jpm=result,
                    years_to_retirement=left,
                    ditandai_pensiun=left < rules.pensiun_tandai,
                    groups=rules.succession_groups(orang.kotak),
                ),
            )
        )
    ranked.sort(key=lambda pair: pair[0])
    candidates = [c for _key, c in ranked]
    for index, candidate in enumerate(candidates, start=1):
        candidate.rank = index
    return candidates


def candidates(
    post: TargetPost,
    period: MappingPeriod,
    *,
    limit: int | None = None,
    referensi: Referensi | None = None,
) -> list[Kandidat]:
    """The eligible candidates for the post from the period's succession group, ranked; the
    first `limit` with their employee record (for names, titles and posts)."""
    referensi = referensi or Referensi.load()
    syarat = referensi.syarat(post)
    rules = period.rules
    pool = Placement.objects.filter(period=period, kotak__in=rules.suksesi_instansi)
    rows = _prefilter(pool, syarat).values_list(*PLACEMENT_VALUES)
    people = {row[0]: _orang(row) for row in rows}
    _attach_sanctions(people, rules)
    ranked = _rank(list(people.values()), syarat, period, _jpm(post, list(people)))
    ranked = ranked[:limit] if limit is not None else ranked
    found = Employee.objects.select_related("golongan", "pendidikan", "unit").in_bulk(
        [c.orang.employee_id for c in ranked]
    )
    for candidate in ranked:
        candidate.employee = found.get(candidate.orang.employee_id)
    return ranked


@dataclass
class WhyNot:
    orang: Orang
    alasan: list[Alasan]
    kesiapan: Kesiapan | None = None


def why_not(post: TargetPost, period: MappingPeriod, employee: Employee) -> WhyNot:
    """For any employee of the agency: the rules they fail for this post, or (eligible) their
    readiness."""
    referensi = Referensi.load()
    syarat = referensi.syarat(post)
    rules = period.rules
    row = (
        Placement.objects.filter(period=period, employee=employee)
        .values_list(*PLACEMENT_VALUES)
        .first()
    )
    if row is None:
        gol, pend = employee.golongan, employee.pendidikan
        orang = Orang(
            employee_id=employee.pk,
            nama=employee.nama,
            aktif=employee.aktif,
            jenis=employee.jenis_jabatan.kode if employee.jenis_jabatan else None,
            jenjang=employee.jenjang_fungsional,
            golongan=(gol.nama, gol.urutan, gol.untuk_pppk) if gol else None,
            pendidikan=(pend.kode, pend.nama) if pend else None,
            tanggal_lahir=employee.tanggal_lahir,
            kotak=None,
            terpetakan_penjelasan="belum ada penempatan pada periode ini; hitung ulang periode",
        )
    else:
        orang = _orang(row)
    people = {orang.employee_id: orang}
    _attach_sanctions(people, rules)
    alasan = exclusions(orang, syarat, rules, period.tanggal_acuan)
    if alasan or orang.kotak is None:
        return WhyNot(orang, alasan)
    jpm = _jpm(post, [orang.employee_id]).get(orang.employee_id)
    return WhyNot(orang, [], readiness(orang.kotak, jpm))


@dataclass
class BenchRow:
    post: TargetPost
    counts: dict[str, int]
    total: int

    @property
    def siap_sekarang(self) -> int:
        return self.counts.get("siap_sekarang", 0)


def bench_strength(posts: list[TargetPost], period: MappingPeriod) -> list[BenchRow]:
    """Per target post: the eligible candidates by readiness. The pool, sanctions, standards
    and competency results are read once, whatever the number of posts."""
    referensi = Referensi.load()
    rules = period.rules
    rows = (
        Placement.objects.filter(period=period, kotak__in=rules.suksesi_instansi)
        .filter(employee__aktif=True)
        .values_list(*PLACEMENT_VALUES)
    )
    people = {row[0]: _orang(row) for row in rows}
    _attach_sanctions(people, rules)
    resolver = competency.StandardResolver.for_instansi(period.instansi_id)
    achieved = competency.latest_levels(list(people)) if people else {}
    result = []
    for post in posts:
        syarat = referensi.syarat(post)
        standard = resolver.for_post(post.nama_jabatan, post.jenis_jabatan_id)
        jpm = {}
        if standard is not None:
            levels = standard.levels()
            jpm = {
                pk: competency.job_person_match(found[1], levels, bands=found[0])
                for pk, found in achieved.items()
            }
        ranked = _rank(list(people.values()), syarat, period, jpm)
        counts: dict[str, int] = {}
        for candidate in ranked:
            counts[candidate.kesiapan.kode] = counts.get(candidate.kesiapan.kode, 0) + 1
        result.append(BenchRow(post=post, counts=counts, total=len(ranked)))
    return result


def readiness_levels() -> list[tuple[str, str]]:
    return [(level["kode"], level["nama"]) for level in path_data()["kesiapan"]]
