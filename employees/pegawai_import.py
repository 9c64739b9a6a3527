"""The "pegawai" import kind: ASN records from SIASN/SIMPEG exports or hand-made sheets.

Rows are matched by NIP. A column missing from the file leaves that field of existing
records as it is; a blank cell in a present column clears it. Birth date and sex, when the
sheet lacks them, are read from the NIP (its layout defines them)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Count, F, QuerySet, Window
from django.db.models.expressions import BaseExpression
from django.db.models.functions import Upper
from django.utils import timezone

from agencies.models import UnitKerja

from . import nip as nip_rules
from . import pegawai_columns, plausibility
from .importing import bulk, fingerprint, vocab
from .importing.kinds import ImportKind, Row, register
from .importing.models import Alias
from .importing.reader import HeaderMap
from .importing.seen import First, Key, SeenTable
from .models import Employee, Golongan, JenisJabatan, Pendidikan, StatusKepegawaian
from .pegawai_columns import JENJANG_LABEL
from .transfer import NIP_NOT_HERE

# Fields the import writes (model field names; foreign keys as ids under the field name).
REFERENCE_FIELDS = ("golongan", "jenis_jabatan", "pendidikan", "unit")
# Columns that only say something about another field (status, job type, education): read,
# resolved, then dropped before comparing with the stored record.
SOURCE_FIELDS = ("status_cpns_pns", "kedudukan_hukum", "jenis_pegawai", "eselon", "pendidikan_kode")
FAMILIES = [f.value for f in Alias.Family]
JENJANG = {vocab.key(v): v for v in JENJANG_LABEL}
JENJANG.update({vocab.key(label): v for v, label in JENJANG_LABEL.items()})
# "Struktural" (SIASN's JENIS JABATAN NAMA) names no job type until the eselon says which.
STRUKTURAL = "struktural"


def _max_lengths() -> dict[str, int]:
    return {
        f.name: f.max_length
        for f in Employee._meta.concrete_fields
        if f.max_length and f.get_internal_type() == "CharField" and not f.choices
    }


@register
class PegawaiImport(ImportKind):
    key = "pegawai"
    label = "Data pegawai"
    columns = pegawai_columns.columns()
    key_column = "nip"
    key_fields = ("nip",)
    done_url_name = "employees:list"
    asks_status = True

    @classmethod
    def choices(cls, instansi) -> dict[str, list[str]]:
        lists = super().choices(instansi)
        lists["golongan"] = list(
            Golongan.objects.order_by("untuk_pppk", "urutan").values_list("nama", flat=True)
        )
        lists["pendidikan"] = list(Pendidikan.objects.values_list("nama", flat=True))
        lists["jenis_jabatan"] = list(JenisJabatan.objects.values_list("nama", flat=True))
        if instansi is not None:
            units = UnitKerja.objects.filter(instansi=instansi).order_by("nama")
            lists["unit"] = list(units.values_list("nama", flat=True).distinct())
        return lists

    def __init__(self, batch):
        super().__init__(batch)
        self.max_length = _max_lengths()
        self.default_status: str = (batch.options or {}).get("status") or ""
        # One query for every alias family, one per reference table: no query per row.
        self.words = vocab.Vocabulary(FAMILIES)
        self.golongan_pk: dict[tuple[bool, str], int] = {}
        self.golongan_name: dict[int, str] = {}
        self.golongan_rank: dict[int, tuple[bool, int]] = {}
        for g in Golongan.objects.all():
            family = Alias.Family.GOLONGAN_PPPK if g.untuk_pppk else Alias.Family.GOLONGAN
            self.words.add(family, (g.nama, g.kode), g.kode)
            self.golongan_pk[(g.untuk_pppk, g.kode)] = g.pk
            self.golongan_name[g.pk] = g.nama
            self.golongan_rank[g.pk] = (g.untuk_pppk, g.urutan)
        self.pendidikan_pk: dict[str, int] = {}
        self.pendidikan_name: dict[int, str] = {}
        for p in Pendidikan.objects.all():
            self.words.add(Alias.Family.PENDIDIKAN, (p.nama, p.kode), p.kode)
            self.pendidikan_pk[p.kode] = p.pk
            self.pendidikan_name[p.pk] = p.nama
        self.jenis_pk: dict[str, int] = {}
        self.jenis_name: dict[int, str] = {}
        self.jenis_code: dict[int, str] = {}
        for j in JenisJabatan.objects.all():
            self.words.add(Alias.Family.JENIS_JABATAN, (j.nama, j.kode), j.kode)
            self.jenis_pk[j.kode] = j.pk
            self.jenis_name[j.pk] = j.nama
            self.jenis_code[j.pk] = j.kode
        self.units: dict[str, int | None] = {}
        self.unit_name: dict[int, str] = {}
        for pk, name in UnitKerja.objects.filter(instansi=self.instansi).values_list("pk", "nama"):
            key = vocab.key(name)
            # A name two units share cannot say which one is meant.
            self.units[key] = None if key in self.units else pk
            self.unit_name[pk] = name
        # The admin's answers on the preview: "this unit name means that unit".
        for key, pk in ((batch.options or {}).get("units") or {}).items():
            if pk in self.unit_name:
                self.units[key] = pk
        self.missing_units: Counter[str] = Counter()
        self.missing_unit_name: dict[str, str] = {}
        # Every person of the file so far: hash of (name, birth date, sex) -> first row and
        # NIP, off the Python heap (a 500,000-row file has one for every row). Asked once a
        # chunk (before_warnings): who of the chunk was met in earlier chunks; the chunk's
        # own newcomers are added when the next chunk asks.
        self.people: SeenTable | None = None
        self.people_met: dict[Key, First] = {}
        self.people_here: dict[int, tuple[int, str]] = {}
        self.people_new: list[tuple[Key, int, str]] = []
        self.people_of_row: dict[int, tuple[tuple[str, dt.date, str], int]] = {}
        # The chunk's people as stored under any NIP (before_warnings); an agency's first
        # import has nobody stored to look for.
        self.stored_people: dict[tuple[str, dt.date, str], list[str]] = {}
        # The agency's people stored under two NIPs or more (loaded once, when needed).
        self.stored_twice: dict[tuple[str, dt.date, str], list[str]] | None = None
        self.agency_had_records = Employee.objects.filter(instansi=self.instansi).exists()
        plausible = settings.IMPORT_PLAUSIBILITY
        lowest = Golongan.objects.filter(nama=plausible["jpt_golongan_minimal"], untuk_pppk=False)
        self.thresholds = plausibility.Thresholds(
            bup=plausible["bup"],
            jpt_lowest_rank=lowest.values_list("urutan", flat=True).first(),
            cpns_age=plausible["usia_cpns_minimal"],
        )
        self.today = timezone.localdate()
        # No one born after this year has reached the lowest retirement age yet.
        self.retirement_year = self.today.year - min(self.thresholds.bup.values())
        self.file_has_name = True

    def key_of(self, values: dict[str, Any]) -> Hashable:
        return values["nip"]

    def fingerprint_context(self, header: HeaderMap) -> bytes | None:
        self.file_has_name = "nama" in header.labels
        options = self.batch.options or {}
        return fingerprint.context(
            self.key,
            self.instansi.pk,
            sorted(header.positions.items()),
            self.default_status,
            sorted((options.get("units") or {}).items()),
            sorted((family, sorted(table.items())) for family, table in self.words.table.items()),
            sorted(self.golongan_pk.items()),
            sorted(self.pendidikan_pk.items()),
            sorted(self.jenis_pk.items()),
            sorted(self.units.items()),
            sorted(self.max_length.items()),
        )

    def load_fingerprints(self, keys: Iterable[Hashable]) -> dict[Hashable, tuple[str, Any]]:
        keys = list(keys)
        if not keys:
            return {}
        # By NIP alone (its unique index); a filter on the agency makes PostgreSQL scan the
        # agency's rows instead.
        records = bulk.where_in(Employee.objects.order_by(), "nip", keys)
        ours = self.instansi.pk
        return {
            record[0]: (record[1], record)
            for record in records.values_list(*FINGERPRINT_COLUMNS)
            if record[1] and record[3] == ours
        }

    def fingerprint_of(self, stored: Any, row_digest: str) -> str:
        return fingerprint.seal(row_digest, stored[2])

    def stale_fingerprint(self, row: Row) -> Any:
        existing = row.existing
        if row.digest is None or existing is None:
            return None
        sealed = fingerprint.seal(row.digest, existing["updated"])
        return None if sealed == existing["import_fingerprint"] else (existing["id"], sealed)

    def refresh_fingerprints(self, stale: list[Any]) -> None:
        bulk.update_column(Employee, "import_fingerprint", stale)

    def warn_unchanged(self, number: int, stored: Any) -> list[tuple[str, str]]:
        (
            nip,
            _fingerprint,
            _updated,
            _instansi,
            nama,
            sex,
            born,
            tmt,
            aktif,
            jenis,
            golongan,
            level,
        ) = stored
        found = self._doubts(born, tmt, aktif, jenis, golongan, level)
        if self.file_has_name:
            self._same_person(found, nip, nama, born, sex, number)
        return found

    def check(self, row: Row) -> None:
        values = row.values
        for name, limit in self.max_length.items():
            if len(values.get(name) or "") > limit:
                row.error(name, f"{self.label_of(name)} terlalu panjang (maks. {limit} karakter).")
        status = self._status(row)
        self._resolve(row, status)
        for name in SOURCE_FIELDS:
            values.pop(name, None)
        nip = values.get("nip")
        if not nip or "nip" in row.bad:
            return
        nip_errors = nip_rules.validate(
            nip,
            status=status,
            tanggal_lahir=None if "tanggal_lahir" in row.bad else values.get("tanggal_lahir"),
            jenis_kelamin=values.get("jenis_kelamin") or None,
            tmt_cpns=None if "tmt_cpns" in row.bad else values.get("tmt_cpns"),
        )
        for message in nip_errors:
            row.error("nip", message)
        if nip_errors or status is None:
            return
        # Birth date and sex are part of the NIP: fill them when the sheet has none.
        lacks_birth = not values.get("tanggal_lahir") and "tanggal_lahir" not in row.bad
        lacks_sex = not values.get("jenis_kelamin") and "jenis_kelamin" not in row.bad
        if lacks_birth or lacks_sex:
            parts = nip_rules.parse(nip, status=status)
            if lacks_birth:
                values["tanggal_lahir"] = parts.tanggal_lahir
            if lacks_sex:
                values["jenis_kelamin"] = parts.jenis_kelamin

    def _status(self, row: Row) -> str | None:
        """PNS, CPNS or PPPK: from the file's own columns, else from the golongan's form,
        else from the admin's choice on the upload form, else the stored record's; None
        (and an error saying how to fix it) otherwise."""
        values = row.values
        words = self.words
        written = values.get("status")
        if written:
            status = words.get(Alias.Family.STATUS, written)
            if status is None:
                row.error(
                    "status",
                    f"Status '{written}' tidak dikenal; nilai yang diterima: "
                    f"{words.accepted(Alias.Family.STATUS)}.",
                )
                return None
            values["status"] = status
            return status
        said = {
            words.get(Alias.Family.KEDUDUKAN_HUKUM, values.get("kedudukan_hukum")),
            words.get(Alias.Family.STATUS, values.get("status_cpns_pns")),
            words.get(Alias.Family.STATUS, values.get("jenis_pegawai")),
        }
        for status in (StatusKepegawaian.PPPK, StatusKepegawaian.CPNS, StatusKepegawaian.PNS):
            if status in said:
                values["status"] = str(status)
                return str(status)
        golongan = values.get("golongan")
        unknown_golongan = False
        if golongan and "golongan" not in row.bad:
            pns = words.get(Alias.Family.GOLONGAN, golongan)
            pppk = words.get(Alias.Family.GOLONGAN_PPPK, golongan)
            if bool(pns) != bool(pppk):
                # Roman I..XVII alone is a PPPK golongan, I/a..IV/e a PNS one.
                row.inferred.add("status")
                values["status"] = StatusKepegawaian.PPPK if pppk else StatusKepegawaian.PNS
                return values["status"]
            unknown_golongan = not pns and not pppk
        if self.default_status:
            values["status"] = self.default_status
            return self.default_status
        if row.existing is not None:
            # Nothing in the file says it, but the record is known: its status stands.
            values.pop("status", None)
            return row.existing["status"]
        values.pop("status", None)
        if unknown_golongan:
            return None  # the golongan's error says what to write, and a known one tells
        row.error(
            "status",
            "Status kepegawaian tidak dapat ditentukan: berkas tidak punya kolom STATUS (atau "
            "KEDUDUKAN HUKUM / STATUS CPNS PNS) yang terisi dan golongannya tidak menunjukkan "
            "PNS atau PPPK. Isi kolom STATUS dengan PNS, CPNS atau PPPK, atau pilih status "
            "untuk semua baris saat mengunggah.",
        )
        return None

    def _resolve(self, row: Row, status: str | None) -> None:
        """Replace the words of reference columns with ids (or errors naming what is
        accepted)."""
        values = row.values
        words = self.words
        if values.get("jenis_kelamin"):
            sex = words.get(Alias.Family.JENIS_KELAMIN, values["jenis_kelamin"])
            if sex is None:
                row.error(
                    "jenis_kelamin",
                    f"Jenis kelamin '{values['jenis_kelamin']}' tidak dikenal; nilai yang "
                    f"diterima: {words.accepted(Alias.Family.JENIS_KELAMIN)}.",
                )
            values["jenis_kelamin"] = sex or ""
        if values.get("jenjang_fungsional"):
            level = JENJANG.get(vocab.key(values["jenjang_fungsional"]))
            if level is None:
                row.error(
                    "jenjang_fungsional",
                    f"Jenjang fungsional '{values['jenjang_fungsional']}' tidak dikenal; nilai "
                    f"yang diterima: {', '.join(JENJANG_LABEL.values())}.",
                )
            values["jenjang_fungsional"] = level or ""
        if "golongan" in values and "golongan" not in row.bad:
            values["golongan"] = self._golongan(row, values["golongan"], status)
        if "pendidikan" in values or "pendidikan_kode" in values:
            values["pendidikan"] = self._pendidikan(row)
        if "jenis_jabatan" in values:
            values["jenis_jabatan"] = self._jenis_jabatan(row)
        if "unit" in values:
            values["unit"] = self._unit(row, values["unit"])

    def _golongan(self, row: Row, written: object, status: str | None) -> int | None:
        if not written:
            return None
        words = self.words
        if status is None:
            if not words.get(Alias.Family.GOLONGAN, written) and not words.get(
                Alias.Family.GOLONGAN_PPPK, written
            ):
                row.error(
                    "golongan",
                    f"Golongan '{written}' tidak dikenal; nilai yang diterima untuk PNS/CPNS: "
                    f"{words.accepted(Alias.Family.GOLONGAN)}; untuk PPPK: "
                    f"{words.accepted(Alias.Family.GOLONGAN_PPPK)}.",
                )
            return None
        pppk = status == StatusKepegawaian.PPPK
        family = Alias.Family.GOLONGAN_PPPK if pppk else Alias.Family.GOLONGAN
        code = self.words.get(family, written)
        if code is not None and (pppk, code) in self.golongan_pk:
            return self.golongan_pk[(pppk, code)]
        other = Alias.Family.GOLONGAN if pppk else Alias.Family.GOLONGAN_PPPK
        if self.words.get(other, written):
            row.error("golongan", f"Golongan '{written}' tidak berlaku untuk {status}.")
        else:
            row.error(
                "golongan",
                f"Golongan '{written}' tidak dikenal; untuk {status} nilai yang diterima: "
                f"{self.words.accepted(family)}.",
            )
        return None

    def _pendidikan(self, row: Row) -> int | None:
        values = row.values
        # SIASN's TINGKAT PENDIDIKAN ID is BKN's code: it goes first, then the name.
        for name in ("pendidikan_kode", "pendidikan"):
            written = values.get(name)
            if written:
                code = self.words.get(Alias.Family.PENDIDIKAN, written)
                if code in self.pendidikan_pk:
                    return self.pendidikan_pk[code]
        written = values.get("pendidikan") or values.get("pendidikan_kode")
        if written:
            row.error(
                "pendidikan",
                f"Pendidikan '{written}' tidak dikenal; nilai yang diterima: "
                f"{self.words.accepted(Alias.Family.PENDIDIKAN)}.",
            )
        return None

    def _jenis_jabatan(self, row: Row) -> int | None:
        values = row.values
        written = values.get("jenis_jabatan")
        if not written:
            return None
        code = self.words.get(Alias.Family.JENIS_JABATAN, written)
        if code == STRUKTURAL:
            eselon = values.get("eselon")
            code = self.words.get(Alias.Family.ESELON, eselon) if eselon else None
            if code is None:
                row.error(
                    "jenis_jabatan",
                    f"Jabatan struktural dengan eselon '{eselon or '-'}': isi kolom ESELON "
                    "(I-II JPT, III administrator, IV pengawas) atau tulis jenis jabatannya "
                    f"({', '.join(self.jenis_name.values())}).",
                )
                return None
        if code in self.jenis_pk:
            return self.jenis_pk[code]
        row.error(
            "jenis_jabatan",
            f"Jenis jabatan '{written}' tidak dikenal; nilai yang diterima: "
            f"{self.words.accepted(Alias.Family.JENIS_JABATAN)}.",
        )
        return None

    def _unit(self, row: Row, written: object) -> int | None:
        if not written:
            return None
        key = vocab.cached_key(written)
        pk = self.units.get(key)
        if pk is not None:
            return pk
        if key in self.units:
            row.error("unit", f"Nama unit kerja '{written}' dipakai oleh lebih dari satu unit.")
        else:
            self.missing_units[key] += 1
            self.missing_unit_name.setdefault(key, str(written))
            row.error(
                "unit",
                f"Unit kerja '{written}' tidak ada di instansi ini; buat unitnya atau pilih "
                "unit yang dimaksud di halaman pratinjau.",
            )
        return None

    def findings(self) -> dict[str, Any]:
        return {
            "missing_units": [
                [self.missing_unit_name[key], count]
                for key, count in sorted(self.missing_units.items())
            ]
        }

    def warn(self, row: Row) -> None:
        """Doubts worth a look that do not block (employees.plausibility), and one person
        under two NIPs in the same file."""
        values = row.values
        stored = row.existing or {}
        born = values.get("tanggal_lahir") or stored.get("tanggal_lahir")
        found = self._doubts(
            born,
            values.get("tmt_cpns", stored.get("tmt_cpns")),
            stored.get("aktif", True),
            values.get("jenis_jabatan", stored.get("jenis_jabatan_id")),
            values.get("golongan", stored.get("golongan_id")),
            values.get("jenjang_fungsional", stored.get("jenjang_fungsional") or ""),
        )
        self._same_person(
            found, values["nip"], values.get("nama"), born, values.get("jenis_kelamin"), row.number
        )
        row.warnings.extend(found)

    def _doubts(
        self,
        born: dt.date | None,
        tmt: dt.date | None,
        aktif: bool,
        jenis: int | None,
        golongan: int | None,
        level: str,
    ) -> list[tuple[str, str]]:
        code = self.jenis_code.get(jenis, "") if jenis else ""
        # Most records raise no doubt; three comparisons rule that out before the full
        # check (old enough to have reached the lowest retirement age, young at TMT CPNS, JPT).
        if not (
            (born and aktif and born.year <= self.retirement_year)
            or (born and tmt and tmt.year - born.year <= self.thresholds.cpns_age)
            or code.startswith("jpt_")
        ):
            return []
        pppk, rank = self.golongan_rank.get(golongan, (True, None)) if golongan else (True, None)
        record = plausibility.Record(
            tanggal_lahir=born,
            tmt_cpns=tmt,
            aktif=aktif,
            jenis_jabatan=code,
            jenis_jabatan_nama=self.jenis_name.get(jenis, "") if jenis else "",
            jenjang_fungsional=level or "",
            golongan=self.golongan_name.get(golongan, "") if golongan else "",
            golongan_rank=None if pppk else rank,
        )
        return plausibility.doubts(record, self.thresholds, self.today)

    def _same_person(
        self,
        found: list[tuple[str, str]],
        nip: str,
        nama: object,
        born: dt.date | None,
        sex: str | None,
        number: int,
    ) -> None:
        known = self.people_of_row.get(number)
        if known is None:
            name = _person_name(nama)
            if not (born and name):
                return
            person = (name, born, sex or "")
            known = (person, hash(person))
        person, met = known
        earlier = self.people_met.get(met)
        if earlier is not None:
            first_number, first_nip = earlier[0], str(earlier[1])
        else:
            first_number, first_nip = self.people_here.setdefault(met, (number, nip))
            if first_number == number:
                self.people_new.append((met, number, nip))
        if first_number != number and first_nip != nip:
            found.append(
                (
                    "nip",
                    f"Nama dan tanggal lahir sama dengan baris {first_number} "
                    f"(NIP {first_nip}): orang yang sama dengan dua NIP?",
                )
            )
            return
        stored = self.stored_people.get(person) or (self.stored_twice or {}).get(person, [])
        other = next((n for n in stored if n != nip), None)
        if other is not None:
            found.append(
                (
                    "nip",
                    "Nama dan tanggal lahir sama dengan pegawai yang sudah tersimpan dengan "
                    f"NIP {other}: orang yang sama dengan dua NIP?",
                )
            )

    def before_warnings(self, rows: list[Row | tuple[int, Hashable, Any]]) -> None:
        """The agency's stored records with the name, birth date and sex of a row of the
        chunk, for `_same_person`. A row that is its stored record's person (recognised
        unchanged, or changed elsewhere) needs no lookup: whether that person is stored under
        another NIP too is known from one query per import (`_stored_twice`). The others
        (new NIPs, changed names or birth dates) are looked up by birth date and name."""
        self._meet_people(rows)
        wanted: set[tuple[str, dt.date]] = set()
        for row in rows:
            if isinstance(row, tuple):
                continue
            stored = row.existing
            nama = row.values.get("nama")
            born = row.values.get("tanggal_lahir") or (stored or {}).get("tanggal_lahir")
            if stored is not None and (
                (nama is None or nama == stored["nama"])
                and born == stored["tanggal_lahir"]
                and row.values.get("jenis_kelamin", stored["jenis_kelamin"])
                == stored["jenis_kelamin"]
            ):
                continue
            name = _person_name(nama)
            if name and born:
                wanted.add((name, born))
        self.stored_people = {}
        if not self.agency_had_records:
            return
        if self.stored_twice is None:
            self.stored_twice = {}
            for nip, nama, born, sex in _stored_twice(self.instansi.pk):
                self.stored_twice.setdefault((_person_name(nama), born, sex or ""), []).append(nip)
        if not wanted:
            return
        for nip, nama, born, sex in _stored_people(self.instansi.pk, wanted):
            person = (_person_name(nama), born, sex or "")
            self.stored_people.setdefault(person, []).append(nip)

    def _meet_people(self, rows: list[Row | tuple[int, Hashable, Any]]) -> None:
        """Remember the previous chunk's newcomers and look up which of this chunk's people
        (as `warn` and `warn_unchanged` will name them) earlier chunks had."""
        if self.people is None:
            self.people = SeenTable()
        self.people.add(self.people_new)
        self.people_new, self.people_here = [], {}
        # Each row's person as `_same_person` names it, by row number: made once a row.
        self.people_of_row = {}
        for row in rows:
            if isinstance(row, tuple):
                if not self.file_has_name:
                    continue
                number, data = row[0], row[2]
                nama, sex, born = data[4], data[5], data[6]
            else:
                values, number = row.values, row.number
                nama, sex = values.get("nama"), values.get("jenis_kelamin")
                born = values.get("tanggal_lahir") or (row.existing or {}).get("tanggal_lahir")
            name = _person_name(nama)
            if born and name:
                person = (name, born, sex or "")
                self.people_of_row[number] = (person, hash(person))
        self.people_met = self.people.lookup(met for _p, met in self.people_of_row.values())

    def close(self) -> None:
        if self.people is not None:
            self.people.close()
            self.people = None

    def load_existing(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        keys = list(keys)
        if not keys:
            return {}
        rows = bulk.where_in(Employee.objects.order_by(), "nip", keys).values()
        return {row["nip"]: row for row in rows}

    def compare(self, row: Row) -> None:
        existing = row.existing
        if existing is None:
            return
        if existing["instansi_id"] != self.instansi.pk:
            # Never say that, or where, it exists: only that it cannot be used here.
            row.error("nip", NIP_NOT_HERE)
            return
        pns_family = {StatusKepegawaian.PNS, StatusKepegawaian.CPNS}
        if (
            "status" in row.inferred
            and {
                existing["status"],
                row.values["status"],
            }
            <= pns_family
        ):
            # "III/a" says PNS or CPNS, not which: the stored one stands.
            row.values["status"] = existing["status"]
        for name, new in row.values.items():
            old = existing[f"{name}_id"] if name in REFERENCE_FIELDS else existing[name]
            if (old or None) != (new or None):
                row.changes.append((name, old, new))

    def record_label(self, row: Row) -> str:
        return f"{row.existing['nama']} ({row.existing['nip']})"

    def describe(self, field_name: str, value: object) -> str:
        names = {
            "golongan": self.golongan_name,
            "pendidikan": self.pendidikan_name,
            "jenis_jabatan": self.jenis_name,
            "unit": self.unit_name,
            "jenjang_fungsional": JENJANG_LABEL,
        }
        if field_name in names and value:
            return names[field_name].get(value, str(value))
        return super().describe(field_name, value)

    def write(self, new: list[Row], changed: list[Row]) -> None:
        now = timezone.now()
        stamp = bulk.constant(Employee, now)
        reason = f"Impor berkas {self.batch.original_name}"[:100]
        user_id = self.user.pk if self.user else None
        # Rows of simple-history's table, as simple-history itself would write them.
        history_rows: list[tuple] = []
        state_of = bulk.picker(Employee, STATE_COLUMNS)
        history_of = bulk.picker(Employee, ["id", *HISTORY_STATE_COLUMNS])
        if new:
            states = [self._new_state(row, now, stamp) for row in new]
            rows = [(*state_of(s), stamp) for s in states]
            ids = bulk.insert_rows(Employee, [*STATE_COLUMNS, "updated"], rows, returning_id=True)
            for pk, state in zip(ids, states, strict=True):
                state["id"] = pk
                history_rows.append((*history_of(state), stamp, reason, "+", user_id))
        if changed:
            employees = []
            for row in changed:
                state = dict(row.existing, updated=now, import_fingerprint=_seal(row, now))
                for name, _old, value in row.changes:
                    state[f"{name}_id" if name in REFERENCE_FIELDS else name] = value
                employees.append(Employee(**state))
                history_rows.append((*history_of(state), stamp, reason, "~", user_id))
            fields = sorted({name for row in changed for name, _o, _n in row.changes})
            Employee.objects.bulk_update(
                employees, [*fields, "updated", "import_fingerprint"], batch_size=500
            )
        if history_rows:
            bulk.insert_rows(HistoricalEmployee, HISTORY_COLUMNS, history_rows)

    def _new_state(self, row: Row, now: dt.datetime, stamp: object) -> dict[str, Any]:
        state = dict(
            NEW_DEFAULTS,
            instansi_id=self.instansi.pk,
            created=stamp,
            import_fingerprint=_seal(row, now),
        )
        for name, value in row.values.items():
            state[f"{name}_id" if name in REFERENCE_FIELDS else name] = value
        return state


HistoricalEmployee = Employee.history.model
# Employee columns the import writes, in one fixed order ("updated" is not in history).
STATE_COLUMNS = [
    f.attname for f in Employee._meta.concrete_fields if f.attname not in ("id", "updated")
]
# The fingerprint is bookkeeping of the import, not part of the record's history.
HISTORY_STATE_COLUMNS = [c for c in STATE_COLUMNS if c != "import_fingerprint"]
HISTORY_COLUMNS = [
    "id", *HISTORY_STATE_COLUMNS, "history_date", "history_change_reason", "history_type",
    "history_user_id",
]  # fmt: skip
NEW_DEFAULTS: dict[str, Any] = {
    "gelar_depan": "", "gelar_belakang": "", "tempat_lahir": "", "jabatan": "",
    "jenjang_fungsional": "", "golongan_id": None, "tmt_golongan": None,
    "jenis_jabatan_id": None, "unit_id": None, "pendidikan_id": None, "tmt_cpns": None,
    "aktif": True, "alasan_nonaktif": "", "keterangan_nonaktif": "",
}  # fmt: skip
# What recognising an unchanged row fetches: the fingerprint and what `warn` looks at.
WARN_COLUMNS = [
    "tanggal_lahir", "tmt_cpns", "aktif", "jenis_jabatan_id", "golongan_id", "jenjang_fungsional",
]  # fmt: skip
FINGERPRINT_COLUMNS = [
    "nip", "import_fingerprint", "updated", "instansi_id", "nama", "jenis_kelamin", *WARN_COLUMNS,
]  # fmt: skip


def _person_name(nama: object) -> str:
    """A name as two rows of one person compare: upper case, spaces folded."""
    return " ".join(str(nama or "").upper().split())


def _stored_people(
    instansi_id: int, wanted: set[tuple[str, dt.date]]
) -> list[tuple[str, str, dt.date, str]]:
    """(nip, nama, tanggal_lahir, jenis_kelamin) of the agency's records whose birth date and
    upper-case name are among `wanted` (by the index on both; names the import stored have
    their spaces folded already)."""
    connection = connections[Employee.objects.db]
    if connection.vendor == "postgresql":
        names = [name for name, _born in wanted]
        dates = [born for _name, born in wanted]
        table = connection.ops.quote_name(Employee._meta.db_table)
        with connection.cursor() as cursor:
            # A fixed SQL text; the agency and the chunk's people are parameters.
            # One index probe per person (LATERAL ... OFFSET 0 keeps PostgreSQL from
            # scanning the whole agency when its statistics are stale after a bulk load).
            # The table name comes from the model's meta, quoted; the values are parameters.
            probe = f"SELECT nip, nama, tanggal_lahir, jenis_kelamin FROM {table} "  # noqa: S608
            sql = (
                "SELECT e.nip, e.nama, e.tanggal_lahir, e.jenis_kelamin "
                "FROM unnest(%s::text[], %s::date[]) AS f(name, born) CROSS JOIN LATERAL ("
                + probe
                + "WHERE instansi_id = %s AND tanggal_lahir = f.born AND upper(nama) = f.name "
                "OFFSET 0) e"
            )
            cursor.execute(sql, [names, dates, instansi_id])
            return cursor.fetchall()
    # Elsewhere (SQLite, small agencies in tests and demos): by birth date, names compared here.
    records = Employee.objects.filter(
        instansi_id=instansi_id, tanggal_lahir__in={born for _name, born in wanted}
    ).values_list("nip", "nama", "tanggal_lahir", "jenis_kelamin")
    return [r for r in records if (_person_name(r[1]), r[2]) in wanted]


def _stored_twice(instansi_id: int) -> QuerySet[Employee, tuple[str, str, dt.date, str]]:
    """(nip, nama, tanggal_lahir, jenis_kelamin) of the agency's records sharing their birth
    date and upper-case name with another record, selected by the database in one query (a
    count over each name and birth date). Fetching everyone born on such a day and sorting
    them out here loaded 92,000 of 300,000 records: the re-import's memory grew with the
    agency."""
    person: list[BaseExpression | F] = [Upper("nama"), F("tanggal_lahir")]
    return (
        Employee.objects.filter(instansi_id=instansi_id, tanggal_lahir__isnull=False)
        .exclude(nama="")
        .order_by()
        .annotate(sharing=Window(Count("pk"), partition_by=person))
        .filter(sharing__gt=1)
        .values_list("nip", "nama", "tanggal_lahir", "jenis_kelamin")
    )


def _seal(row: Row, now: dt.datetime) -> str:
    return fingerprint.seal(row.digest, now) if row.digest is not None else ""


EXPORT_HEADERS = [column.header for column in PegawaiImport.columns if column.in_template]


def export_rows(employees: QuerySet[Employee]) -> Iterator[list]:
    """The employees in the template's columns, so an export re-imports unchanged."""
    fields = (
        "nip", "nama", "gelar_depan", "gelar_belakang", "jenis_kelamin", "tempat_lahir",
        "tanggal_lahir", "status", "golongan__nama", "tmt_golongan", "jabatan",
        "jenis_jabatan__nama", "jenjang_fungsional", "unit__nama", "pendidikan__nama",
        "tmt_cpns",
    )  # fmt: skip
    level = fields.index("jenjang_fungsional")
    for values in employees.values_list(*fields).iterator(chunk_size=2000):
        row = list(values)
        row[level] = JENJANG_LABEL.get(row[level], "")
        yield ["" if value is None else value for value in row]
