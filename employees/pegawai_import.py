"""The "pegawai" import kind: ASN records from SIASN/SIMPEG exports or hand-made sheets.

Rows are matched by NIP. A column missing from the file leaves that field of existing
records as it is; a blank cell in a present column clears it. Birth date and sex, when the
sheet lacks them, are read from the NIP (its layout defines them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation

from agencies.models import UnitKerja

from . import nip as nip_rules
from .importing import bulk, cells
from .importing.kinds import Column, ImportKind, Row, register
from .models import Employee, Golongan, JenisJabatan, Pendidikan, StatusKepegawaian

# Fields the import writes (model field names; foreign keys as ids under the field name).
REFERENCE_FIELDS = ("golongan", "jenis_jabatan", "pendidikan", "unit")
SEX = {"L": "L", "LAKILAKI": "L", "PRIA": "L", "1": "L", "P": "P", "PEREMPUAN": "P", "WANITA": "P"}
SEX.update({"2": "P"})
STATUS = {"PNS": "PNS", "CPNS": "CPNS", "PPPK": "PPPK", "P3K": "PPPK"}
# Sheets are Indonesian whatever language the user reads the screens in.
with translation.override("id"):
    JENJANG_LABEL = {v: str(label) for v, label in Employee.JenjangFungsional.choices}
JENJANG = {cells.lookup_key(v): v for v in JENJANG_LABEL}
JENJANG.update({cells.lookup_key(label): v for v, label in JENJANG_LABEL.items()})


def _columns() -> list[Column]:
    return [
        Column(
            "nip",
            "NIP",
            parse=cells.nip,
            required=True,
            aliases=("NIP BARU", "NIP 18", "NIP/NI PPPK", "NI PPPK", "NOMOR INDUK PEGAWAI"),
            example="198609262015051001",
            width=22,
        ),
        Column(
            "nama",
            "NAMA",
            required=True,
            aliases=("NAMA PEGAWAI", "NAMA LENGKAP", "NAMA TANPA GELAR", "NAMA ASN"),
            example="Budi Santoso",
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
        Column("tempat_lahir", "TEMPAT LAHIR", aliases=("TMP LAHIR", "TPT LAHIR"), example="Medan"),
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
            required=True,
            aliases=("STATUS KEPEGAWAIAN", "STATUS PEGAWAI", "STATUS ASN", "KEDUDUKAN"),
            choices=("PNS", "CPNS", "PPPK"),
            example="PNS",
        ),
        Column(
            "golongan",
            "GOL/RUANG",
            aliases=("GOL. RUANG", "GOLONGAN", "GOLONGAN/RUANG", "GOL", "GOLRU", "PANGKAT/GOL"),
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
            aliases=("NAMA JABATAN", "JABATAN SEKARANG"),
            example="Analis SDM Aparatur",
            width=30,
        ),
        Column("jenis_jabatan", "JENIS JABATAN", aliases=("JNS JABATAN",), example="Fungsional"),
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
            aliases=("UNOR", "UNIT ORGANISASI", "SATUAN KERJA", "SATKER", "OPD"),
            example="Badan Kepegawaian Daerah",
            width=30,
        ),
        Column(
            "pendidikan",
            "PENDIDIKAN",
            aliases=("TINGKAT PENDIDIKAN", "PENDIDIKAN TERAKHIR", "JENJANG PENDIDIKAN", "TK PEND"),
            example="S-1",
        ),
        Column(
            "tmt_cpns",
            "TMT CPNS",
            parse=cells.date,
            aliases=("TMT CPNS/PPPK",),
            example=dt.date(2015, 5, 1),
        ),
    ]


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
    columns = _columns()
    key_column = "nip"
    done_url_name = "employees:list"

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
        self.golongan: dict[bool, dict[str, int]] = {False: {}, True: {}}
        self.golongan_name: dict[int, str] = {}
        for g in Golongan.objects.all():
            self.golongan[g.untuk_pppk][cells.lookup_key(g.nama)] = g.pk
            self.golongan[g.untuk_pppk].setdefault(cells.lookup_key(g.kode), g.pk)
            self.golongan_name[g.pk] = g.nama
        self.pendidikan: dict[str, int] = {}
        self.pendidikan_name: dict[int, str] = {}
        for p in Pendidikan.objects.all():
            self.pendidikan[cells.lookup_key(p.nama)] = p.pk
            self.pendidikan[cells.lookup_key(p.kode)] = p.pk
            self.pendidikan_name[p.pk] = p.nama
        self.jenis: dict[str, int] = {}
        self.jenis_name: dict[int, str] = {}
        for j in JenisJabatan.objects.all():
            self.jenis[cells.lookup_key(j.nama)] = j.pk
            self.jenis[cells.lookup_key(j.kode)] = j.pk
            self.jenis_name[j.pk] = j.nama
        self.units: dict[str, int | None] = {}
        self.unit_name: dict[int, str] = {}
        for pk, name in UnitKerja.objects.filter(instansi=self.instansi).values_list("pk", "nama"):
            key = cells.lookup_key(name)
            # A name two units share cannot say which one is meant.
            self.units[key] = None if key in self.units else pk
            self.unit_name[pk] = name

    def key_of(self, values: dict[str, Any]) -> Hashable:
        return values["nip"]

    def check(self, row: Row) -> None:
        values = row.values
        for name, limit in self.max_length.items():
            if len(values.get(name) or "") > limit:
                row.error(name, f"{self.label_of(name)} terlalu panjang (maks. {limit} karakter).")
        status = STATUS.get(cells.lookup_key(values["status"]))
        if status is None:
            row.error(
                "status", f"Status '{values['status']}' tidak dikenal; isi PNS, CPNS atau PPPK."
            )
            return
        values["status"] = status
        self._resolve(row, status)
        nip = values["nip"]
        nip_errors = nip_rules.validate(
            nip,
            status=status,
            tanggal_lahir=values.get("tanggal_lahir"),
            jenis_kelamin=values.get("jenis_kelamin") or None,
            tmt_cpns=values.get("tmt_cpns"),
        )
        for message in nip_errors:
            row.error("nip", message)
        if nip_errors:
            return
        # Birth date and sex are part of the NIP: fill them when the sheet has none.
        parts = nip_rules.parse(nip, status=status)
        if not values.get("tanggal_lahir"):
            values["tanggal_lahir"] = parts.tanggal_lahir
        if not values.get("jenis_kelamin"):
            values["jenis_kelamin"] = parts.jenis_kelamin

    def _resolve(self, row: Row, status: str) -> None:
        """Replace the names of reference columns with ids (or errors)."""
        values = row.values
        if "jenis_kelamin" in values and values["jenis_kelamin"]:
            sex = SEX.get(cells.lookup_key(values["jenis_kelamin"]))
            if sex is None:
                row.error("jenis_kelamin", "Jenis kelamin harus L atau P.")
            values["jenis_kelamin"] = sex or ""
        if values.get("jenjang_fungsional"):
            level = JENJANG.get(cells.lookup_key(values["jenjang_fungsional"]))
            if level is None:
                row.error(
                    "jenjang_fungsional",
                    f"Jenjang fungsional '{values['jenjang_fungsional']}' tidak dikenal.",
                )
            values["jenjang_fungsional"] = level or ""
        pppk = status == StatusKepegawaian.PPPK
        tables = {
            "golongan": self.golongan[pppk],
            "pendidikan": self.pendidikan,
            "jenis_jabatan": self.jenis,
            "unit": self.units,
        }
        for name, table in tables.items():
            if name not in values:
                continue
            written = values[name]
            if not written:
                values[name] = None
                continue
            key = cells.lookup_key(written)
            pk = table.get(key)
            if pk is None:
                row.error(name, self._unknown(name, written, key, pppk))
            values[name] = pk

    def _unknown(self, name: str, written: str, key: str, pppk: bool) -> str:
        if name == "golongan":
            if key in self.golongan[not pppk]:
                kind = "PPPK" if pppk else "PNS/CPNS"
                return f"Golongan '{written}' tidak berlaku untuk {kind}."
            return f"Golongan '{written}' tidak dikenal (contoh: III/a untuk PNS, IX untuk PPPK)."
        if name == "unit":
            if key in self.units:
                return f"Nama unit kerja '{written}' dipakai oleh lebih dari satu unit."
            return f"Unit kerja '{written}' tidak ada di instansi ini."
        if name == "pendidikan":
            return f"Pendidikan '{written}' tidak dikenal (contoh: SLTA, D-III, S-1)."
        return f"Jenis jabatan '{written}' tidak dikenal."

    def load_existing(self, keys: Iterable[Hashable]) -> dict[Hashable, Any]:
        keys = list(keys)
        if not keys:
            return {}
        rows = Employee.objects.filter(nip__in=keys).order_by().values()
        return {row["nip"]: row for row in rows}

    def compare(self, row: Row) -> None:
        existing = row.existing
        if existing is None:
            return
        if existing["instansi_id"] != self.instansi.pk:
            # Never say which agency: that is not this user's to know.
            row.error("nip", "NIP ini terdaftar pada instansi lain; baris ditolak.")
            return
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
        adapt = bulk.adapter(Employee)
        stamp = adapt(now)
        reason = f"Impor berkas {self.batch.original_name}"[:100]
        user_id = self.user.pk if self.user else None
        history_rows: list[tuple] = []
        if new:
            states = [self._new_state(row.values, now) for row in new]
            rows = [(*(adapt(s[c]) for c in STATE_COLUMNS), stamp) for s in states]
            ids = bulk.insert_rows(Employee, [*STATE_COLUMNS, "updated"], rows, returning_id=True)
            for pk, state in zip(ids, states, strict=True):
                state["id"] = pk
                history_rows.append(_history_row(state, "+", stamp, reason, user_id, adapt))
        if changed:
            employees = []
            for row in changed:
                state = dict(row.existing, updated=now)
                for name, _old, value in row.changes:
                    state[f"{name}_id" if name in REFERENCE_FIELDS else name] = value
                employees.append(Employee(**state))
                history_rows.append(_history_row(state, "~", stamp, reason, user_id, adapt))
            fields = sorted({name for row in changed for name, _o, _n in row.changes})
            Employee.objects.bulk_update(employees, [*fields, "updated"], batch_size=500)
        if history_rows:
            bulk.insert_rows(HistoricalEmployee, HISTORY_COLUMNS, history_rows)

    def _new_state(self, values: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
        state = dict(NEW_DEFAULTS, instansi_id=self.instansi.pk, created=now)
        for name, value in values.items():
            state[f"{name}_id" if name in REFERENCE_FIELDS else name] = value
        return state


def _history_row(state: dict, kind: str, stamp, reason: str, user_id, adapt) -> tuple:
    """One row of simple-history's table, as simple-history itself would write it."""
    return (*(adapt(state[c]) for c in ("id", *STATE_COLUMNS)), stamp, reason, kind, user_id)


HistoricalEmployee = Employee.history.model
# Employee columns the import writes, in one fixed order ("updated" is not in history).
STATE_COLUMNS = [
    f.attname for f in Employee._meta.concrete_fields if f.attname not in ("id", "updated")
]
HISTORY_COLUMNS = [
    "id", *STATE_COLUMNS, "history_date", "history_change_reason", "history_type",
    "history_user_id",
]  # fmt: skip
NEW_DEFAULTS: dict[str, Any] = {
    "gelar_depan": "", "gelar_belakang": "", "tempat_lahir": "", "jabatan": "",
    "jenjang_fungsional": "", "golongan_id": None, "tmt_golongan": None,
    "jenis_jabatan_id": None, "unit_id": None, "pendidikan_id": None, "tmt_cpns": None,
    "aktif": True, "alasan_nonaktif": "", "keterangan_nonaktif": "",
}  # fmt: skip


EXPORT_HEADERS = [column.header for column in PegawaiImport.columns]


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
